// Work that must be undone when kapstan is stopped early (Ctrl-C at a prompt, SIGINT, SIGTERM):
// today the stack's lock, so the next run does not wait for it to expire.
const cleanups = new Set<() => Promise<void>>();

/** Registers a cleanup; returns its removal. */
export function onInterrupt(fn: () => Promise<void>): () => void {
  cleanups.add(fn);
  return () => { cleanups.delete(fn); };
}

/** Runs the cleanups, then exits with `code` (128 + the signal, as a shell reports it). */
export async function exitInterrupted(code = 130): Promise<never> {
  await Promise.allSettled([...cleanups].map((f) => f()));
  process.exit(code);
}
