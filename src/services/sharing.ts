/**
 * Sharing under TLP 2.0: the owning organisation labels a record and names who receives it
 * (organisations for GREEN/AMBER/AMBER+STRICT, people for RED). What a reader then sees is
 * decided in the store (src/store/scope.ts), wherever the data leaves: API answers, exports.
 */
import { ConflictError, InputError, NotFoundError } from '../model/errors.js';
import { assertOrganisationWide, assertWritable, type Scope } from '../model/scope.js';
import { isTlp, type Tlp } from '../engine/tlp/index.js';
import type { Db } from '../store/database.js';
import { visibleRows, type ShareableTable, type ShareKind } from '../store/scope.js';
import { newId } from '../util/ids.js';
import type { Share, SharingState } from '../model/sharing-views.js';

export type { Share, SharingState } from '../model/sharing-views.js';

export const SHARE_KINDS: readonly ShareKind[] = ['asset', 'sbom', 'finding'];

const TABLE_OF: Record<ShareKind, ShareableTable> = { asset: 'assets', sbom: 'sboms', finding: 'findings' };

/**
 * The record, which must belong to the scope's organisation (only the originator labels and
 * shares) and, for a site-limited account, to one of its sites.
 */
async function ownRecord(db: Db, scope: Scope, kind: ShareKind, id: string): Promise<{ tlp: Tlp; siteBound: boolean }> {
  if (scope.view !== 'own') throw new NotFoundError(kind, id);
  const row =
    kind === 'asset'
      ? await db.selectFrom('assets').select(['tlp', 'site_id as place']).where('id', '=', id).where(visibleRows('assets', scope)).executeTakeFirst()
      : await db.selectFrom(TABLE_OF[kind]).select(['tlp', 'asset_id as place']).where('id', '=', id).where(visibleRows(TABLE_OF[kind], scope)).executeTakeFirst();
  if (!row) throw new NotFoundError(kind, id);
  return { tlp: isTlp(row.tlp) ? row.tlp : 'AMBER+STRICT', siteBound: row.place !== null };
}

/** An own record that the scope may change: an organisation-wide one (no asset) needs an account not limited to sites. */
async function changeableRecord(db: Db, scope: Scope, kind: ShareKind, id: string): Promise<{ tlp: Tlp }> {
  assertWritable(scope);
  const record = await ownRecord(db, scope, kind, id);
  if (!record.siteBound) assertOrganisationWide(scope, `sharing this ${kind}`);
  return record;
}

export async function sharingState(db: Db, scope: Scope, kind: ShareKind, id: string): Promise<SharingState> {
  const { tlp } = await ownRecord(db, scope, kind, id);
  const rows = await db
    .selectFrom('shares')
    .leftJoin('organisations', 'organisations.id', 'shares.recipient_org_id')
    .leftJoin('users', 'users.id', 'shares.recipient_user_id')
    .select(['shares.id', 'shares.recipient_org_id', 'shares.recipient_user_id', 'organisations.name as org_name', 'users.username', 'shares.created_by', 'shares.created_at'])
    .where('shares.record_kind', '=', kind)
    .where('shares.record_id', '=', id)
    .orderBy('shares.created_at')
    .execute();
  return {
    kind,
    id,
    tlp,
    shares: rows.map((r) => ({
      id: r.id,
      recipient: r.recipient_org_id
        ? { kind: 'organisation' as const, id: r.recipient_org_id, name: r.org_name ?? r.recipient_org_id }
        : { kind: 'person' as const, id: r.recipient_user_id ?? '', name: r.username ?? r.recipient_user_id ?? '' },
      createdBy: r.created_by,
      createdAt: r.created_at,
    })),
  };
}

/** Sets the label of an own record. */
export async function setLabel(db: Db, scope: Scope, kind: ShareKind, id: string, tlp: Tlp): Promise<{ before: Tlp; after: Tlp }> {
  assertWritable(scope);
  if (!isTlp(tlp)) throw new InputError(`unknown TLP label "${String(tlp)}"`, { code: 'invalid-tlp' });
  const { tlp: before } = await changeableRecord(db, scope, kind, id);
  await db.updateTable(TABLE_OF[kind]).set({ tlp }).where('id', '=', id).execute();
  return { before, after: tlp };
}

/** Shares an own record with an organisation (GREEN, AMBER, AMBER+STRICT) or a person (any label; RED only to people). */
export async function shareRecord(
  db: Db,
  scope: Scope,
  kind: ShareKind,
  id: string,
  recipient: { organisationId?: string; userId?: string },
  by: string,
): Promise<Share> {
  const { tlp } = await changeableRecord(db, scope, kind, id);
  if (Boolean(recipient.organisationId) === Boolean(recipient.userId)) {
    throw new InputError('name one recipient: an organisation or a person', { code: 'invalid-share' });
  }
  if (recipient.organisationId) {
    if (tlp === 'RED') throw new InputError('TLP:RED is shared with named people, not organisations', { code: 'invalid-share' });
    if (tlp === 'CLEAR') throw new InputError('TLP:CLEAR needs no sharing: anyone may receive it', { code: 'invalid-share' });
    if (recipient.organisationId === scope.orgId) throw new InputError('the record already belongs to this organisation', { code: 'invalid-share' });
    const org = await db.selectFrom('organisations').select(['id', 'name']).where('id', '=', recipient.organisationId).executeTakeFirst();
    if (!org) throw new NotFoundError('organisation', recipient.organisationId);
  } else {
    const user = await db.selectFrom('users').select(['id', 'org_id']).where('id', '=', recipient.userId!).executeTakeFirst();
    if (!user) throw new NotFoundError('user', recipient.userId!);
    if (user.org_id === scope.orgId) throw new InputError('people of the owning organisation see the record already', { code: 'invalid-share' });
  }
  const column = recipient.organisationId ? 'recipient_org_id' : 'recipient_user_id';
  const value = (recipient.organisationId ?? recipient.userId)!;
  const existing = await db.selectFrom('shares').select('id').where('record_kind', '=', kind).where('record_id', '=', id).where(column, '=', value).executeTakeFirst();
  if (existing) throw new ConflictError('the record is already shared with this recipient', { shareId: existing.id });
  const share = {
    id: newId(), record_kind: kind, record_id: id, owner_org_id: scope.orgId,
    recipient_org_id: recipient.organisationId ?? null, recipient_user_id: recipient.userId ?? null, created_by: by, created_at: new Date().toISOString(),
  };
  await db.insertInto('shares').values(share).execute();
  const state = await sharingState(db, scope, kind, id);
  return state.shares.find((s) => s.id === share.id)!;
}

export async function unshare(db: Db, scope: Scope, shareId: string): Promise<void> {
  assertWritable(scope);
  const row = await db.selectFrom('shares').select(['id', 'owner_org_id', 'record_kind', 'record_id']).where('id', '=', shareId).executeTakeFirst();
  if (!row || row.owner_org_id !== scope.orgId || !isShareKind(row.record_kind)) throw new NotFoundError('share', shareId);
  // A site-limited account withdraws shares only of records it may change (in its sites).
  if (scope.siteIds !== null) {
    try {
      await changeableRecord(db, scope, row.record_kind, row.record_id);
    } catch (err) {
      if (err instanceof NotFoundError) throw new NotFoundError('share', shareId);
      throw err;
    }
  }
  await db.deleteFrom('shares').where('id', '=', shareId).execute();
}

export function isShareKind(value: string): value is ShareKind {
  return (SHARE_KINDS as readonly string[]).includes(value);
}

export function assertShareKind(value: string): ShareKind {
  if (!isShareKind(value)) throw new InputError(`records of kind "${value}" cannot be shared (${SHARE_KINDS.join(', ')})`, { code: 'invalid-share' });
  return value;
}

