/** Normalisers for asset attribute values, shared by every importer. */
import { isIP } from 'node:net';
import { PURDUE_LEVELS, type PurdueLevel } from './asset.js';

/** Accepts `0`..`5`, `L2`, `level 3`, `3.5` and `dmz` (any case); returns null when not a Purdue level. */
export function parsePurdueLevel(raw: string): PurdueLevel | null {
  const v = raw.trim().toLowerCase().replace(/^(level|l)\s*/, '');
  if (v === 'dmz' || v === '3.5' || v === 'idmz') return 'dmz';
  return (PURDUE_LEVELS as readonly string[]).includes(v) ? (v as PurdueLevel) : null;
}

const MAC_HEX = /^[0-9a-f]{12}$/;
/** Normalises `00:1B:1B:..`, `00-1b-1b-..`, `001b.1b..` and bare hex to lower-case colon form; null if invalid. */
export function normaliseMac(raw: string): string | null {
  const hex = raw.trim().toLowerCase().replace(/[:\-.]/g, '');
  if (!MAC_HEX.test(hex)) return null;
  return hex.match(/../g)!.join(':');
}

/** Returns the canonical text of an IPv4/IPv6 address (IPv6 lower case), or null if invalid. */
export function normaliseIp(raw: string): string | null {
  const v = raw.trim();
  const family = isIP(v);
  if (family === 4) return v.split('.').map((o) => String(Number(o))).join('.');
  if (family === 6) return v.toLowerCase();
  return null;
}

/** ISO 3166-1 alpha-2. Accepts lower case. */
export function normaliseCountry(raw: string): string | null {
  const v = raw.trim().toUpperCase();
  return /^[A-Z]{2}$/.test(v) ? v : null;
}
