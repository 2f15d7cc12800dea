/**
 * BACnet tag decoding (ASHRAE 135 clause 20.2): application and context tags, values. BACnet is
 * the bulk of many building and plant captures, so this reads through a `Window` (a view without
 * a typed-array object) into reusable `Tag` records: no allocation per tag.
 */
import { TextCache, Truncated } from '../../bytes.js';

/**
 * `length` bytes of `b` from `base`, read as if they were `b.subarray(base, base + length)`:
 * offsets are relative, bounds checks and their messages are the view's, and a read past the end
 * gives undefined.
 */
export class Window {
  b: Uint8Array = new Uint8Array(0);
  base = 0;
  length = 0;

  /** Points at `b.subarray(start, end)` (clamped the same way). */
  of(b: Uint8Array, start: number, end = b.length): this {
    const from = Math.min(Math.max(start, 0), b.length);
    const to = Math.min(Math.max(end, 0), b.length);
    this.b = b;
    this.base = from;
    this.length = Math.max(0, to - from);
    return this;
  }

  /** Points at `w.subarray(start, end)` of another window. */
  sub(w: Window, start: number, end: number): this {
    const from = Math.min(Math.max(start, 0), w.length);
    const to = Math.min(Math.max(end, 0), w.length);
    this.b = w.b;
    this.base = w.base + from;
    this.length = Math.max(0, to - from);
    return this;
  }

  /** Points at `w.subarray(start)` of another window. */
  rest(w: Window, start: number): this {
    const from = Math.min(Math.max(start, 0), w.length);
    this.b = w.b;
    this.base = w.base + from;
    this.length = w.length - from;
    return this;
  }

  /** The byte at `o`, undefined outside the window (as an out-of-range view index). */
  at(o: number): number | undefined {
    return o >= 0 && o < this.length ? this.b[this.base + o] : undefined;
  }

  /** A real view of `[start, end)` (clamped like subarray), for decoders that need one. */
  view(start: number, end: number): Uint8Array {
    const from = Math.min(Math.max(start, 0), this.length);
    const to = Math.min(Math.max(end, 0), this.length);
    return this.b.subarray(this.base + from, this.base + Math.max(from, to));
  }
}

export function need(w: Window, offset: number, length: number, what: string): void {
  if (offset < 0 || length < 0 || offset + length > w.length) throw new Truncated(what, offset + length, w.length);
}

export function u8(w: Window, o: number, what: string): number {
  need(w, o, 1, what);
  return w.b[w.base + o] as number;
}

export function u16be(w: Window, o: number, what: string): number {
  need(w, o, 2, what);
  return ((w.b[w.base + o] as number) << 8) | (w.b[w.base + o + 1] as number);
}

export function u32be(w: Window, o: number, what: string): number {
  need(w, o, 4, what);
  const b = w.b;
  const p = w.base + o;
  return (((b[p] as number) << 24) | ((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number)) >>> 0;
}

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
  read(w: Window, o: number): Tag {
    const first = u8(w, o, 'BACnet tag');
    let p = o + 1;
    let number = first >> 4;
    if (number === 0x0f) number = u8(w, p++, 'BACnet extended tag number');
    const context = (first & 0x08) !== 0;
    let length = first & 0x07;
    if (context && length === 6) return this.set(number, context, true, false, 0, p, p);
    if (context && length === 7) return this.set(number, context, false, true, 0, p, p);
    if (!context && number === 1) return this.set(number, context, false, false, length, p, p); // boolean
    if (length === 5) {
      length = u8(w, p++, 'BACnet extended length');
      if (length === 254) {
        need(w, p, 2, 'BACnet extended length');
        length = ((w.at(p) as number) << 8) | (w.at(p + 1) as number);
        p += 2;
      } else if (length === 255) {
        need(w, p, 4, 'BACnet extended length');
        length = (((w.at(p) as number) << 24) | ((w.at(p + 1) as number) << 16) | ((w.at(p + 2) as number) << 8) | (w.at(p + 3) as number)) >>> 0;
        p += 4;
      }
    }
    need(w, p, length, 'BACnet tag value');
    return this.set(number, context, false, false, length, p, p + length);
  }
}

export function unsigned(w: Window, tag: Tag): number {
  let value = 0;
  for (let i = 0; i < tag.length && i < 6; i++) value = value * 256 + (w.at(tag.valueOffset + i) as number);
  return value;
}

/** BACnetObjectIdentifier as one number: type (10 bits) and instance (22 bits), see `objectType`/`objectInstance`. */
export function objectId(w: Window, tag: Tag): number {
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
export function characterString(w: Window, tag: Tag): string {
  if (tag.length === 0) return '';
  // `Tag.read` checked that the value lies within the window.
  return characterStrings.get(w.b, w.base + tag.valueOffset, w.base + tag.end);
}

/** A single application-tagged value as text (strings, unsigned, enumerated, object ids). */
export function applicationValue(w: Window, tag: Tag): string | undefined {
  if (tag.context) return undefined;
  switch (tag.number) {
    case 2:
    case 9:
      return String(unsigned(w, tag));
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
