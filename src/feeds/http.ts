/**
 * A small HTTP client for the intelligence feeds, on Node's global `fetch` (undici): per-attempt
 * timeouts, a streamed and bounded body, retries with exponential back-off and jitter, `Retry-After`
 * on 429/503 (and on 403 where a service throttles with it, as NVD does), per-host rolling-window
 * rate limits and a `Bulwark/<version>` User-Agent.
 *
 * Request headers are never logged or put in error messages: the NVD API key travels in one.
 */
import { BulwarkError, LimitError } from '../model/errors.js';
import { VERSION } from '../version.js';
import { systemClock, type Clock } from './clock.js';
import { RollingWindowLimiter, type RateLimitRule } from './rate-limit.js';

export const DEFAULT_USER_AGENT = `Bulwark/${VERSION}`;
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 512 * 1024 * 1024;

/** A request failed: an HTTP status we do not retry, retries exhausted, or the network. */
export class HttpError extends BulwarkError {
  readonly url: string;
  /** HTTP status, or undefined for a network failure or timeout. */
  readonly status: number | undefined;
  readonly attempts: number;

  constructor(message: string, options: { url: string; status?: number; attempts: number; cause?: unknown }) {
    super(options.status === undefined ? 'network-error' : 'http-error', message, {
      details: { url: options.url, status: options.status, attempts: options.attempts },
      cause: options.cause,
    });
    this.url = options.url;
    this.status = options.status;
    this.attempts = options.attempts;
  }
}

/** What the client reports as it works; for progress output and logs. Never carries headers. */
export type HttpEvent =
  | { type: 'request'; url: string; attempt: number }
  | { type: 'retry'; url: string; attempt: number; delayMs: number; reason: string; status?: number };

export interface HttpClientOptions {
  userAgent?: string;
  /** Per-attempt timeout covering the headers and the whole body. */
  timeoutMs?: number;
  /** Default cap on a response body (after content decoding); requests may lower or raise it. */
  maxResponseBytes?: number;
  /** Retries after the first attempt. */
  retries?: number;
  /** First back-off delay; doubles each attempt. */
  baseDelayMs?: number;
  /** Cap on one back-off delay. */
  maxDelayMs?: number;
  /** A `Retry-After` longer than this fails the request instead of waiting. */
  maxRetryAfterMs?: number;
  clock?: Clock;
  /** Random source in [0, 1) for jitter. */
  random?: () => number;
  /** Per-host rate limits, keyed by host (`name[:port]`). */
  rateLimits?: Record<string, RateLimitRule>;
  fetch?: typeof globalThis.fetch;
  onEvent?: (event: HttpEvent) => void;
}

export interface HttpRequest {
  url: string | URL;
  /** Extra request headers (never logged). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  maxResponseBytes?: number;
  /** Statuses returned to the caller instead of thrown (e.g. 304, 404). 2xx always are. */
  acceptStatuses?: readonly number[];
  /** Treat 403 as throttling (retry, honouring Retry-After), as the NVD API uses it. */
  retryOn403?: boolean;
  /**
   * `manual` returns a 3xx as an HTTP error instead of following it. Use it when a header carries a
   * secret: fetch re-sends custom headers (unlike Authorization) to a redirect's other origin.
   */
  redirect?: 'follow' | 'manual';
}

export interface HttpResponse {
  /** The final URL after redirects. */
  url: string;
  status: number;
  headers: Headers;
  body: Uint8Array;
}

const RETRY_AFTER_STATUSES = new Set([429, 503]);

/** Parses `Retry-After` (delta-seconds or an HTTP date) into milliseconds from `now`; undefined if absent or invalid. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // HTTP dates always name the month; this keeps `Date.parse` from reading "-5" as a year.
  if (!/[a-z]{3}/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Outcome of one attempt that may be retried. */
interface RetryableFailure {
  reason: string;
  status?: number;
  retryAfterMs?: number;
  cause?: unknown;
}

export class HttpClient {
  private readonly userAgent: string;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly retries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly random: () => number;
  private readonly fetchImpl: typeof globalThis.fetch;
  private readonly onEvent: ((event: HttpEvent) => void) | undefined;
  readonly clock: Clock;
  readonly limiter: RollingWindowLimiter;

  constructor(options: HttpClientOptions = {}) {
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.retries = options.retries ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 15 * 60_000;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.onEvent = options.onEvent;
    this.limiter = new RollingWindowLimiter(this.clock);
    for (const [host, rule] of Object.entries(options.rateLimits ?? {})) this.limiter.setRule(host, rule);
  }

  /** Sets the rate limit of a host (`name[:port]`), e.g. after learning whether an API key is used. */
  setRateLimit(host: string, rule: RateLimitRule): void {
    this.limiter.setRule(host, rule);
  }

  /** GET with retries. 2xx and `acceptStatuses` are returned; anything else throws HttpError. */
  async get(request: HttpRequest): Promise<HttpResponse> {
    const url = new URL(request.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new HttpError(`unsupported URL scheme ${url.protocol}`, { url: redactUrl(url), attempts: 0 });
    }
    const shown = redactUrl(url);
    let lastFailure: RetryableFailure | undefined;
    for (let attempt = 1; attempt <= this.retries + 1; attempt++) {
      request.signal?.throwIfAborted();
      await this.limiter.acquire(url.host, request.signal);
      this.onEvent?.({ type: 'request', url: shown, attempt });
      const outcome = await this.attempt(url, request);
      if ('response' in outcome) return outcome.response;
      lastFailure = outcome.failure;
      if (attempt > this.retries) break;
      const delayMs = this.retryDelay(attempt, lastFailure);
      if (delayMs > this.maxRetryAfterMs) {
        throw new HttpError(`${shown}: ${lastFailure.reason}; the server asks to wait ${Math.ceil(delayMs / 1000)} s, longer than allowed`, {
          url: shown,
          status: lastFailure.status,
          attempts: attempt,
          cause: lastFailure.cause,
        });
      }
      this.onEvent?.({ type: 'retry', url: shown, attempt, delayMs, reason: lastFailure.reason, status: lastFailure.status });
      await this.clock.sleep(delayMs, request.signal);
    }
    const failure = lastFailure as RetryableFailure;
    throw new HttpError(`${shown}: ${failure.reason} (gave up after ${this.retries + 1} attempts)`, {
      url: shown,
      status: failure.status,
      attempts: this.retries + 1,
      cause: failure.cause,
    });
  }

  /** Exponential back-off with "equal jitter"; a server's Retry-After wins when it is longer. */
  private retryDelay(attempt: number, failure: RetryableFailure): number {
    const exponential = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    const jittered = exponential / 2 + (this.random() * exponential) / 2;
    return Math.round(failure.retryAfterMs !== undefined ? Math.max(failure.retryAfterMs, jittered) : jittered);
  }

  private async attempt(url: URL, request: HttpRequest): Promise<{ response: HttpResponse } | { failure: RetryableFailure }> {
    const shown = redactUrl(url);
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new Error(`timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout.signal]) : timeout.signal;
    try {
      let response: Response;
      try {
        response = await this.fetchImpl(url, {
          method: 'GET',
          headers: { 'user-agent': this.userAgent, ...request.headers },
          redirect: request.redirect ?? 'follow',
          signal,
        });
      } catch (error) {
        return { failure: this.networkFailure(error, request, timeout.signal) };
      }
      const status = response.status;
      const accepted = (status >= 200 && status < 300) || (request.acceptStatuses ?? []).includes(status);
      if (!accepted) {
        await response.body?.cancel().catch(() => undefined);
        const throttled = RETRY_AFTER_STATUSES.has(status) || (status === 403 && request.retryOn403 === true);
        if (throttled || status >= 500) {
          const retryAfterMs = throttled ? parseRetryAfter(response.headers.get('retry-after'), this.clock.now()) : undefined;
          return { failure: { reason: `HTTP ${status}`, status, retryAfterMs } };
        }
        throw new HttpError(`${shown}: HTTP ${status} ${response.statusText}`.trimEnd(), { url: shown, status, attempts: 1 });
      }
      const limit = request.maxResponseBytes ?? this.maxResponseBytes;
      let body: Uint8Array;
      try {
        body = await readBounded(response, limit, shown);
      } catch (error) {
        if (error instanceof LimitError) throw error;
        return { failure: this.networkFailure(error, request, timeout.signal) };
      }
      return { response: { url: redactUrl(new URL(response.url || url.href)), status, headers: response.headers, body } };
    } finally {
      clearTimeout(timer);
    }
  }

  private networkFailure(error: unknown, request: HttpRequest, timeoutSignal: AbortSignal): RetryableFailure {
    // The caller's own abort is final, not a reason to retry.
    if (request.signal?.aborted) throw request.signal.reason ?? error;
    if (timeoutSignal.aborted) return { reason: `timed out after ${this.timeoutMs} ms`, cause: error };
    return { reason: `network error: ${describeError(error)}`, cause: error };
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/** Drops credentials and nothing else; query strings carry no secrets in our feeds (the NVD key is a header). */
function redactUrl(url: URL): string {
  if (!url.username && !url.password) return url.href;
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}

/** Reads the body chunk by chunk and aborts as soon as it exceeds `limit`, so a huge body never sits in memory. */
async function readBounded(response: Response, limit: number, shown: string): Promise<Uint8Array> {
  const tooLarge = (): LimitError =>
    new LimitError(`${shown}: response exceeds the limit of ${limit} bytes`, { details: { url: shown, maxResponseBytes: limit } });
  const declared = Number(response.headers.get('content-length'));
  // Content-Length counts encoded bytes; only trust it to reject early when no content coding applies.
  if (!response.headers.get('content-encoding') && Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
