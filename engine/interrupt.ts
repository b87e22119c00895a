// A run stopped before its end: the user pressed Ctrl-C (or SIGTERM came), or the reader of stdout
// went away (`kapstan apply | head -3`).
// - Work that must be undone whatever happens (the stack's lock) registers a cleanup, run before
//   the process exits early.
// - The CLI raises the interruption (cli/stdout.ts); a phase that can wrap up (an apply's writes
//   or its tracking) stops waiting, records what it left (the revision's outcome) and says so,
//   instead of dying mid-way with a revision left `pending`.

export type InterruptReason = 'sigint' | 'closed-output';

const cleanups = new Set<() => Promise<void>>();
let controller = new AbortController();
let why: InterruptReason | undefined;

/** Registers a cleanup; returns its removal. */
export function onInterrupt(fn: () => Promise<void>): () => void {
  cleanups.add(fn);
  return () => { cleanups.delete(fn); };
}

// The engine never ends the process itself: its caller says how (the CLI: process.exit, set in
// cli/stdout.ts). Without one, the signal's own action ends it, as without any handler.
const SIGNAL_OF: Record<number, NodeJS.Signals> = { 130: 'SIGINT', 141: 'SIGPIPE', 143: 'SIGTERM' };
let endProcess: (code: number) => void = (code) => { process.kill(process.pid, SIGNAL_OF[code] ?? 'SIGTERM'); };

/** How the process ends after an interruption's cleanups (the CLI passes process.exit). */
export function setProcessEnd(end: (code: number) => void): void {
  endProcess = end;
}

/** Runs the cleanups, then ends the process with `code` (128 + the signal, as a shell reports it). */
export async function exitInterrupted(code = 130): Promise<never> {
  await Promise.allSettled([...cleanups].map((f) => f()));
  endProcess(code);
  // The end is the caller's: should it return, nothing more of the run happens.
  return new Promise<never>(() => undefined);
}

/** Aborted once the run is interrupted; pass it to anything that waits (the tracker). */
export function interruptSignal(): AbortSignal {
  return controller.signal;
}

export function interruptReason(): InterruptReason | undefined {
  return why;
}

/** Interrupts the run; the first reason wins. */
export function interrupt(reason: InterruptReason): void {
  if (why) return;
  why = reason;
  controller.abort(reason);
}

/** A run stopped by the user or by a closed output; exit 130 (Ctrl-C) or 141 (SIGPIPE's). */
export class InterruptedError extends Error {
  readonly exitCode: number;
  constructor(readonly reason: InterruptReason) {
    super(reason === 'sigint' ? 'interrupted' : 'output closed');
    this.exitCode = exitCodeFor(reason);
  }
}

export function exitCodeFor(reason: InterruptReason): number {
  return reason === 'sigint' ? 130 : 141;
}

let note: (() => string) | undefined;

/**
 * What a phase that cannot wrap up leaves behind, said on Ctrl-C before the process exits (e.g.
 * a destroy half-way). `undefined` clears it.
 */
export function setInterruptNote(fn: (() => string) | undefined): void {
  note = fn;
}

export function interruptNote(): string | undefined {
  return note?.();
}

/** For tests: a fresh, uninterrupted state. */
export function resetInterrupt(): void {
  controller = new AbortController();
  why = undefined;
}
