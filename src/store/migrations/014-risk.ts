import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * Risk and remediation (issue 8, ADR 007): the organisation policy, users' input overrides, the
 * vulnerability-side inputs derived from intelligence (a cache keyed by what they were derived
 * from), one stored assessment per open finding (what the work queue sorts and pages), remediation
 * plans and records, the latest rollups with their daily snapshots, recompute runs, notification
 * endpoints and their delivery log.
 *
 * The work queue reads one decision at a time in deadline order, so its two indexes start with
 * (organisation[, site], open, decision) and continue in the page order (due day, risk
 * descending, finding id): every page, filter and count is an index range scan. A partial index
 * on the open findings lets the recompute page through them in id order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .createTable('risk_policies')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('sla_days', 'text', (c) => c.notNull())
    .addColumn('due_soon_days', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('risk_overrides')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addColumn('input', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('vulnerability_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text')
    .execute();
  await db.schema.createIndex('risk_overrides_target').on('risk_overrides').columns(['org_id', 'scope', 'scope_id']).execute();

  await db.schema
    .createTable('risk_vulnerability_inputs')
    .addColumn('vulnerability_id', 'text', (c) => c.primaryKey())
    .addColumn('stamp', 'text', (c) => c.notNull())
    .addColumn('exploitation', 'integer', (c) => c.notNull())
    .addColumn('automatable', 'integer', (c) => c.notNull())
    .addColumn('technical_impact', 'integer', (c) => c.notNull())
    .addColumn('kev', 'integer', (c) => c.notNull())
    .addColumn('vulnrichment', 'integer', (c) => c.notNull())
    .addColumn('kev_added_day', 'integer', (c) => c.notNull())
    .addColumn('vulnrichment_day', 'integer', (c) => c.notNull())
    .addColumn('cvss_tenths', 'integer', (c) => c.notNull())
    .addColumn('epss', 'real')
    .addColumn('kev_due_date', 'text')
    .addColumn('fixed_version', 'text')
    .addColumn('fixed_versions', 'text')
    .addColumn('exploitation_evidence', 'text', (c) => c.notNull())
    .addColumn('problems', 'integer', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('risk_assessments')
    .addColumn('finding_id', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('site_key', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'text')
    .addColumn('site_id', 'text')
    .addColumn('zone_id', 'text')
    .addColumn('vulnerability_id', 'text', (c) => c.notNull())
    .addColumn('decision', 'integer', (c) => c.notNull())
    .addColumn('decision_since', 'text', (c) => c.notNull())
    .addColumn('bod_outcome', 'integer', (c) => c.notNull())
    .addColumn('bod_no_vulnrichment', 'integer', (c) => c.notNull())
    .addColumn('bod_due', 'text')
    .addColumn('policy_due', 'text')
    .addColumn('due_day', 'integer', (c) => c.notNull())
    .addColumn('due_kind', 'text', (c) => c.notNull())
    .addColumn('kev', 'integer', (c) => c.notNull())
    .addColumn('exposed', 'integer', (c) => c.notNull())
    .addColumn('risk_base', 'real', (c) => c.notNull())
    .addColumn('risk', 'real', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('open', 'integer', (c) => c.notNull())
    .addColumn('notified', 'integer', (c) => c.notNull())
    .addColumn('hash', 'double precision', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    // Organisation first: the recompute reads an organisation's rows in finding order. On SQLite
    // the rows are stored in that order (WITHOUT ROWID): one B-tree to read and to append to.
    .addPrimaryKeyConstraint('risk_assessments_pk', ['org_id', 'finding_id'])
    .$call((t) => (sqlite ? t.modifyEnd(sql`WITHOUT ROWID`) : t))
    .execute();
  // Kysely's index builder has no per-column direction: plain SQL, the same in both dialects.
  // (replaceAssessments in repositories/risk.ts builds these two again after large writes: keep in step.)
  await sql`CREATE INDEX risk_queue ON risk_assessments (org_id, open, decision, due_day, risk DESC, finding_id)`.execute(db);
  await sql`CREATE INDEX risk_queue_site ON risk_assessments (org_id, site_key, open, decision, due_day, risk DESC, finding_id)`.execute(db);
  // The recompute reads an organisation's open findings in id order, a page at a time.
  await sql`CREATE INDEX findings_open_org ON findings (org_id, id) WHERE status = 'affected' AND resolved_at IS NULL`.execute(db);

  await db.schema
    .createTable('remediation_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('vulnerability_id', 'text')
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('action', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('remediation_plans_org').on('remediation_plans').columns(['org_id', 'created_at']).execute();

  await db.schema
    .createTable('remediations')
    .addColumn('finding_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('vulnerability_id', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'text')
    .addColumn('plan_id', 'text', (c) => c.references('remediation_plans.id').onDelete('set null'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('due_date', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('first_action_at', 'text')
    .addColumn('record', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('remediations_state').on('remediations').columns(['org_id', 'state', 'expires_at']).execute();
  await db.schema.createIndex('remediations_plan').on('remediations').column('plan_id').execute();
  await db.schema.createIndex('remediations_action').on('remediations').columns(['org_id', 'first_action_at']).execute();
  await db.schema.createIndex('remediations_updated').on('remediations').columns(['org_id', 'updated_at']).execute();

  for (const table of ['risk_rollups', 'risk_snapshots'] as const) {
    let t = db.schema
      .createTable(table)
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('group_id', 'text', (c) => c.notNull())
      .addColumn('group_name', 'text', (c) => c.notNull())
      .addColumn('score', 'real', (c) => c.notNull())
      .addColumn('findings', 'integer', (c) => c.notNull())
      .addColumn('act', 'integer', (c) => c.notNull())
      .addColumn('attend', 'integer', (c) => c.notNull())
      .addColumn('track_star', 'integer', (c) => c.notNull())
      .addColumn('track', 'integer', (c) => c.notNull())
      .addColumn('sum', 'real', (c) => c.notNull())
      .addColumn('mean', 'real', (c) => c.notNull())
      .addColumn('worst_finding_id', 'text');
    t =
      table === 'risk_rollups'
        ? t.addColumn('computed_at', 'text', (c) => c.notNull()).addPrimaryKeyConstraint('risk_rollups_pk', ['org_id', 'level', 'group_id'])
        : t.addColumn('day', 'text', (c) => c.notNull()).addPrimaryKeyConstraint('risk_snapshots_pk', ['org_id', 'level', 'group_id', 'day']);
    await t.execute();
  }
  await sql`CREATE INDEX risk_rollups_score ON risk_rollups (org_id, level, score DESC, group_id)`.execute(db);
  await db.schema.createIndex('risk_snapshots_day').on('risk_snapshots').columns(['org_id', 'level', 'day']).execute();

  await db.schema
    .createTable('risk_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('risk_runs_org').on('risk_runs').columns(['org_id', 'started_at']).execute();

  await db.schema
    .createTable('notification_endpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('secret', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notification_endpoints_org').on('notification_endpoints').columns(['org_id', 'name']).execute();

  await db.schema
    .createTable('notification_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('endpoint_id', 'text', (c) => c.notNull())
    .addColumn('endpoint_name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('event_count', 'integer', (c) => c.notNull())
    .addColumn('event_kinds', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('error', 'text')
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_attempt_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notification_deliveries_org').on('notification_deliveries').columns(['org_id', 'created_at']).execute();
  await db.schema.createIndex('notification_deliveries_endpoint').on('notification_deliveries').columns(['endpoint_id', 'created_at']).execute();
}
