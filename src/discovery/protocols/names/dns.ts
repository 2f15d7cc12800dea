/** DNS wire format names (RFC 1035 §4.1.4), with compression pointers and loop guards. */
import { TextCache, u8 } from '../../bytes.js';

/** Labels as one character per byte, decoded once per distinct label (hosts announce the same names again and again). */
const labelTexts = new TextCache((bytes) => String.fromCharCode.apply(null, bytes as unknown as number[]));

export interface Name {
  name: string;
  /** Offset just after the name where it appears (not where pointers lead). */
  end: number;
}

export function readName(b: Uint8Array, o: number): Name {
  const labels: string[] = [];
  let end = -1;
  for (let jumps = 0; jumps < 32; ) {
    const length = u8(b, o, 'DNS label length');
    if (length === 0) {
      if (end < 0) end = o + 1;
      return { name: labels.join('.'), end };
    }
    if ((length & 0xc0) === 0xc0) {
      if (end < 0) end = o + 2;
      o = ((length & 0x3f) << 8) | u8(b, o + 1, 'DNS pointer');
      jumps++;
      continue;
    }
    if (length > 63) throw new RangeError(`DNS label length ${length}`);
    u8(b, o + length, 'DNS label');
    labels.push(labelTexts.get(b, o + 1, o + 1 + length));
    if (labels.length > 64) break;
    o += 1 + length;
  }
  throw new RangeError('DNS name has too many compression pointers');
}
