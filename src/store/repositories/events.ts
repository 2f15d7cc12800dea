/**
 * Asset events repository: what was noticed about an asset (a new device on the wire, a firmware
 * that changed, …), newest first. The discovery service decides what to record; this module only
 * knows the table.
 */
import type { AssetEvent, AssetEventDetail, AssetEventKind } from '../../model/discovery-views.js';
import type { Scope } from '../../model/scope.js';
import type { Db } from '../database.js';
import { visibleIds } from '../scope.js';
import { chunks } from '../sql-helpers.js';

export { ASSET_EVENT_KINDS } from '../../model/discovery-views.js';
export type { AssetEvent, AssetEventDetail, AssetEventKind, AttributeChange, EventEvidence } from '../../model/discovery-views.js';

export interface AssetEventWrite {
  id: string;
  assetId: string;
  kind: AssetEventKind;
  detail: AssetEventDetail;
  at: string;
}

export async function insertAssetEvents(db: Db, events: AssetEventWrite[]): Promise<void> {
  // Five columns per row: 200 rows stay far below both dialects' bind-parameter limits.
  for (const part of chunks(events, 200)) {
    await db
      .insertInto('asset_events')
      .values(part.map((e) => ({ id: e.id, asset_id: e.assetId, kind: e.kind, detail: JSON.stringify(e.detail), at: e.at })))
      .execute();
  }
}

function parseDetail(text: string): AssetEventDetail {
  try {
    const value = JSON.parse(text) as AssetEventDetail;
    if (value && typeof value === 'object') return value;
  } catch {
    // fall through: a row written by hand; show it empty rather than fail the list
  }
  return { source: '', captures: [], site: null, changes: [], evidence: [] };
}

export interface EventPage {
  items: AssetEvent[];
  total: number;
}

/** One asset's events, newest first. */
export async function listAssetEvents(db: Db, scope: Scope, assetId: string, page: { limit: number; offset: number }): Promise<EventPage> {
  const rows = await db
    .selectFrom('asset_events')
    .selectAll()
    .where('asset_id', '=', assetId)
    .where('asset_id', 'in', visibleIds('assets', scope))
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const count = await db
    .selectFrom('asset_events')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('asset_id', '=', assetId)
    .where('asset_id', 'in', visibleIds('assets', scope))
    .executeTakeFirst();
  return {
    items: rows.map((r) => ({ id: r.id, assetId: r.asset_id, assetName: null, kind: r.kind, detail: parseDetail(r.detail), at: r.at })),
    total: Number(count?.n ?? 0),
  };
}

/** The most recent events of every asset, newest first, with the asset's name. */
export async function listRecentEvents(db: Db, scope: Scope, page: { limit: number; offset: number; kind?: string }): Promise<EventPage> {
  let query = db
    .selectFrom('asset_events as e')
    .innerJoin('assets as a', 'a.id', 'e.asset_id')
    .select(['e.id', 'e.asset_id', 'e.kind', 'e.detail', 'e.at', 'a.name'])
    .where('e.asset_id', 'in', visibleIds('assets', scope));
  let countQuery = db.selectFrom('asset_events').select((eb) => eb.fn.countAll().as('n')).where('asset_id', 'in', visibleIds('assets', scope));
  if (page.kind) {
    query = query.where('e.kind', '=', page.kind);
    countQuery = countQuery.where('kind', '=', page.kind);
  }
  const rows = await query.orderBy('e.at', 'desc').orderBy('e.id', 'desc').limit(page.limit).offset(page.offset).execute();
  const count = await countQuery.executeTakeFirst();
  return {
    items: rows.map((r) => ({ id: r.id, assetId: r.asset_id, assetName: r.name, kind: r.kind, detail: parseDetail(r.detail), at: r.at })),
    total: Number(count?.n ?? 0),
  };
}

export async function getAssetEvents(db: Db, ids: string[]): Promise<AssetEvent[]> {
  const out: AssetEvent[] = [];
  for (const part of chunks(ids)) {
    const rows = await db
      .selectFrom('asset_events as e')
      .innerJoin('assets as a', 'a.id', 'e.asset_id')
      .select(['e.id', 'e.asset_id', 'e.kind', 'e.detail', 'e.at', 'a.name'])
      .where('e.id', 'in', part)
      .execute();
    for (const r of rows) out.push({ id: r.id, assetId: r.asset_id, assetName: r.name, kind: r.kind, detail: parseDetail(r.detail), at: r.at });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
