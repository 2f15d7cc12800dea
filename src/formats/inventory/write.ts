/** Writers for inventory exports; their output reads back through read.ts unchanged (round trip). */
import { stringify } from 'csv-stringify/sync';
import type { AssetFacts } from '../../model/asset.js';
import { INVENTORY_COLUMNS, factsToRecord } from './fields.js';

export function writeInventoryCsv(assets: Iterable<AssetFacts>): string {
  const records = [...assets].map(factsToRecord);
  const customColumns = new Set<string>();
  for (const r of records) for (const k of Object.keys(r)) if (!(INVENTORY_COLUMNS as readonly string[]).includes(k)) customColumns.add(k);
  const columns = [...INVENTORY_COLUMNS, ...[...customColumns].sort()];
  return stringify(records, { header: true, columns});
}

/** JSON export: the same fields as the CSV, in camelCase, list attributes as arrays. */
export function writeInventoryJson(assets: Iterable<AssetFacts & { id?: string }>): string {
  const out = [...assets].map((a) => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(a)) {
      if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
      if (k === 'custom' && Object.keys(v as object).length === 0) continue;
      o[k] = v;
    }
    return o;
  });
  return JSON.stringify(out, null, 2) + '\n';
}
