/** Seeds the generated demo plant (a water utility and a substation) as observations from the 'demo' source. */
import { generateDemoPlant } from '../demo/plant.js';
import type { Store } from '../store/database.js';
import { countAssets } from '../store/repositories/assets.js';
import { importRecords, type ImportReport } from './inventory.js';

export const DEMO_SOURCE_NAME = 'Bulwark demo plant';

/** Imports the demo plant. Without `force` it does nothing when the inventory already has assets. */
export async function seedDemo(store: Store, options: { force?: boolean } = {}): Promise<ImportReport | null> {
  if (!options.force && (await countAssets(store.db)) > 0) return null;
  const records = generateDemoPlant().map((facts, i) => ({ facts, line: i + 1 }));
  return importRecords(store, records, { sourceName: DEMO_SOURCE_NAME, sourceKind: 'demo', format: 'json' });
}
