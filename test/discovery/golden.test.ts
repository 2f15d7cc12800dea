/**
 * Golden output: what analyseCapture reports (captures, devices with identity and evidence, flows,
 * problems) for every real fixture capture, for all of them read into one session, and for a
 * synthetic mixed capture built like the benchmark's (with and without conversation eviction).
 * The expected JSON under golden/ was computed by the engine before its hot path was optimised,
 * so that performance work cannot change a single reported field. Each capture is also fed in
 * odd-sized chunks: how the bytes arrive must not matter.
 *
 * To regenerate after a deliberate change of output: BULWARK_UPDATE_GOLDEN=1 npx vitest run test/discovery/golden.test.ts
 */
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { analyseCapture, analyseCaptureBytes, DiscoverySession } from '../../src/discovery/index.js';
import type { DiscoveryResult } from '../../src/discovery/index.js';
import { fixture, haveFixtures } from '../support/fixtures.js';
import { mixedCapture } from './mixed-capture.js';

const goldenDir = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const update = process.env.BULWARK_UPDATE_GOLDEN === '1';
const captureDir = fixture('pcap');

function findCaptures(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return findCaptures(path);
      return /\.(pcap|pcapng|cap)$/.test(name) ? [path] : [];
    });
}

const captures = haveFixtures && existsSync(captureDir) ? findCaptures(captureDir) : [];

/** A plain-JSON copy (what `bulwark discover --json` prints), so that the comparison is of data only. */
function plain(result: DiscoveryResult): unknown {
  return JSON.parse(JSON.stringify(result)) as unknown;
}

function golden(name: string, actual: unknown): void {
  const path = join(goldenDir, `${name}.json.gz`);
  if (update || !existsSync(path)) {
    if (!update) throw new Error(`golden file ${path} is missing; run with BULWARK_UPDATE_GOLDEN=1 to create it`);
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(path, gzipSync(`${JSON.stringify(actual, null, 1)}\n`, { level: 9 }));
    return;
  }
  const expected = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as DiscoveryResult;
  const result = actual as DiscoveryResult;
  // Piece by piece first, so that a difference names the part that changed.
  expect(result.captures).toEqual(expected.captures);
  expect(result.problems).toEqual(expected.problems);
  expect(result.flows).toEqual(expected.flows);
  expect(result.devices.map((d) => d.id)).toEqual(expected.devices.map((d) => d.id));
  for (let i = 0; i < expected.devices.length; i++) expect(result.devices[i], `device ${expected.devices[i]?.id}`).toEqual(expected.devices[i]);
  expect(result).toEqual(expected);
}

/** Feeds the bytes in chunks of 1, 7, 61, 509, 4093 … bytes (cycling), as a slow pipe might. */
async function* oddChunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  const sizes = [1, 7, 61, 509, 4093, 3, 65_521];
  for (let o = 0, i = 0; o < bytes.length; i++) {
    const size = sizes[i % sizes.length] as number;
    yield Buffer.from(bytes.subarray(o, o + size));
    o += size;
  }
}

const goldenName = (path: string): string => relative(captureDir, path).replace(/[/\\]/g, '__').replace(/\.[^.]+$/, '');

describe.skipIf(captures.length === 0)('golden discovery output on the real captures', () => {
  it.each(captures.map((path) => [relative(captureDir, path), path]))('%s', async (name, path) => {
    const result = plain(await analyseCapture(createReadStream(path), { name }));
    golden(goldenName(path), result);
    // The same bytes in odd chunks give the same answer.
    const chunked = plain(await analyseCapture(oddChunks(readFileSync(path)), { name }));
    expect(chunked).toEqual(result);
  });

  it('all captures read into one session', async () => {
    const session = new DiscoverySession();
    for (const path of captures) await session.addCapture(createReadStream(path), { name: basename(path) });
    golden('all-in-one-session', plain(session.result()));
  });
});

describe.skipIf(captures.length === 0)('golden discovery output on the mixed benchmark capture', () => {
  const bytes = captures.length > 0 ? mixedCapture({ copies: 3 }) : new Uint8Array(0);

  it('3 shifted copies of every Ethernet fixture frame', async () => {
    const result = plain(analyseCaptureBytes(bytes, { name: 'mixed-ics.pcap' }));
    golden('mixed-3-copies', result);
    expect(plain(await analyseCapture(oddChunks(bytes), { name: 'mixed-ics.pcap' }))).toEqual(result);
  });

  it('the same with at most 8 conversations tracked (oldest flushed early)', () => {
    golden('mixed-3-copies-8-conversations', plain(analyseCaptureBytes(bytes, { name: 'mixed-ics.pcap', limits: { maxConversations: 8 } })));
  });
});

describe.skipIf(captures.length === 0)('the benchmark\'s plant shape: a fixed set of hosts talking on', () => {
  it('repeats the hosts and flows of its first copies, each later round dissected like the first', () => {
    const first = analyseCaptureBytes(mixedCapture({ copies: 2 }), { name: 'plant.pcap' });
    const plant = analyseCaptureBytes(mixedCapture({ copies: 6, plantCopies: 2 }), { name: 'plant.pcap' });
    // The same devices, with the same identity and attributes: no host is new after the first round.
    const identityOf = (r: DiscoveryResult) => r.devices.map((d) => ({ id: d.id, ips: d.ips, macs: d.macs, vendor: d.vendor, model: d.model, firmware: d.firmware, serial: d.serial, kind: d.kind, protocols: d.protocols, identity: d.identity }));
    expect(identityOf(plant)).toEqual(identityOf(first));
    // The same flows (the new client ports do not make new flows), each with three rounds of
    // packets and the same operations and functions.
    const flowsOf = (r: DiscoveryResult, rounds: number) =>
      r.flows.map((f) => ({ client: f.client, server: f.server, protocol: f.protocol, transport: f.transport, port: f.port, packets: f.packets / rounds, bytes: f.bytes / rounds, operations: f.operations, functions: f.functions }));
    const byKey = (a: { client: string; server: string; protocol: string; port: number }, b: typeof a) => `${a.client} ${a.server} ${a.protocol} ${a.port}`.localeCompare(`${b.client} ${b.server} ${b.protocol} ${b.port}`);
    expect(flowsOf(plant, 3).sort(byKey)).toEqual(flowsOf(first, 1).sort(byKey));
    expect(new Set(plant.problems.map((p) => p.code))).toEqual(new Set(first.problems.map((p) => p.code)));
    // Each later round's TCP data is new to the dissectors (connections going on with their
    // sequence numbers moved on, or opened again from new ports), not a replay they would drop:
    // every dissector sees three rounds of PDUs.
    const dissected = (bytes: Uint8Array): Map<string, number> => {
      const counts = new Map<string, number>();
      const original = DiscoverySession.prototype.dissect;
      const spy = vi.spyOn(DiscoverySession.prototype, 'dissect').mockImplementation(function (this: DiscoverySession, dissector, b, start, end) {
        counts.set(dissector.name, (counts.get(dissector.name) ?? 0) + 1);
        original.call(this, dissector, b, start, end);
      });
      try {
        analyseCaptureBytes(bytes, { name: 'plant.pcap' });
      } finally {
        spy.mockRestore();
      }
      return counts;
    };
    const once = dissected(mixedCapture({ copies: 2 }));
    const thrice = dissected(mixedCapture({ copies: 6, plantCopies: 2 }));
    expect([...thrice.keys()].sort()).toEqual([...once.keys()].sort());
    for (const [name, n] of once) expect(thrice.get(name)! / (3 * n), name).toBeCloseTo(1, 1);
  });
});

describe.skipIf(captures.length === 0)('golden discovery output on hostile bytes', () => {
  const clean = captures.length > 0 ? mixedCapture({ copies: 1 }) : new Uint8Array(0);

  /** The mixed capture with one byte in `rate` overwritten by a seeded generator (headers included). */
  function corrupted(rate: number, seed: number): Uint8Array {
    const out = new Uint8Array(clean);
    let state = seed;
    const random = (): number => (state = (state * 1103515245 + 12345) >>> 0) / 4294967296;
    for (let o = 24; o < out.length; o++) if (random() < 1 / rate) out[o] = Math.floor(random() * 256);
    return out;
  }

  it.each([
    ['one byte in 2000', 2000, 7],
    ['one byte in 200', 200, 11],
    ['one byte in 20', 20, 13],
  ])('random bytes overwritten: %s', async (name, rate, seed) => {
    const bytes = corrupted(rate, seed);
    const result = plain(analyseCaptureBytes(bytes, { name: 'hostile.pcap' }));
    golden(`hostile-${rate}`, result);
    expect(plain(await analyseCapture(oddChunks(bytes), { name: 'hostile.pcap' }))).toEqual(result);
  });

  it('truncated in the middle of a record', () => {
    golden('hostile-truncated', plain(analyseCaptureBytes(clean.subarray(0, Math.floor(clean.length * 0.6) + 3), { name: 'cut.pcap' })));
  });
});
