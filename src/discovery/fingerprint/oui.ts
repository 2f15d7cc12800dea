/** MAC vendor lookup from the IEEE registries bundled by `oui-data` (loaded lazily: 5.6 MB of JSON). */
import { createRequire } from 'node:module';

type OuiTable = Record<string, string>;
let table: OuiTable | undefined;
/** 24-bit OUIs that have MA-M or MA-S sub-assignments (looked up by the longer prefixes first). */
let subdivided: Set<number> | undefined;
/** Vendor per 24-bit OUI of the others: a plant has few vendors and many MACs of each. */
const byOui = new Map<number, string | null>();

function load(): OuiTable {
  if (!table) table = createRequire(import.meta.url)('oui-data') as OuiTable;
  return table;
}

function subdividedOuis(): Set<number> {
  if (!subdivided) {
    subdivided = new Set();
    for (const key of Object.keys(load())) if (key.length > 6) subdivided.add(parseInt(key.slice(0, 6), 16));
  }
  return subdivided;
}

/** The registry's entry for 12 upper-case hex digits, MA-S (36-bit) and MA-M (28-bit) before MA-L (24-bit). */
function lookup(digits: string): string | null {
  const oui = load();
  for (const length of [9, 7, 6]) {
    const entry = oui[digits.slice(0, length)];
    if (entry) return entry.split('\n')[0]?.trim().replace(/,$/, '') || null;
  }
  return null;
}

/**
 * Organisation registered for a MAC address (`aa:bb:cc:dd:ee:ff` or 12 hex digits). Tries the
 * MA-S (36-bit) and MA-M (28-bit) assignments before the MA-L (24-bit) OUI. Null for locally
 * administered or unknown addresses.
 */
export function macVendor(mac: string): string | null {
  const digits = mac.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  if (digits.length !== 12) return null;
  if (parseInt(digits.slice(0, 2), 16) & 0x02) return null; // locally administered
  return lookup(digits);
}

/** `macVendor` of a MAC held as a 48-bit number (what devices are built from). */
export function macVendorOf(mac: number): string | null {
  const oui = Math.floor(mac / 0x1000000);
  if (oui & 0x020000) return null; // locally administered
  if (subdividedOuis().has(oui)) return lookup(mac.toString(16).toUpperCase().padStart(12, '0'));
  let vendor = byOui.get(oui);
  if (vendor === undefined) {
    vendor = lookup(mac.toString(16).toUpperCase().padStart(12, '0'));
    if (byOui.size >= 4096) byOui.clear(); // bounded, whatever MACs a capture makes up
    byOui.set(oui, vendor);
  }
  return vendor;
}
