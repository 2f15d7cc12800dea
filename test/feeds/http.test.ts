import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LimitError } from '../../src/model/errors.js';
import { VirtualClock } from '../../src/feeds/clock.js';
import { HttpClient, HttpError, parseRetryAfter, type HttpEvent } from '../../src/feeds/http.js';
import { RollingWindowLimiter } from '../../src/feeds/rate-limit.js';
import { VERSION } from '../../src/version.js';
import { sendBody, startServer, type LocalServer } from './local-server.js';

let server: LocalServer;
let clock: VirtualClock;

beforeEach(async () => {
  server = await startServer();
  clock = new VirtualClock('2025-01-01T00:00:00Z');
});
afterEach(async () => {
  await server.close();
});

function client(extra: ConstructorParameters<typeof HttpClient>[0] = {}): HttpClient {
  return new HttpClient({ clock, random: () => 0.5, baseDelayMs: 1000, retries: 3, ...extra });
}

/** A route that fails with the given responses first, then answers 200 "ok". */
function scripted(path: string, failures: { status: number; headers?: Record<string, string> }[]): void {
  let calls = 0;
  server.route(path, (_req, res) => {
    const failure = failures[calls++];
    if (failure) sendBody(res, 'busy', failure.headers ?? {}, failure.status);
    else sendBody(res, 'ok');
  });
}

describe('HttpClient', () => {
  it('sends a Bulwark/<version> User-Agent and returns the body', async () => {
    server.route('/a', (_req, res) => sendBody(res, 'hello'));
    const response = await client().get({ url: `${server.origin}/a` });
    expect(Buffer.from(response.body).toString()).toBe('hello');
    expect(server.requests[0]?.headers['user-agent']).toBe(`Bulwark/${VERSION}`);
  });

  it('retries 5xx with exponential back-off and jitter', async () => {
    scripted('/flaky', [{ status: 500 }, { status: 502 }]);
    const response = await client().get({ url: `${server.origin}/flaky` });
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(3);
    // random 0.5 → 75 % of 1 s, then of 2 s.
    expect(clock.sleeps).toEqual([750, 1500]);
  });

  it('honours Retry-After in seconds on 429 and as an HTTP date on 503', async () => {
    const at = new Date(clock.now() + 90_000).toUTCString();
    scripted('/throttled', [
      { status: 429, headers: { 'retry-after': '42' } },
      { status: 503, headers: { 'retry-after': at } },
    ]);
    await client().get({ url: `${server.origin}/throttled` });
    expect(clock.sleeps[0]).toBe(42_000);
    // The clock advanced 42 s, so the date is 48 s away.
    expect(clock.sleeps[1]).toBe(48_000);
  });

  it('treats 403 as throttling only when asked (NVD)', async () => {
    scripted('/nvd403', [{ status: 403, headers: { 'retry-after': '6' } }]);
    await expect(client().get({ url: `${server.origin}/nvd403` })).rejects.toMatchObject({ status: 403, attempts: 1 });
    scripted('/nvd403b', [{ status: 403, headers: { 'retry-after': '6' } }]);
    const response = await client().get({ url: `${server.origin}/nvd403b`, retryOn403: true });
    expect(response.status).toBe(200);
    expect(clock.sleeps).toEqual([6000]);
  });

  it('fails fast on other 4xx and returns accepted statuses', async () => {
    await expect(client().get({ url: `${server.origin}/missing` })).rejects.toBeInstanceOf(HttpError);
    expect(server.requests).toHaveLength(1);
    const response = await client().get({ url: `${server.origin}/missing`, acceptStatuses: [404] });
    expect(response.status).toBe(404);
  });

  it('gives up after the configured retries with the last status', async () => {
    scripted('/down', Array.from({ length: 10 }, () => ({ status: 503 })));
    const error = await client({ retries: 2 }).get({ url: `${server.origin}/down` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 503, attempts: 3 });
    expect(server.requests).toHaveLength(3);
  });

  it('refuses a Retry-After longer than the allowed maximum instead of hanging', async () => {
    scripted('/later', [{ status: 429, headers: { 'retry-after': '86400' } }]);
    await expect(client({ maxRetryAfterMs: 60_000 }).get({ url: `${server.origin}/later` })).rejects.toThrow(/wait 86400 s/);
    expect(clock.sleeps).toEqual([]);
  });

  it('aborts a streamed body past the size cap (no Content-Length)', async () => {
    server.route('/big', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = (): void => {
        while (sent < 64 && res.write(chunk)) sent++;
        if (sent >= 64) res.end();
        else res.once('drain', pump);
      };
      pump();
    });
    await expect(client().get({ url: `${server.origin}/big`, maxResponseBytes: 200_000 })).rejects.toBeInstanceOf(LimitError);
  });

  it('rejects early on a declared Content-Length over the cap', async () => {
    server.route('/declared', (_req, res) => sendBody(res, Buffer.alloc(5000), { 'content-length': '5000' }));
    await expect(client().get({ url: `${server.origin}/declared`, maxResponseBytes: 1000 })).rejects.toThrow(/exceeds the limit of 1000/);
  });

  it('retries network errors and reports them without request headers', async () => {
    const origin = server.origin;
    await server.close();
    const events: HttpEvent[] = [];
    const error = await client({ retries: 1, onEvent: (e) => events.push(e) })
      .get({ url: `${origin}/gone`, headers: { apiKey: 'SECRET-KEY-123' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBeUndefined();
    expect((error as HttpError).code).toBe('network-error');
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(1);
    expect(JSON.stringify(events) + String(error) + JSON.stringify((error as HttpError).details)).not.toContain('SECRET-KEY-123');
    server = await startServer();
  });

  it('times out a server that never answers, then retries', async () => {
    server.route('/hang', () => undefined);
    const error = await client({ timeoutMs: 50, retries: 1 }).get({ url: `${server.origin}/hang` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(String(error)).toMatch(/timed out after 50 ms/);
    expect(server.requests).toHaveLength(2);
  });

  it('stops at once when the caller aborts', async () => {
    scripted('/abort', [{ status: 503 }, { status: 503 }]);
    const controller = new AbortController();
    controller.abort(new Error('user cancelled'));
    await expect(client().get({ url: `${server.origin}/abort`, signal: controller.signal })).rejects.toThrow('user cancelled');
    expect(server.requests).toHaveLength(0);
  });

  it('does not follow redirects when asked (secret headers), and follows them by default', async () => {
    server.route('/moved', (_req, res) => sendBody(res, '', { location: '/target' }, 302));
    server.route('/target', (_req, res) => sendBody(res, 'there'));
    await expect(client().get({ url: `${server.origin}/moved`, headers: { apiKey: 'k' }, redirect: 'manual' })).rejects.toMatchObject({ status: 302 });
    expect(server.requests.map((r) => r.url.pathname)).toEqual(['/moved']);
    const followed = await client().get({ url: `${server.origin}/moved` });
    expect(followed.url).toBe(`${server.origin}/target`);
  });

  it('refuses non-HTTP schemes', async () => {
    await expect(client().get({ url: 'file:///etc/passwd' })).rejects.toThrow(/unsupported URL scheme/);
  });

  it('rate-limits per host in a rolling window', async () => {
    server.route('/r', (_req, res) => sendBody(res, 'ok'));
    const http = client({ rateLimits: { [new URL(server.origin).host]: { requests: 2, windowMs: 30_000 } } });
    for (let i = 0; i < 5; i++) await http.get({ url: `${server.origin}/r` });
    expect(server.requests).toHaveLength(5);
    // Requests 3 and 5 each wait for the oldest start to leave the window.
    expect(clock.sleeps).toEqual([30_000, 30_000]);
  });
});

describe('RollingWindowLimiter', () => {
  it('lets a host without a rule through and counts a rolling window', async () => {
    const limiter = new RollingWindowLimiter(clock);
    await limiter.acquire('free.example');
    limiter.setRule('nvd.example', { requests: 3, windowMs: 10_000 });
    await limiter.acquire('nvd.example');
    clock.advance(4000);
    await limiter.acquire('nvd.example');
    await limiter.acquire('nvd.example');
    await limiter.acquire('nvd.example'); // waits until the first (t=0) leaves: 6 s
    expect(clock.sleeps).toEqual([6000]);
  });

  it('rejects nonsense rules', () => {
    expect(() => new RollingWindowLimiter(clock).setRule('x', { requests: 0, windowMs: 1 })).toThrow(RangeError);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds, HTTP dates and rejects garbage', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
