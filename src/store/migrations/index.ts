import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001-inventory.js';
import * as m002 from './002-asset-search.js';
import * as m003 from './003-asset-search-batched.js';
import * as m004 from './004-intel.js';
import * as m005 from './005-sbom.js';
import * as m006 from './006-asset-search-hashsize.js';
import * as m007 from './007-findings.js';
import * as m008 from './008-asset-events.js';
import * as m009 from './009-asset-addresses-without-rowid.js';
import * as m010 from './010-spec-keys-without-rowid.js';
import * as m011 from './011-accounts.js';
import * as m013 from './013-tenancy.js';
import * as m014 from './014-risk.js';
import * as m015 from './015-asset-org-indexes.js';
import * as m016 from './016-findings-open-summary.js';

/**
 * Forward-only, versioned migrations. Names sort in application order; a released migration is
 * never edited, a change is a new file. Both dialects run the same migrations.
 */
const migrations: Record<string, Migration> = {
  '001-inventory': m001,
  '002-asset-search': m002,
  '003-asset-search-batched': m003,
  '004-intel': m004,
  '005-sbom': m005,
  '006-asset-search-hashsize': m006,
  '007-findings': m007,
  '008-asset-events': m008,
  '009-asset-addresses-without-rowid': m009,
  '010-spec-keys-without-rowid': m010,
  '011-accounts': m011,
  '013-tenancy': m013,
  '014-risk': m014,
  '015-asset-org-indexes': m015,
  '016-findings-open-summary': m016,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
