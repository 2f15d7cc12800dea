/**
 * A dissector's `dissectAt(bytes, start, end)` must do exactly what `dissect(bytes.subarray(start, end))`
 * does, whatever lies around the window (the session hands it the capture chunk itself).
 */
import { describe, expect, it } from 'vitest';
import { DISSECTORS } from '../../src/discovery/protocols/registry.js';
import type { DissectContext } from '../../src/discovery/protocols/dissector.js';

function recorder(calls: unknown[]): DissectContext {
  const scratch = new Map<unknown, object>();
  return {
    frame: 7,
    time: 1_700_000_000,
    fromServer: undefined,
    conversation: <T extends object>(create: () => T): T => {
      let s = scratch.get(create) as T | undefined;
      if (!s) scratch.set(create, (s = create()));
      return s;
    },
    identity: (...args) => void calls.push(['identity', ...args]),
    operation: (...args) => void calls.push(['operation', ...args]),
    serverIs: (...args) => void calls.push(['serverIs', ...args]),
    protocol: (...args) => void calls.push(['protocol', ...args]),
    bind: (...args) => void calls.push(['bind', ...args]),
    problem: (...args) => void calls.push(['problem', ...args]),
  };
}

function run(f: (ctx: DissectContext) => void): unknown[] {
  const calls: unknown[] = [];
  try {
    f(recorder(calls));
  } catch (error) {
    calls.push(['threw', (error as Error).name, (error as Error).message]);
  }
  return calls;
}

describe('dissectAt', () => {
  const withDissectAt = DISSECTORS.filter((d) => d.dissectAt);

  it('is offered by BACnet (the bulk of building captures)', () => {
    expect(withDissectAt.map((d) => d.name)).toContain('bacnet');
  });

  it.each(withDissectAt.map((d) => [d.name, d] as const))('%s: same calls and errors as dissect on a view', (_name, dissector) => {
    let state = 5;
    const random = (n: number): number => ((state = (state * 1103515245 + 12345) >>> 0) >>> 8) % n;
    // BACnet-shaped prefixes (BVLC 0x81, functions 0x0a/0x0b/0x04, NPDU version 1, APDU types) then noise.
    const prefixes = [[0x81, 0x0a], [0x81, 0x0b], [0x81, 0x04], [0x81, 0x09], [0x81], []];
    for (let i = 0; i < 20_000; i++) {
      const length = random(48);
      const pdu = Uint8Array.from({ length }, () => random(256));
      const prefix = prefixes[i % prefixes.length] as number[];
      pdu.set(prefix.slice(0, length));
      if (length > 4 && random(2)) {
        pdu[2] = 0;
        pdu[3] = Math.max(0, length - random(3));
      }
      if (length > 5 && random(2)) pdu[4] = 1;
      if (length > 6 && random(2)) pdu[5] = [0x00, 0x08, 0x20, 0x80][random(4)] as number;
      if (length > 7 && random(2)) pdu[6] = [0x10, 0x30, 0x00, 0x20][random(4)] as number;
      const before = random(9);
      const around = Uint8Array.from({ length: before + length + random(9) }, () => random(256));
      around.set(pdu, before);
      const expected = run((ctx) => dissector.dissect(pdu, ctx));
      const actual = run((ctx) => dissector.dissectAt?.(around, before, before + length, ctx));
      expect(actual, `payload ${Buffer.from(pdu).toString('hex')}`).toEqual(expected);
    }
  });
});

describe('frameLength', () => {
  const framed = DISSECTORS.filter((d) => d.frameLength);

  it.each(framed.map((d) => [d.name, d] as const))('%s: frameLength(bytes, start, end) is frameLength of the view', (_name, dissector) => {
    const frameLength = dissector.frameLength as NonNullable<typeof dissector.frameLength>;
    let state = 11;
    const random = (n: number): number => ((state = (state * 1103515245 + 12345) >>> 0) >>> 8) % n;
    // Plausible first bytes of each framed protocol (TPKT, MBAP, DNP3, IEC 104, ENIP, OPC UA), then noise.
    const prefixes = [[0x03, 0x00], [0x00, 0x01, 0x00, 0x00, 0x00], [0x05, 0x64], [0x68], [0x6f, 0x00], [0x4d, 0x53, 0x47, 0x46], []];
    for (let i = 0; i < 5_000; i++) {
      const length = random(40);
      const pdu = Uint8Array.from({ length }, () => random(256));
      pdu.set((prefixes[i % prefixes.length] as number[]).slice(0, length));
      const before = random(9);
      const around = Uint8Array.from({ length: before + length + random(9) }, () => random(256));
      around.set(pdu, before);
      expect(frameLength(around, before, before + length), `bytes ${Buffer.from(pdu).toString('hex')}`).toBe(frameLength(pdu));
    }
  });
});
