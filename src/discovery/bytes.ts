/**
 * Bounds-checked reading of untrusted bytes. Dissectors read through these helpers so that a
 * wrong length in any header becomes a typed `Truncated` error, never an out-of-range read.
 */

/**
 * Thrown when a field would extend past the end of the bytes it is read from. Always caught and
 * reported as a problem, so it carries no stack trace (capturing one per malformed PDU is costly).
 */
export class Truncated extends Error {
  readonly what: string;
  readonly needed: number;
  readonly available: number;

  constructor(what: string, needed: number, available: number) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(`${what}: needs ${needed} bytes, ${available} available`);
    Error.stackTraceLimit = limit;
    this.what = what;
    this.needed = needed;
    this.available = available;
    this.name = 'Truncated';
  }
}

export function need(bytes: Uint8Array, offset: number, length: number, what: string): void {
  if (offset < 0 || length < 0 || offset + length > bytes.length) throw new Truncated(what, offset + length, bytes.length);
}

export function u8(b: Uint8Array, o: number, what = 'u8'): number {
  need(b, o, 1, what);
  return b[o] as number;
}

export function u16be(b: Uint8Array, o: number, what = 'u16'): number {
  need(b, o, 2, what);
  return ((b[o] as number) << 8) | (b[o + 1] as number);
}

export function u16le(b: Uint8Array, o: number, what = 'u16'): number {
  need(b, o, 2, what);
  return (b[o] as number) | ((b[o + 1] as number) << 8);
}

export function u32be(b: Uint8Array, o: number, what = 'u32'): number {
  need(b, o, 4, what);
  return (((b[o] as number) << 24) | ((b[o + 1] as number) << 16) | ((b[o + 2] as number) << 8) | (b[o + 3] as number)) >>> 0;
}

export function u32le(b: Uint8Array, o: number, what = 'u32'): number {
  need(b, o, 4, what);
  return ((b[o] as number) | ((b[o + 1] as number) << 8) | ((b[o + 2] as number) << 16) | ((b[o + 3] as number) << 24)) >>> 0;
}

export function i32le(b: Uint8Array, o: number, what = 'i32'): number {
  return u32le(b, o, what) | 0;
}

export function slice(b: Uint8Array, o: number, length: number, what = 'bytes'): Uint8Array {
  need(b, o, length, what);
  return b.subarray(o, o + length);
}

const EMPTY = new Uint8Array(0);

/**
 * The shared reader for dissectors that read in place: `length` bytes of `b` from `base`, read as
 * if they were the view `b.subarray(base, base + length)`, without making that view. Offsets are
 * relative to `base`; bounds checks (and their `Truncated` messages) are against `length`, exactly
 * as the helpers above check a view, and a read past the end gives undefined. One window object is
 * reused per protocol layer (dissection is not re-entrant), so the hot path allocates nothing.
 */
export class ByteWindow {
  b: Uint8Array = EMPTY;
  base = 0;
  length = 0;

  /** Points at `b.subarray(start, end)` (clamped the same way). */
  of(b: Uint8Array, start = 0, end = b.length): this {
    const from = Math.min(Math.max(start, 0), b.length);
    const to = Math.min(Math.max(end, 0), b.length);
    this.b = b;
    this.base = from;
    this.length = Math.max(0, to - from);
    return this;
  }

  /** Points at `w.subarray(start, end)` of another window (clamped the same way). */
  sub(w: ByteWindow, start: number, end = w.length): this {
    const from = Math.min(Math.max(start, 0), w.length);
    const to = Math.min(Math.max(end, 0), w.length);
    this.b = w.b;
    this.base = w.base + from;
    this.length = Math.max(0, to - from);
    return this;
  }

  /** The byte at `o`, undefined outside the window (as an out-of-range view index). */
  at(o: number): number | undefined {
    return o >= 0 && o < this.length ? this.b[this.base + o] : undefined;
  }

  /** A real view of `[start, end)` (clamped like subarray), for decoders that need one. */
  view(start = 0, end = this.length): Uint8Array {
    const from = Math.min(Math.max(start, 0), this.length);
    const to = Math.min(Math.max(end, 0), this.length);
    return this.b.subarray(this.base + from, this.base + Math.max(from, to));
  }

  need(o: number, length: number, what: string): void {
    if (o < 0 || length < 0 || o + length > this.length) throw new Truncated(what, o + length, this.length);
  }

  /** Copies the window's bytes into `target` at `offset`. */
  copyTo(target: Uint8Array, offset: number): void {
    target.set(this.b.subarray(this.base, this.base + this.length), offset);
  }

  u8(o: number, what = 'u8'): number {
    this.need(o, 1, what);
    return this.b[this.base + o] as number;
  }

  u16be(o: number, what = 'u16'): number {
    this.need(o, 2, what);
    const p = this.base + o;
    return ((this.b[p] as number) << 8) | (this.b[p + 1] as number);
  }

  u16le(o: number, what = 'u16'): number {
    this.need(o, 2, what);
    const p = this.base + o;
    return (this.b[p] as number) | ((this.b[p + 1] as number) << 8);
  }

  u32be(o: number, what = 'u32'): number {
    this.need(o, 4, what);
    const b = this.b;
    const p = this.base + o;
    return (((b[p] as number) << 24) | ((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number)) >>> 0;
  }

  u32le(o: number, what = 'u32'): number {
    this.need(o, 4, what);
    const b = this.b;
    const p = this.base + o;
    return ((b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16) | ((b[p + 3] as number) << 24)) >>> 0;
  }

  /** `macAt(view, o)`. */
  mac(o: number): number {
    this.need(o, 6, 'MAC address');
    const p = this.base + o;
    return (this.b[p] as number) * 0x10000000000 + (this.b[p + 1] as number) * 0x100000000 + this.u32be(o + 2);
  }

  /** `ipv4At(view, o)`. */
  ipv4(o: number): string {
    return ipv4String(this.u32be(o, 'IPv4 address'));
  }

  /** `text(view, o, length, what, encoding)`. */
  text(o: number, length: number, what = 'text', encoding: 'latin1' | 'utf-8' = 'latin1'): string {
    this.need(o, length, what);
    return textAt(this.b, this.base + o, this.base + o + length, encoding);
  }

  /** `hex(view.subarray(start, end))`; the caller has checked the bounds. */
  hex(start: number, end: number): string {
    return hexAt(this.b, this.base + start, this.base + end);
  }
}

/** `00`…`ff`. */
const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

const TEXT_CACHE_SLOTS = 1024;
/** Longer fields (rare) are decoded every time. */
const TEXT_CACHE_MAX_BYTES = 256;

/**
 * Strings decoded from bytes, remembered by those bytes. Devices repeat the same names in every
 * PDU, and hashing and comparing a few bytes costs far less than a view, a TextDecoder call and
 * the clean-up regexes; the same string object comes back each time, which also makes the
 * inventory's comparisons of it cheap. Direct-mapped (bounded); `decode` must depend on the bytes
 * only.
 */
export class TextCache {
  private readonly keys: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(TEXT_CACHE_SLOTS).fill(undefined);
  private readonly values: string[] = new Array<string>(TEXT_CACHE_SLOTS).fill('');

  constructor(private readonly decode: (bytes: Uint8Array) => string) {}

  /** `decode(b.subarray(start, end))`; the caller has checked the bounds. */
  get(b: Uint8Array, start: number, end: number): string {
    const length = end - start;
    if (length > TEXT_CACHE_MAX_BYTES) return this.decode(b.subarray(start, end));
    let h = length | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
    const slot = (h ^ (h >>> 13)) & (TEXT_CACHE_SLOTS - 1);
    const key = this.keys[slot];
    if (key !== undefined && key.length === length) {
      let i = 0;
      while (i < length && key[i] === b[start + i]) i++;
      if (i === length) return this.values[slot] as string;
    }
    const value = this.decode(b.subarray(start, end));
    const copy = new Uint8Array(length);
    for (let i = 0; i < length; i++) copy[i] = b[start + i] as number;
    this.keys[slot] = copy;
    this.values[slot] = value;
    return value;
  }
}

const latin1Texts = new TextCache((bytes) => clean(latin1.decode(bytes)));
const utf8Texts = new TextCache((bytes) => clean(utf8.decode(bytes)));

/**
 * Printable text from a fixed-width field: stops at the first NUL, trims padding, and replaces
 * control characters so that hostile bytes cannot smuggle terminal escapes into reports.
 */
export function text(b: Uint8Array, o: number, length: number, what = 'text', encoding: 'latin1' | 'utf-8' = 'latin1'): string {
  need(b, o, length, what);
  return textAt(b, o, o + length, encoding);
}

/** `text` of `b[start..limit)`; the caller has checked the bounds. */
function textAt(b: Uint8Array, start: number, limit: number, encoding: 'latin1' | 'utf-8'): string {
  let end = start;
  while (end < limit && b[end] !== 0) end++;
  return (encoding === 'utf-8' ? utf8Texts : latin1Texts).get(b, start, end);
}

/** Replaces control characters with spaces, collapses runs of whitespace and trims. */
export function clean(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
}

export function hex(b: Uint8Array): string {
  return hexAt(b, 0, b.length);
}

/** `hex(b.subarray(start, end))` without the view (the caller has checked the bounds). */
export function hexAt(b: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) out += HEX_BYTES[b[i] as number] as string;
  return out;
}

const NUMBER_SLOTS = 4096;
const numberKeys = new Float64Array(NUMBER_SLOTS).fill(-1);
const numberTexts: string[] = new Array<string>(NUMBER_SLOTS).fill('');

/**
 * `String(value)`, remembered for unsigned 32-bit integers (direct-mapped, bounded): devices repeat
 * the same ids, addresses and vendor numbers in every PDU.
 */
export function numberText(value: number): string {
  if (!(value >= 0 && value <= 0xffffffff) || Math.floor(value) !== value) return String(value);
  const slot = (value ^ (value >>> 12)) & (NUMBER_SLOTS - 1);
  if (numberKeys[slot] === value) return numberTexts[slot] as string;
  const text = String(value);
  numberKeys[slot] = value;
  numberTexts[slot] = text;
  return text;
}

const ipv4Cache = new Map<number, string>();

/** Dotted quad of a big-endian IPv4 address held as an unsigned 32-bit number (cached). */
export function ipv4String(address: number): string {
  const key = address | 0; // a small integer to V8 (an unsigned one above 2^31 would be boxed)
  let s = ipv4Cache.get(key);
  if (s === undefined) {
    s = `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}`;
    if (ipv4Cache.size > 65_536) ipv4Cache.clear();
    ipv4Cache.set(key, s);
  }
  return s;
}

export function ipv4At(b: Uint8Array, o: number): string {
  return ipv4String(u32be(b, o, 'IPv4 address'));
}

/** RFC 5952 text form of a 16-byte IPv6 address. */
export function ipv6At(b: Uint8Array, o: number): string {
  need(b, o, 16, 'IPv6 address');
  // Longest run of two or more zero groups becomes "::".
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (group(b, o, i) !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && group(b, o, j) === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups(b, o, 0, 8);
  return `${groups(b, o, 0, bestStart)}::${groups(b, o, bestStart + bestLength, 8)}`;
}

function group(b: Uint8Array, o: number, i: number): number {
  return ((b[o + 2 * i] as number) << 8) | (b[o + 2 * i + 1] as number);
}

function groups(b: Uint8Array, o: number, from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; i++) out += (i > from ? ':' : '') + group(b, o, i).toString(16);
  return out;
}

/** 48-bit MAC address as a number (exact in a double), so hot paths avoid building strings. */
export function macAt(b: Uint8Array, o: number): number {
  need(b, o, 6, 'MAC address');
  return (b[o] as number) * 0x10000000000 + (b[o + 1] as number) * 0x100000000 + u32be(b, o + 2);
}

/** Character code of the lower-case hex digit of `n` (0–15). */
function hexDigit(n: number): number {
  return n < 10 ? 48 + n : 87 + n;
}

/**
 * `aa:bb:cc:dd:ee:ff` for a MAC held as a number. Made in one `String.fromCharCode` call: one flat
 * string (joining the parts would make a chain of cons-strings, which devices and flows keep).
 */
export function macString(mac: number): string {
  const high = Math.floor(mac / 0x100000000);
  const low = mac - high * 0x100000000;
  const b0 = (high >>> 8) & 255;
  const b1 = high & 255;
  const b2 = (low >>> 24) & 255;
  const b3 = (low >>> 16) & 255;
  const b4 = (low >>> 8) & 255;
  const b5 = low & 255;
  return String.fromCharCode(
    hexDigit(b0 >> 4), hexDigit(b0 & 15), 58,
    hexDigit(b1 >> 4), hexDigit(b1 & 15), 58,
    hexDigit(b2 >> 4), hexDigit(b2 & 15), 58,
    hexDigit(b3 >> 4), hexDigit(b3 & 15), 58,
    hexDigit(b4 >> 4), hexDigit(b4 & 15), 58,
    hexDigit(b5 >> 4), hexDigit(b5 & 15),
  );
}

/** Unicast, non-zero MAC (group bit clear): one that can name a single host. */
export function isHostMac(mac: number): boolean {
  if (mac === 0) return false;
  const firstOctet = Math.floor(mac / 0x10000000000);
  return (firstOctet & 1) === 0;
}

/**
 * A real copy. (`Buffer#slice` returns a view, so `.slice()` on bytes that may come from a Node
 * stream would keep the whole chunk alive and share its memory.)
 */
export function copyOf(b: Uint8Array): Uint8Array {
  return new Uint8Array(b);
}
