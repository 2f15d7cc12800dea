import type { Kysely } from 'kysely';

/**
 * Asset list indexes that lead with the organisation. Every list query is scoped to one
 * organisation (`org_id = ?`) since 013; indexes on (kind, name), (site_id, name)… could not
 * serve that filter, so the planner walked the whole organisation in name order and checked each
 * row, or sorted all of it (`sort=-updatedAt`): hundreds of milliseconds at 100,000 assets.
 * `assets_updated_at` stays for the matcher's "changed since the last run" (all organisations);
 * `assets_name` goes, `assets_org_name` (013) serves it.
 */
const REPLACED = ['assets_name', 'assets_kind_name', 'assets_site_name', 'assets_vendor_name', 'assets_criticality_name'];

const ORG_INDEXES: Array<[string, string[]]> = [
  ['assets_org_kind_name', ['org_id', 'kind', 'name', 'id']],
  ['assets_org_site_name', ['org_id', 'site_id', 'name', 'id']],
  ['assets_org_vendor_name', ['org_id', 'vendor', 'name', 'id']],
  ['assets_org_criticality_name', ['org_id', 'criticality', 'name', 'id']],
  ['assets_org_updated_at', ['org_id', 'updated_at', 'id']],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const name of REPLACED) await db.schema.dropIndex(name).ifExists().execute();
  for (const [name, columns] of ORG_INDEXES) await db.schema.createIndex(name).on('assets').columns(columns).execute();
}
