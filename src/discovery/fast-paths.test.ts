/**
 * The caches and shortcuts of the hot path must answer exactly what the plain code they stand in
 * for answers: decoded text by its bytes, MAC vendors by OUI, sort keys for the collation.
 */
import { describe, expect, it } from 'vitest';
import { clean, macString, text, TextCache } from './bytes.js';
import { macVendor, macVendorOf } from './fingerprint/oui.js';
import { collate, collateKeyed, collationKey } from './fingerprint/text-order.js';

function seeded(seed: number): (n: number) => number {
  let state = seed;
  return (n) => ((state = (state * 1103515245 + 12345) >>> 0) >>> 8) % n;
}

describe('TextCache', () => {
  it('answers what the decoder answers, through hits, misses and slot collisions', () => {
    const random = seeded(1);
    const decode = (bytes: Uint8Array): string => `${bytes.length}:${Buffer.from(bytes).toString('hex')}`;
    const cache = new TextCache(decode);
    // Few distinct values (hits) among many (collisions in 1024 slots), some longer than cached.
    const pool = Array.from({ length: 3000 }, (_, i) => Uint8Array.from({ length: i % 50 === 0 ? 300 : random(40) }, () => random(4)));
    for (let i = 0; i < 30_000; i++) {
      const value = pool[random(i % 3 === 0 ? pool.length : 20)] as Uint8Array;
      const before = random(5);
      const around = new Uint8Array(before + value.length + random(5)).fill(7);
      around.set(value, before);
      expect(cache.get(around, before, before + value.length)).toBe(decode(value));
    }
  });
});

describe('text', () => {
  it('decodes like the TextDecoder and clean-up it caches', () => {
    const random = seeded(2);
    const latin1 = new TextDecoder('latin1');
    const utf8 = new TextDecoder('utf-8');
    const alphabet = [0, 0x20, 0x41, 0x61, 0x09, 0x0a, 0x7f, 0x80, 0x9f, 0xc3, 0xa9, 0xff, 0x2e];
    for (let i = 0; i < 20_000; i++) {
      const bytes = Uint8Array.from({ length: random(24) }, () => alphabet[random(alphabet.length)] as number);
      const nul = bytes.indexOf(0);
      const raw = bytes.subarray(0, nul < 0 ? bytes.length : nul);
      expect(text(bytes, 0, bytes.length)).toBe(clean(latin1.decode(raw)));
      expect(text(bytes, 0, bytes.length, 'text', 'utf-8')).toBe(clean(utf8.decode(raw)));
    }
    expect(() => text(new Uint8Array(3), 1, 3, 'name')).toThrow('name: needs 4 bytes, 3 available');
  });
});

describe('macVendorOf', () => {
  it('names the vendor macVendor names for the MAC as text', () => {
    const random = seeded(3);
    // MA-L OUIs, OUIs with MA-M/MA-S sub-assignments (00:1b:c5 is IEEE's MA-S block), unknown and local ones.
    const ouis = [0x001b1b, 0x000e8c, 0x00000c, 0x001bc5, 0x70b3d5, 0x123456, 0x020000, 0xfeffff];
    for (let i = 0; i < 2000; i++) {
      const mac = (ouis[random(ouis.length)] as number) * 0x1000000 + random(0x1000000);
      expect(macVendorOf(mac), macString(mac)).toBe(macVendor(macString(mac)));
    }
  });
});

describe('collationKey', () => {
  it('orders like collate, and collateKeyed agrees with collate in sign', () => {
    const random = seeded(4);
    const alphabet = 'dev-:.0123456789abcdefz';
    const samples = Array.from({ length: 400 }, () => Array.from({ length: random(12) }, () => alphabet[random(alphabet.length)]).join(''));
    samples.push('dev-Ünïcode', '10.0.0.1', '10.0.0.10', 'fe80::1', '');
    for (const a of samples) {
      for (const b of samples.slice(0, 60)) {
        const ka = collationKey(a);
        const kb = collationKey(b);
        expect(Math.sign(collateKeyed(a, ka, b, kb)), `${a} vs ${b}`).toBe(Math.sign(collate(a, b)));
      }
    }
    expect(collationKey('dev-Ünïcode')).toBeUndefined();
  });
});
