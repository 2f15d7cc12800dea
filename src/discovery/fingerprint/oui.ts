/** MAC vendor lookup from the IEEE registries bundled by `oui-data` (loaded lazily: 5.6 MB of JSON). */
import { createRequire } from 'node:module';

type OuiTable = Record<string, string>;
let table: OuiTable | undefined;

function load(): OuiTable {
  if (!table) table = createRequire(import.meta.url)('oui-data') as OuiTable;
  return table;
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
  const oui = load();
  for (const length of [9, 7, 6]) {
    const entry = oui[digits.slice(0, length)];
    if (entry) return entry.split('\n')[0]?.trim().replace(/,$/, '') || null;
  }
  return null;
}
