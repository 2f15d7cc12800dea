import type { Kysely } from 'kysely';

/**
 * Matching: the key index that narrows which product specs can match which targets (keys come
 * from src/engine/match/keys.ts; the store rebuilds them when the key format version changes),
 * the keys touched by intelligence imports since the last match, findings with their evidence
 * and history, users' decisions that survive re-matching, and rules made from rejections.
 *
 * A target id is `a:<asset id>` for an asset and `c:<sbom id>:<component index>` for an SBOM
 * component.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('spec_keys')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('spec_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('spec_keys_pk', ['key', 'spec_id'])
    .execute();
  await db.schema.createIndex('spec_keys_spec').on('spec_keys').column('spec_id').execute();

  await db.schema
    .createTable('target_keys')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('target_keys_pk', ['key', 'target_id'])
    .execute();
  await db.schema.createIndex('target_keys_target').on('target_keys').column('target_id').execute();

  await db.schema
    .createTable('match_dirty_keys')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .execute();

  await db.schema
    .createTable('findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_name', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'text', (c) => c.references('assets.id').onDelete('cascade'))
    .addColumn('sbom_id', 'text', (c) => c.references('sboms.id').onDelete('cascade'))
    .addColumn('component_idx', 'integer')
    .addColumn('vulnerability_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('confidence', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'integer', (c) => c.notNull())
    .addColumn('user_decided', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('justification', 'text')
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('findings_target_vulnerability', ['target_id', 'vulnerability_id'])
    .execute();
  await db.schema.createIndex('findings_vulnerability').on('findings').columns(['vulnerability_id', 'status']).execute();
  await db.schema.createIndex('findings_status').on('findings').columns(['status', 'resolved_at']).execute();
  await db.schema.createIndex('findings_asset').on('findings').column('asset_id').execute();
  await db.schema.createIndex('findings_sbom').on('findings').columns(['sbom_id', 'component_idx']).execute();

  await db.schema
    .createTable('finding_decisions')
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('vulnerability_id', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('finding_decisions_pk', ['target_id', 'vulnerability_id'])
    .execute();

  await db.schema
    .createTable('match_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('spec_key', 'text', (c) => c.notNull())
    .addColumn('target_vendor', 'text', (c) => c.notNull())
    .addColumn('target_model', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
