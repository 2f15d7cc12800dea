/**
 * Dates as the risk engine handles them: ISO-8601 strings in and out (as everywhere in the model),
 * epoch milliseconds and UTC day numbers inside. A date without a time is that day's UTC midnight;
 * a timestamp without a zone is read as UTC (feeds write UTC), so nothing depends on the host's zone.
 */

export const DAY_MS = 86_400_000;
/** "No date" in Int32 day columns (batch API). */
export const NO_DAY = -2_147_483_648;

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Epoch milliseconds of an ISO-8601 date or timestamp; `undefined` when absent or not a real date (2021-02-30). */
export function parseInstant(text: string | undefined | null): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone = 'Z'] = m;
  const day = Date.UTC(Number(y), Number(mo) - 1, Number(d));
  // Date.UTC rolls 2021-02-30 over to March; a real date survives the round trip.
  if (new Date(day).toISOString().slice(0, 10) !== `${y}-${mo}-${d}`) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return undefined;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${fraction}${offset}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** UTC day number (days since 1970-01-01) of an instant. */
export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** UTC day number of an ISO date or timestamp, or {@link NO_DAY}. */
export function dayOfText(text: string | undefined | null): number {
  const ms = parseInstant(text);
  return ms === undefined ? NO_DAY : dayOf(ms);
}

/** `YYYY-MM-DD` of a UTC day number. */
export function dayText(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Accepts what callers have at hand for "now". */
export type Now = Date | number | string;

/** Epoch milliseconds of `now`; a `now` that is not a date is a programming error, so it throws. */
export function nowMs(now: Now): number {
  const ms = typeof now === 'number' ? now : now instanceof Date ? now.getTime() : parseInstant(now);
  if (ms === undefined || !Number.isFinite(ms)) throw new TypeError(`not a date: ${String(now)}`);
  return ms;
}
