/**
 * Fast, exact stand-ins for two hot built-ins of the result phase: `a.localeCompare(b, 'en')`
 * (ICU collation, ~1 µs a call) for the sorts of devices and flows, and `Date#toISOString`.
 */

const collator = new Intl.Collator('en');

/**
 * Identifiers, addresses and hex digits. For strings made only of these characters the 'en'
 * collation is plain lexicographic order by each character's collation rank (distinct primary
 * weights, none ignorable, no contractions), which `ranks()` verifies once against the collator.
 */
const ALPHABET = '-:.0123456789abcdefghijklmnopqrstuvwxyz';

let rankTable: Int8Array | null | undefined;

/** Character code → rank (0 = not in the alphabet); null when the collator disagrees with the premise. */
function ranks(): Int8Array | null {
  if (rankTable !== undefined) return rankTable;
  const chars = [...ALPHABET].sort(collator.compare);
  const table = new Int8Array(128);
  chars.forEach((c, i) => (table[c.charCodeAt(0)] = i + 1));
  let agrees = true;
  // Each pair of characters decides by itself (whatever follows), and a prefix sorts first.
  for (const a of chars) {
    for (const b of chars) {
      const expected = Math.sign((table[a.charCodeAt(0)] as number) - (table[b.charCodeAt(0)] as number));
      if (Math.sign(collator.compare(a, b)) !== expected) agrees = false;
      if (a !== b && (Math.sign(collator.compare(`${a}0`, `${b}z`)) !== expected || Math.sign(collator.compare(`${a}z`, `${b}0`)) !== expected)) agrees = false;
    }
    if (collator.compare(a, `${a}-`) >= 0 || collator.compare(`${a}${a}`, a) <= 0) agrees = false;
  }
  rankTable = agrees ? table : null;
  return rankTable;
}

/** Same sign as `a.localeCompare(b, 'en')`. */
export function collate(a: string, b: string): number {
  const table = ranks();
  if (table) {
    const n = Math.min(a.length, b.length);
    let i = 0;
    for (; i < n; i++) {
      const x = a.charCodeAt(i);
      const y = b.charCodeAt(i);
      const rx = x < 128 ? (table[x] as number) : 0;
      const ry = y < 128 ? (table[y] as number) : 0;
      if (rx === 0 || ry === 0) return collator.compare(a, b);
      if (rx !== ry) {
        // Decided here, provided the rest of both strings is in the alphabet too.
        if (!inAlphabet(a, i + 1, table) || !inAlphabet(b, i + 1, table)) return collator.compare(a, b);
        return rx - ry;
      }
    }
    if (a.length === b.length) return 0;
    const longer = a.length > b.length ? a : b;
    if (!inAlphabet(longer, i, table)) return collator.compare(a, b);
    return a.length - b.length;
  }
  return collator.compare(a, b);
}

/**
 * A string whose plain (code unit) order is the `collate` order among strings of the alphabet,
 * or undefined for a string with other characters (or when the collator disagrees with the
 * premise). Sorting thousands of devices or flows compares keys made once per string.
 */
export function collationKey(s: string): string | undefined {
  const table = ranks();
  if (!table) return undefined;
  let key = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const rank = c < 128 ? (table[c] as number) : 0;
    if (rank === 0) return undefined;
    key += String.fromCharCode(rank);
  }
  return key;
}

/** `collate(a, b)`, through the strings' `collationKey`s when both have one. */
export function collateKeyed(a: string, aKey: string | undefined, b: string, bKey: string | undefined): number {
  if (aKey !== undefined && bKey !== undefined) return aKey < bKey ? -1 : aKey > bKey ? 1 : 0;
  return collate(a, b);
}

function inAlphabet(s: string, from: number, table: Int8Array): boolean {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || table[c] === 0) return false;
  }
  return true;
}

const MAX_ISO_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * Character codes of the date part of the last day formatted (`YYYY-MM-DDT`): the times of a
 * capture share a few days.
 */
const lastDayCodes: number[] = new Array<number>(11).fill(0);
let lastDay = NaN;

function dayCodes(days: number): number[] {
  if (days === lastDay) return lastDayCodes;
  // Civil date from days since 1970-01-01 (H. Hinnant's algorithm, proleptic Gregorian).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T`;
  for (let i = 0; i < 11; i++) lastDayCodes[i] = text.charCodeAt(i);
  lastDay = days;
  return lastDayCodes;
}

/** Character code of the decimal digit `n` (0–9). */
function digit(n: number): number {
  return 48 + n;
}

/**
 * `new Date(seconds * 1000).toISOString()`, formatted by arithmetic for years 1970–9999. Made in
 * one `String.fromCharCode` call: one flat 24-character string, where joining the parts would make
 * a chain of eight cons-strings (~250 bytes rather than ~40, and every time of the result keeps one).
 */
export function isoTime(seconds: number): string {
  const ms = Math.trunc(seconds * 1000);
  if (!(ms >= 0 && ms <= MAX_ISO_MS)) return new Date(seconds * 1000).toISOString();
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const secs = Math.floor(rest / 1000);
  const millis = rest - secs * 1000;
  const d = dayCodes(days);
  return String.fromCharCode(
    d[0] as number, d[1] as number, d[2] as number, d[3] as number, d[4] as number, d[5] as number, d[6] as number, d[7] as number, d[8] as number, d[9] as number, d[10] as number,
    digit(Math.floor(hours / 10)), digit(hours % 10), 58, // :
    digit(Math.floor(minutes / 10)), digit(minutes % 10), 58, // :
    digit(Math.floor(secs / 10)), digit(secs % 10), 46, // .
    digit(Math.floor(millis / 100)), digit(Math.floor(millis / 10) % 10), digit(millis % 10), 90, // Z
  );
}
