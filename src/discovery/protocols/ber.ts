/** Minimal BER (X.690) reading for SNMP and GOOSE: tag, definite length, value bounds. */
import { need, TextCache, u8 } from '../bytes.js';

export interface Tlv {
  tag: number;
  start: number;
  end: number;
}

export function readTlv(b: Uint8Array, o: number): Tlv {
  const tag = u8(b, o, 'BER tag');
  let length = u8(b, o + 1, 'BER length');
  let start = o + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 3) throw new RangeError(`BER length with ${octets} octets is not supported`);
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + u8(b, start + i, 'BER length');
    start += octets;
  }
  need(b, start, length, 'BER value');
  return { tag, start, end: start + length };
}

export function berInteger(b: Uint8Array, t: Tlv): number {
  let value = 0;
  for (let i = t.start; i < t.end && i < t.start + 6; i++) value = value * 256 + (b[i] as number);
  return value;
}

/** OID texts by their encoded bytes: SNMP walks repeat the same object identifiers. */
const oidTexts = new TextCache(formatOid);

/** Dotted object identifier. */
export function berOid(b: Uint8Array, t: Tlv): string {
  if (t.end <= t.start) return '';
  return oidTexts.get(b, t.start, t.end);
}

/** The dotted form of the (non-empty) encoded identifier `v`. */
function formatOid(v: Uint8Array): string {
  const first = v[0] as number;
  const parts = [Math.min(2, Math.floor(first / 40)), first - Math.min(2, Math.floor(first / 40)) * 40];
  let value = 0;
  for (let i = 1; i < v.length; i++) {
    const byte = v[i] as number;
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}
