/** Seeds the generated demo plant (a water utility and a substation) as observations from the 'demo' source. */
import { generateDemoPlant } from '../demo/plant.js';
import { organisationScope } from '../model/scope.js';
import type { Store } from '../store/database.js';
import { DEFAULT_ORG_ID } from '../store/migrations/011-accounts.js';
import { countAssets } from '../store/repositories/assets.js';
import { importRecords, type ImportReport } from './inventory.js';

export const DEMO_SOURCE_NAME = 'Bulwark demo plant';

/** Imports the demo plant. Without `force` it does nothing when the inventory already has assets. */
/** The demo plant goes to the default (hosting) organisation unless told otherwise. */
export async function seedDemo(store: Store, options: { force?: boolean; orgId?: string } = {}): Promise<ImportReport | null> {
  const scope = organisationScope(options.orgId ?? DEFAULT_ORG_ID);
  if (!options.force && (await countAssets(store.db, scope)) > 0) return null;
  const records = generateDemoPlant().map((facts, i) => ({ facts, line: i + 1 }));
  return importRecords(store, records, { scope, sourceName: DEMO_SOURCE_NAME, sourceKind: 'demo', format: 'json' });
}
