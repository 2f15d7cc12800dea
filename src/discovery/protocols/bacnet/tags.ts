/** BACnet tag decoding (ASHRAE 135 clause 20.2): application and context tags, values. */
import { need, u8 } from '../../bytes.js';

export interface Tag {
  number: number;
  context: boolean;
  /** Opening (6) / closing (7) context tags have no value. */
  opening: boolean;
  closing: boolean;
  /** Value length (application tag 1 `boolean` keeps its value here). */
  length: number;
  /** Offset of the value. */
  valueOffset: number;
  /** Offset just after the value. */
  end: number;
}

export function readTag(b: Uint8Array, o: number): Tag {
  const first = u8(b, o, 'BACnet tag');
  let p = o + 1;
  let number = first >> 4;
  if (number === 0x0f) number = u8(b, p++, 'BACnet extended tag number');
  const context = (first & 0x08) !== 0;
  let length = first & 0x07;
  if (context && length === 6) return { number, context, opening: true, closing: false, length: 0, valueOffset: p, end: p };
  if (context && length === 7) return { number, context, opening: false, closing: true, length: 0, valueOffset: p, end: p };
  if (!context && number === 1) return { number, context, opening: false, closing: false, length, valueOffset: p, end: p }; // boolean
  if (length === 5) {
    length = u8(b, p++, 'BACnet extended length');
    if (length === 254) {
      need(b, p, 2, 'BACnet extended length');
      length = ((b[p] as number) << 8) | (b[p + 1] as number);
      p += 2;
    } else if (length === 255) {
      need(b, p, 4, 'BACnet extended length');
      length = (((b[p] as number) << 24) | ((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number)) >>> 0;
      p += 4;
    }
  }
  need(b, p, length, 'BACnet tag value');
  return { number, context, opening: false, closing: false, length, valueOffset: p, end: p + length };
}

export function unsigned(b: Uint8Array, tag: Tag): number {
  let value = 0;
  for (let i = 0; i < tag.length && i < 6; i++) value = value * 256 + (b[tag.valueOffset + i] as number);
  return value;
}

/** BACnetObjectIdentifier: type (10 bits) and instance (22 bits). */
export function objectId(b: Uint8Array, tag: Tag): { type: number; instance: number } {
  const raw = unsigned(b, tag);
  return { type: Math.floor(raw / 0x400000), instance: raw % 0x400000 };
}

const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');
const utf16 = new TextDecoder('utf-16be');

/** CharacterString: encoding byte (0 UTF-8, 4 UCS-2, 5 ISO 8859-1) then the characters. */
export function characterString(b: Uint8Array, tag: Tag): string {
  if (tag.length === 0) return '';
  const encoding = b[tag.valueOffset] as number;
  const bytes = b.subarray(tag.valueOffset + 1, tag.end);
  const decoded = encoding === 0 ? utf8.decode(bytes) : encoding === 4 ? utf16.decode(bytes) : latin1.decode(bytes);
  // eslint-disable-next-line no-control-regex
  return decoded.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

/** A single application-tagged value as text (strings, unsigned, enumerated, object ids). */
export function applicationValue(b: Uint8Array, tag: Tag): string | undefined {
  if (tag.context) return undefined;
  switch (tag.number) {
    case 2:
    case 9:
      return String(unsigned(b, tag));
    case 7:
      return characterString(b, tag);
    case 12: {
      const id = objectId(b, tag);
      return `${id.type}:${id.instance}`;
    }
    default:
      return undefined;
  }
}
