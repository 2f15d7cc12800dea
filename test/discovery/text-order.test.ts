/** The fast stand-ins used when results are built must agree exactly with the built-ins they replace. */
import { describe, expect, it } from 'vitest';
import { collate, isoTime } from '../../src/discovery/fingerprint/text-order.js';

function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) >>> 0) / 4294967296;
}

describe('collate', () => {
  it('orders like localeCompare(…, "en") on addresses, device ids and arbitrary text', () => {
    const random = seeded(42);
    const pick = (chars: string, length: number): string => Array.from({ length }, () => chars[Math.floor(random() * chars.length)]).join('');
    const samples = [
      'dev-00:1b:1b:00:00:10', 'dev-10.0.0.1', 'dev-10.0.0.10', 'dev-10.0.0.9', 'dev-fe80::1', 'dev-unknown', '10.0.0.1', '10.0.0.1.', '::', '', '-',
      'Dev-10.0.0.1', 'dev-10.0.0.1 ', 'dev-ä', 'dev_1', 'éa', 'ea', 'ëb', 'a', 'A', 'aa', 'a-a', 'a:a', 'a.a', 'ab', 'a1', 'a10', 'a2',
    ];
    for (let i = 0; i < 400; i++) samples.push(pick('-:.0123456789abcdef', 1 + Math.floor(random() * 12)));
    for (let i = 0; i < 200; i++) samples.push(pick('-:.0123456789abcdefxyzABC _é/', 1 + Math.floor(random() * 8)));
    for (const a of samples) {
      for (const b of samples) expect(Math.sign(collate(a, b)), `${a} vs ${b}`).toBe(Math.sign(a.localeCompare(b, 'en')));
    }
  });
});

describe('isoTime', () => {
  it('formats like Date#toISOString', () => {
    const random = seeded(7);
    const values = [0, -0, 0.0004, 0.9999, 1, 59.999, 86_399.9995, 951_782_400, 951_868_799.999, 1_700_000_000.123456, 4_102_444_800, 253_402_300_799.999, 253_402_300_800, -1, -0.5, 1e12];
    for (let i = 0; i < 2000; i++) values.push(random() * 4_200_000_000, Math.floor(random() * 4_200_000_000) + 0.001 * Math.floor(random() * 1000));
    for (const seconds of values) expect(isoTime(seconds), String(seconds)).toBe(new Date(seconds * 1000).toISOString());
  });
});

describe('macString', () => {
  it('formats like the hex-and-regex reference', async () => {
    const { macString } = await import('../../src/discovery/bytes.js');
    const reference = (mac: number): string => mac.toString(16).padStart(12, '0').replace(/(..)(?!$)/g, '$1:');
    const random = seeded(3);
    const values = [0, 1, 0xff, 0x100, 0xffffffff, 0x100000000, 0xffffffffffff, 0x001b1b000010, 0x80000000, 0x7fffffff];
    for (let i = 0; i < 5000; i++) values.push(Math.floor(random() * 0x1000000) * 0x1000000 + Math.floor(random() * 0x1000000));
    for (const mac of values) expect(macString(mac)).toBe(reference(mac));
  });
});
