/**
 * Per-host rolling-window rate limiting: at most `requests` starts within any `windowMs` span.
 * NVD publishes its limits this way (5 or 50 requests in a rolling 30 s window).
 */
import type { Clock } from './clock.js';

export interface RateLimitRule {
  requests: number;
  windowMs: number;
}

/** NVD API 2.0 without an API key. */
export const NVD_ANONYMOUS_LIMIT: RateLimitRule = { requests: 5, windowMs: 30_000 };
/** NVD API 2.0 with the `apiKey` header. */
export const NVD_KEYED_LIMIT: RateLimitRule = { requests: 50, windowMs: 30_000 };

interface HostState {
  rule: RateLimitRule;
  /** Start times of the requests still inside the window, oldest first. */
  starts: number[];
  /** Serialises waiters so that slots are handed out in arrival order. */
  queue: Promise<void>;
}

export class RollingWindowLimiter {
  private readonly hosts = new Map<string, HostState>();

  constructor(private readonly clock: Clock) {}

  /** Sets (or replaces) the rule of one host, e.g. `services.nvd.nist.gov`. */
  setRule(host: string, rule: RateLimitRule): void {
    if (!Number.isInteger(rule.requests) || rule.requests < 1 || !(rule.windowMs > 0)) {
      throw new RangeError(`invalid rate limit for ${host}: ${rule.requests} requests per ${rule.windowMs} ms`);
    }
    const key = host.toLowerCase();
    const existing = this.hosts.get(key);
    if (existing) existing.rule = rule;
    else this.hosts.set(key, { rule, starts: [], queue: Promise.resolve() });
  }

  ruleFor(host: string): RateLimitRule | undefined {
    return this.hosts.get(host.toLowerCase())?.rule;
  }

  /** Waits until a request to `host` may start, then records its start. Hosts without a rule pass at once. */
  async acquire(host: string, signal?: AbortSignal): Promise<void> {
    const state = this.hosts.get(host.toLowerCase());
    if (!state) return;
    const turn = state.queue.then(() => this.waitForSlot(state, signal));
    // A failed (aborted) waiter must not block the ones behind it.
    state.queue = turn.catch(() => undefined);
    await turn;
  }

  private async waitForSlot(state: HostState, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      while (state.starts.length > 0 && (state.starts[0] as number) <= now - state.rule.windowMs) state.starts.shift();
      if (state.starts.length < state.rule.requests) {
        state.starts.push(now);
        return;
      }
      const oldest = state.starts[0] as number;
      await this.clock.sleep(oldest + state.rule.windowMs - now, signal);
    }
  }
}
