/**
 * BACnet tag decoding (ASHRAE 135 clause 20.2): application and context tags, values. BACnet is
 * the bulk of many building and plant captures, so this reads through a `ByteWindow` (a view without
 * a typed-array object) into reusable `Tag` records: no allocation per tag.
 */
import { type ByteWindow, numberText, TextCache } from '../../bytes.js';

export class Tag {
  number = 0;
  context = false;
  /** Opening (6) / closing (7) context tags have no value. */
  opening = false;
  closing = false;
  /** Value length (application tag 1 `boolean` keeps its value here). */
  length = 0;
  /** Offset of the value. */
  valueOffset = 0;
  /** Offset just after the value. */
  end = 0;

  private set(number: number, context: boolean, opening: boolean, closing: boolean, length: number, valueOffset: number, end: number): Tag {
    this.number = number;
    this.context = context;
    this.opening = opening;
    this.closing = closing;
    this.length = length;
    this.valueOffset = valueOffset;
    this.end = end;
    return this;
  }

  /** Reads the tag at `o` into this record. */
  read(w: ByteWindow, o: number): Tag {
    const first = w.u8(o, 'BACnet tag');
    let p = o + 1;
    let number = first >> 4;
    if (number === 0x0f) number = w.u8(p++, 'BACnet extended tag number');
    const context = (first & 0x08) !== 0;
    let length = first & 0x07;
    if (context && length === 6) return this.set(number, context, true, false, 0, p, p);
    if (context && length === 7) return this.set(number, context, false, true, 0, p, p);
    if (!context && number === 1) return this.set(number, context, false, false, length, p, p); // boolean
    if (length === 5) {
      length = w.u8(p++, 'BACnet extended length');
      if (length === 254) {
        w.need(p, 2, 'BACnet extended length');
        length = ((w.at(p) as number) << 8) | (w.at(p + 1) as number);
        p += 2;
      } else if (length === 255) {
        w.need(p, 4, 'BACnet extended length');
        length = (((w.at(p) as number) << 24) | ((w.at(p + 1) as number) << 16) | ((w.at(p + 2) as number) << 8) | (w.at(p + 3) as number)) >>> 0;
        p += 4;
      }
    }
    w.need(p, length, 'BACnet tag value');
    return this.set(number, context, false, false, length, p, p + length);
  }
}

export function unsigned(w: ByteWindow, tag: Tag): number {
  let value = 0;
  for (let i = 0; i < tag.length && i < 6; i++) value = value * 256 + (w.at(tag.valueOffset + i) as number);
  return value;
}

/** BACnetObjectIdentifier as one number: type (10 bits) and instance (22 bits), see `objectType`/`objectInstance`. */
export function objectId(w: ByteWindow, tag: Tag): number {
  return unsigned(w, tag);
}

export function objectType(id: number): number {
  return Math.floor(id / 0x400000);
}

export function objectInstance(id: number): number {
  return id % 0x400000;
}

const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');
const utf16 = new TextDecoder('utf-16be');

/** Encoding byte then characters, decoded once per distinct value (devices answer the same names again and again). */
const characterStrings = new TextCache((value) => {
  const encoding = value[0] as number;
  const bytes = value.subarray(1);
  const decoded = encoding === 0 ? utf8.decode(bytes) : encoding === 4 ? utf16.decode(bytes) : latin1.decode(bytes);
  // eslint-disable-next-line no-control-regex
  return decoded.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
});

/** CharacterString: encoding byte (0 UTF-8, 4 UCS-2, 5 ISO 8859-1) then the characters. */
export function characterString(w: ByteWindow, tag: Tag): string {
  if (tag.length === 0) return '';
  // `Tag.read` checked that the value lies within the window.
  return characterStrings.get(w.b, w.base + tag.valueOffset, w.base + tag.end);
}

/** A single application-tagged value as text (strings, unsigned, enumerated, object ids). */
export function applicationValue(w: ByteWindow, tag: Tag): string | undefined {
  if (tag.context) return undefined;
  switch (tag.number) {
    case 2:
    case 9:
      return numberText(unsigned(w, tag));
    case 7:
      return characterString(w, tag);
    case 12: {
      const id = objectId(w, tag);
      return `${objectType(id)}:${objectInstance(id)}`;
    }
    default:
      return undefined;
  }
}
