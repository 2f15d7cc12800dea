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
  let end = o;
  const limit = o + length;
  while (end < limit && b[end] !== 0) end++;
  return (encoding === 'utf-8' ? utf8Texts : latin1Texts).get(b, o, end);
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

/** `aa:bb:cc:dd:ee:ff` for a MAC held as a number. */
export function macString(mac: number): string {
  const high = Math.floor(mac / 0x100000000);
  const low = mac - high * 0x100000000;
  return `${HEX_BYTES[(high >>> 8) & 255]}:${HEX_BYTES[high & 255]}:${HEX_BYTES[(low >>> 24) & 255]}:${HEX_BYTES[(low >>> 16) & 255]}:${HEX_BYTES[(low >>> 8) & 255]}:${HEX_BYTES[low & 255]}`;
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
