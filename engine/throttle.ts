// Client-side concurrency that follows the API server's 429s (additive increase, multiplicative
// decrease, as TCP does). API Priority and Fairness doubles Retry-After (up to 32 s) while
// rejections continue; retrying each request after Retry-After but at full concurrency keeps the
// priority level saturated, and requests run out of retry budget. Shrinking the number of requests
// in flight with every 429 lets the rejections stop instead: a burst of 60 rejections at 64 in
// flight leaves about one, and successes widen it again.

export interface ThrottleOptions {
  /** Upper bound while recovering (default: none; the socket pool bounds it anyway). */
  max?: number;
  /** What each 429 multiplies the limit by (default 0.9). */
  decrease?: number;
}

export class Throttle {
  private limit: number;
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly max: number;
  private readonly decrease: number;

  constructor(opts: ThrottleOptions = {}) {
    this.max = opts.max ?? Infinity;
    this.limit = this.max;
    this.decrease = opts.decrease ?? 0.9;
  }

  /** The current number of requests allowed in flight (whole). */
  get allowed(): number {
    return this.limit === Infinity ? Infinity : Math.max(1, Math.floor(this.limit));
  }

  /** Runs one request when a slot is free; `throttled(result)` says whether the server refused it with 429. */
  async run<T>(fn: () => Promise<T>, throttled: (result: T) => boolean): Promise<T> {
    if (this.inFlight < this.allowed) this.inFlight++;
    else await new Promise<void>((r) => this.waiting.push(r)); // the slot is handed over in release()
    let refused = false;
    try {
      const result = await fn();
      refused = throttled(result);
      return result;
    } finally {
      this.record(refused);
      this.release();
    }
  }

  private record(refused: boolean): void {
    if (refused) {
      // Of what was really in flight (this request included), not of a limit never reached; so the
      // more of a burst the server refuses, the fewer requests go next.
      this.limit = Math.max(1, Math.min(this.limit, this.inFlight) * this.decrease);
    } else if (this.limit < this.max) {
      // About one more request in flight per `allowed` successes.
      this.limit = Math.min(this.max, this.limit + 1 / this.allowed);
    }
  }

  private release(): void {
    this.inFlight--;
    while (this.waiting.length && this.inFlight < this.allowed) {
      this.inFlight++;
      this.waiting.shift()!();
    }
  }
}
