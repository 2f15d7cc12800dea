/**
 * The SQL form of a Scope: the condition a row of a shareable table must meet to be seen. It
 * mirrors `mayReceive` in src/engine/tlp (the TLP matrix tests check that they agree).
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Scope } from '../model/scope.js';
import type { ShareKind } from '../model/sharing-views.js';

export type ShareableTable = 'assets' | 'sboms' | 'findings';
/** Declared with the sharing answers (src/model/sharing-views.ts), which the web UI imports. */
export type { ShareKind } from '../model/sharing-views.js';

export const SHARE_KIND: Record<ShareableTable, ShareKind> = { assets: 'asset', sboms: 'sbom', findings: 'finding' };

/** Rows of `table` (named `alias` in the query, by default its own name) that the scope may see. */
export function visibleRows(table: ShareableTable, scope: Scope, alias: string = table): RawBuilder<SqlBool> {
  const t = sql.table(alias);
  if (scope.view === 'own') {
    const own = sql<SqlBool>`${t}.org_id = ${scope.orgId}`;
    if (scope.siteIds === null) return own;
    return sql<SqlBool>`(${own} AND ${siteCondition(table, alias, scope.siteIds)})`;
  }
  const kind = SHARE_KIND[table];
  const sharedWith = (column: 'recipient_org_id' | 'recipient_user_id', value: string) =>
    sql<SqlBool>`EXISTS (SELECT 1 FROM shares WHERE shares.record_kind = ${kind} AND shares.record_id = ${t}.id AND shares.${sql.ref(column)} = ${value})`;
  const parts = [
    sql<SqlBool>`${t}.tlp = 'CLEAR'`,
    sql<SqlBool>`(${t}.tlp IN ('GREEN', 'AMBER', 'AMBER+STRICT') AND ${sharedWith('recipient_org_id', scope.orgId)})`,
  ];
  if (scope.inCommunity) parts.push(sql<SqlBool>`${t}.tlp = 'GREEN'`);
  if (scope.clientOf) parts.push(sql<SqlBool>`(${t}.tlp = 'AMBER' AND ${sharedWith('recipient_org_id', scope.clientOf)})`);
  if (scope.userId) parts.push(sharedWith('recipient_user_id', scope.userId));
  return sql<SqlBool>`(${t}.org_id <> ${scope.orgId} AND (${sql.join(parts, sql` OR `)}))`;
}

/** Site limits: assets by their site, findings and SBOMs by the asset they belong to. */
function siteCondition(table: ShareableTable, alias: string, siteIds: readonly string[]) {
  const list = siteIds.length > 0 ? sql.join(siteIds.map((s) => sql`${s}`)) : sql`NULL`;
  const t = sql.table(alias);
  if (table === 'assets') return sql<SqlBool>`${t}.site_id IN (${list})`;
  // Records not tied to an asset (SBOMs of a product version, their component findings) are
  // organisation-wide knowledge and stay visible.
  return sql<SqlBool>`(${t}.asset_id IS NULL OR ${t}.asset_id IN (SELECT id FROM assets WHERE site_id IN (${list})))`;
}

/** The ids of the rows of `table` the scope sees, as a sub-query (for `column IN (…)`). */
export function visibleIds(table: ShareableTable, scope: Scope): RawBuilder<string> {
  return sql<string>`(SELECT ${sql.table(table)}.id FROM ${sql.table(table)} WHERE ${visibleRows(table, scope)})`;
}
