/**
 * Time as the feed clients see it. Injectable so that tests of back-off and rate limits run in
 * virtual time instead of waiting for real seconds.
 */

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/** The real clock: `Date.now()` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortReason(signal as AbortSignal));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * A clock whose time only moves when someone sleeps: `sleep(ms)` advances `now()` by `ms` at once.
 * Each sleep is recorded so tests can assert the waits that would have happened.
 */
export class VirtualClock implements Clock {
  private current: number;
  readonly sleeps: number[] = [];

  constructor(start: number | string | Date = 0) {
    this.current = typeof start === 'number' ? start : new Date(start).getTime();
  }

  now(): number {
    return this.current;
  }

  /** Moves time forward without recording a sleep (time passing between calls). */
  advance(ms: number): void {
    this.current += ms;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw abortReason(signal);
    const wait = Math.max(0, ms);
    this.sleeps.push(wait);
    this.current += wait;
    // Yield so that callers interleave as they would with a real timer.
    await Promise.resolve();
  }
}
