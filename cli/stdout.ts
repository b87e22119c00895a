// A closed stdout (`kapstan apply | head -3`) and Ctrl-C: without this Node dies with an
// `Error: write EPIPE` stack trace (or a bare ^C) and an apply leaves its revision `pending`.
// Both interrupt the run (engine/interrupt.ts): a phase that can wrap up (an apply's writes or
// its tracking) records its outcome and says what it left; anything else ends at once.
import { exitCodeFor, exitInterrupted, interrupt, interruptNote, interruptReason, setProcessEnd, type InterruptReason } from '../engine/interrupt';

let wrapsUp = 0;

/**
 * Marks a phase that handles interruption itself (it stops, records and reports). Returns the
 * function that ends the phase.
 */
export function wrapUpOnInterrupt(): () => void {
  wrapsUp++;
  let ended = false;
  return () => {
    if (!ended) wrapsUp--;
    ended = true;
  };
}

function stop(reason: InterruptReason): void {
  const first = !interruptReason();
  // Every later write to a closed output fails too: that is not a second request to stop.
  if (!first && reason === 'closed-output') return;
  interrupt(reason);
  // A second Ctrl-C, or a phase that has nothing to record, ends the process now.
  if (!first || wrapsUp === 0) {
    if (reason === 'sigint') process.stderr.write(`\n${interruptNote() ?? 'interrupted'}\n`);
    // Cleanups first: the stack's lock is handed back.
    void exitInterrupted(exitCodeFor(interruptReason() ?? reason));
  }
}

export function guardStdout(): void {
  // After an interruption's cleanups (the stack's lock handed back), the CLI ends the process.
  setProcessEnd((code) => process.exit(code));
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      // Writes after the reader left fail too (ERR_STREAM_DESTROYED): nothing more to say.
      if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return stop('closed-output');
      throw err;
    });
  }
  process.on('SIGINT', () => stop('sigint'));
}
