/**
 * Matching use cases: which known vulnerabilities are inside the plant. Ties the pure engine
 * (src/engine/match) to the store: the key index narrows candidates, the engine decides, findings
 * keep their history (first seen, last seen, resolved) and users' decisions survive re-matching.
 *
 * Incremental by default: a match examines the targets changed since the last one (assets by
 * `updated_at`, SBOM components by import time) and the targets filed under keys that
 * intelligence imports touched since. `full` examines everything.
 */
import { performance } from 'node:perf_hooks';
import { assetTarget, componentTarget, specMatchKeys, targetMatchKeys } from '../engine/match/index.js';
import type { MatchableSpec } from '../engine/match/index.js';
import type { Finding, MatchIssue, MatchTarget } from '../model/finding.js';
import type { SbomComponent } from '../model/sbom.js';
import { InputError, NotFoundError } from '../model/errors.js';
import type { Db, Store } from '../store/database.js';
import { chunks } from '../store/sql-helpers.js';
import { withIndexesDeferred, worthDeferringInto } from '../store/deferred-indexes.js';
import { refreshStatistics, STATISTICS_AFTER } from '../store/statistics.js';
import {
  assetTargetId,
  componentTargetId,
  deleteDecision,
  findingSummary,
  getFindingRow,
  getMeta,
  keysOfSpecsImportedSince,
  insertRule,
  listFindings,
  listRules,
  parseTargetId,
  pruneOrphanKeys,
  resolveFindings,
  setMeta,
  takeDirtyKeys,
  targetIdsForKeys,
  touchFindings,
  upsertFindings,
  writeDecision,
  writeSpecKeys,
  replaceTargetKeys,
  META_LAST_FULL_MATCH,
  type FindingQuery,
  type FindingRow,
  type FindingWrite,
} from '../store/repositories/findings.js';
import { newId } from '../util/ids.js';
import { assertOrganisationWide, assertWritable, type Scope } from '../model/scope.js';
import type { FindingDecision, FindingView, MatchStatus, MatchSummary } from '../model/finding-views.js';
import { sbomsOfAsset } from './sbom.js';
import { ChunkMatcher, loadSpecs, type ChunkTarget, type ChunkOutcome } from './match-chunks.js';
import { RunWorkers, type MatchWorkers } from './match-workers.js';

export { aliasResolver, loadSpecs } from './match-chunks.js';

/** Bump when the engine's key format changes: the next match rebuilds the spec key index. */
export const SPEC_KEYS_VERSION = '1';
const META_LAST_RUN = 'match.last-run';
const META_KEYS_VERSION = 'match.spec-keys-version';
const TARGET_CHUNK = 2000;

export type { FindingView, MatchStatus, MatchSummary, OpenFindings } from '../model/finding-views.js';

export interface MatchRunOptions {
  full?: boolean;
  onProgress?: (done: number, total: number) => void;
  /**
   * Worker threads that match while this thread writes (0: match on this thread). Default: one
   * per core, at most 4, one fewer for a first full match (this thread then writes most of the
   * time), from 10,000 targets; none for an in-memory database.
   */
  workers?: number;
}

// ---------------------------------------------------------------------------------------------
// Loading targets

interface LoadedTarget {
  targetId: string;
  target: MatchTarget;
  /** The organisation of the asset or SBOM: its rules and VEX documents apply, no others. */
  orgId: string;
  assetId: string | null;
  sbomId: string | null;
  componentIdx: number | null;
  /** Normalised vendor and model, for rules. */
  vendor: string;
  model: string;
}

const norm = (v: string | null | undefined) => (v ?? '').trim().toLowerCase().replace(/\s+/g, ' ');

async function loadAssetTargets(db: Db, ids: string[] | null): Promise<LoadedTarget[]> {
  const select = () => db.selectFrom('assets').select(['id', 'org_id', 'name', 'vendor', 'model', 'firmware', 'hardware_version', 'serial', 'cpes', 'purls', 'custom']);
  const rows = [];
  if (ids === null) rows.push(...(await select().execute()));
  else for (const part of chunks(ids)) rows.push(...(await select().where('id', 'in', part).execute()));
  return rows.map((r) => ({
    targetId: assetTargetId(r.id),
    target: assetTarget({
      id: r.id,
      name: r.name,
      vendor: r.vendor,
      model: r.model,
      firmware: r.firmware,
      hardwareVersion: r.hardware_version,
      serial: r.serial,
      cpes: JSON.parse(r.cpes) as string[],
      purls: JSON.parse(r.purls) as string[],
      custom: JSON.parse(r.custom) as Record<string, string>,
    }),
    orgId: r.org_id,
    assetId: r.id,
    sbomId: null,
    componentIdx: null,
    vendor: norm(r.vendor),
    model: norm(r.model),
  }));
}

function componentLoaded(orgId: string, sbomId: string, idx: number, component: SbomComponent): LoadedTarget {
  const id = componentTargetId(sbomId, idx);
  return {
    targetId: id,
    target: componentTarget(component, id),
    orgId,
    assetId: null,
    sbomId,
    componentIdx: idx,
    vendor: norm(component.supplier?.name ?? component.manufacturer?.name ?? component.group),
    model: norm(component.name),
  };
}

/** Components of SBOM documents (not VEX-only documents and not the document's own subject). */
async function loadComponentTargets(db: Db, filter: { sbomIds?: string[]; pairs?: { sbomId: string; idx: number }[] } | null): Promise<LoadedTarget[]> {
  const select = () =>
    db
      .selectFrom('sbom_components as c')
      .innerJoin('sboms as s', 's.id', 'c.sbom_id')
      .select(['c.sbom_id', 'c.idx', 'c.record', 's.org_id'])
      .where('s.kind', '=', 'sbom')
      .where('c.is_subject', '=', 0);
  const rows: { sbom_id: string; idx: number; record: string; org_id: string }[] = [];
  if (filter === null) rows.push(...(await select().execute()));
  else {
    for (const part of chunks(filter.sbomIds ?? [])) rows.push(...(await select().where('c.sbom_id', 'in', part).execute()));
    const bySbom = new Map<string, number[]>();
    for (const p of filter.pairs ?? []) bySbom.set(p.sbomId, [...(bySbom.get(p.sbomId) ?? []), p.idx]);
    for (const [sbomId, idxs] of bySbom) {
      for (const part of chunks(idxs)) rows.push(...(await select().where('c.sbom_id', '=', sbomId).where('c.idx', 'in', part).execute()));
    }
  }
  return rows.map((r) => componentLoaded(r.org_id, r.sbom_id, Number(r.idx), JSON.parse(r.record) as SbomComponent));
}

// ---------------------------------------------------------------------------------------------
// The key index

/** Rebuilds the spec key index from every stored spec (after an engine key-format change). */
export async function rebuildSpecKeys(store: Store): Promise<number> {
  let count = 0;
  await store.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('spec_keys').execute();
    let after = '';
    for (;;) {
      const rows = await trx.selectFrom('product_specs').select(['id', 'spec']).where('id', '>', after).orderBy('id').limit(5000).execute();
      if (rows.length === 0) break;
      const keyRows = rows.map((r) => ({ specId: r.id, keys: specMatchKeys(JSON.parse(r.spec) as MatchableSpec) }));
      await writeSpecKeys(trx, store.sqlite, keyRows, { fresh: true });
      count += rows.length;
      after = rows[rows.length - 1]!.id;
    }
    await setMeta(trx, META_KEYS_VERSION, SPEC_KEYS_VERSION);
  });
  return count;
}

// ---------------------------------------------------------------------------------------------
// Matching

/** The order targets are matched in. */
function matchOrder(targets: readonly LoadedTarget[]): number[] {
  const order = targets.map((_, i) => i);
  // Targets of the same vendor and model (or supplier and package) share candidate specs: matched
  // next to each other, they fall into the same chunk, and each spec is read and parsed about once
  // per run instead of once per chunk that needs it.
  if (targets.length > TARGET_CHUNK) {
    const sortKey = targets.map((t) => `${t.vendor}\u0000${t.model}`);
    order.sort((a, b) => {
      const x = sortKey[a]!;
      const y = sortKey[b]!;
      return x < y ? -1 : x > y ? 1 : a - b;
    });
  }
  return order;
}

/** Keeps the first `max` issues in target order, whatever order the targets were matched in. */
class FirstIssues {
  private list: { at: number; issue: MatchIssue }[] = [];
  constructor(private readonly max: number) {}
  add(at: number, issues: readonly MatchIssue[]): void {
    for (const issue of issues) this.list.push({ at, issue });
    if (this.list.length > 10 * this.max) this.list = this.first();
  }
  private first(): { at: number; issue: MatchIssue }[] {
    // Stable: issues of one target keep their order.
    return this.list.sort((a, b) => a.at - b.at).slice(0, this.max);
  }
  issues(): MatchIssue[] {
    return this.first().map((x) => x.issue);
  }
}

const chunkTarget = (t: LoadedTarget): ChunkTarget => ({ targetId: t.targetId, target: t.target, orgId: t.orgId, sbomId: t.sbomId, vendor: t.vendor, model: t.model });

/**
 * Matches loaded targets and writes their findings, a chunk at a time: counts and issues go into
 * `summary`. With `workers`, worker threads match the chunks while this thread writes.
 */
async function matchAndWrite(
  store: Store,
  db: Db,
  targets: LoadedTarget[],
  now: string,
  summary: MatchSummary,
  options: { workers?: Promise<MatchWorkers | null>; onChunk?: ((n: number) => void) | undefined; full?: boolean },
): Promise<void> {
  const order = matchOrder(targets);
  const firstIssues = new FirstIssues(100);
  for (const issue of summary.issues) firstIssues.add(-1, [issue]);
  const chunkList: number[][] = [];
  for (let i = 0; i < order.length; i += TARGET_CHUNK) chunkList.push(order.slice(i, i + TARGET_CHUNK));
  const toMatch = (positions: number[]) => positions.map((at) => chunkTarget(targets[at]!));

  const write = async (positions: number[], outcome: ChunkOutcome) => {
    const chunk = positions.map((at) => targets[at]!);
    await replaceTargetKeys(db, store.sqlite, outcome.rekeyed.map(({ at, keys, stored }) => ({ targetId: chunk[at]!.targetId, keys, stored })));
    for (const { at, issues } of outcome.issues) {
      summary.issueCount += issues.length;
      firstIssues.add(positions[at]!, issues);
    }
    const writes: FindingWrite[] = outcome.writes.map(({ at, id, finding }) => {
      const t = chunk[at]!;
      if (id) summary.findings.updated++;
      else summary.findings.created++;
      return { id: id ?? newId(), orgId: t.orgId, targetId: t.targetId, target: t.target, finding, assetId: t.assetId, sbomId: t.sbomId, componentIdx: t.componentIdx, firstSeen: now };
    });
    summary.findings.unchanged += outcome.unchanged.length;
    summary.findings.resolved += outcome.gone.length;
    await upsertFindings(db, store.sqlite, writes, now);
    // A full match records its time once instead (META_LAST_FULL_MATCH).
    if (!options.full) await touchFindings(db, outcome.unchanged, now);
    await resolveFindings(db, outcome.gone, now);
    options.onChunk?.(chunk.length);
  };

  const workers = options.workers && chunkList.length > 1 ? await options.workers : null;
  if (workers) {
    summary.workers = workers.size;
    await matchOnWorkers(workers, chunkList, toMatch, write);
  } else {
    const matcher = await ChunkMatcher.open(db);
    for (const positions of chunkList) await write(positions, await matcher.match(toMatch(positions)));
  }
  summary.issues = firstIssues.issues();
}

/** Chunks sent to a worker ahead of its answers: its queue stays full while this thread writes. */
const CHUNKS_AHEAD = 2;
/** Stripes per worker: short enough to balance the load, long enough to share specs. */
const STRIPES_PER_WORKER = 4;

/**
 * The chunks are cut into contiguous stripes (neighbouring chunks share candidate specs); a worker
 * takes the next stripe when it is through with one, and always has {@link CHUNKS_AHEAD} chunks
 * in hand, so that it keeps matching while this thread writes (better-sqlite3 writes block the
 * event loop). The answers are written one chunk at a time, in the order they come. After a
 * failure nothing more is written, and every worker's loop has stopped before the error goes up
 * (and the transaction is rolled back).
 */
async function matchOnWorkers(
  workers: MatchWorkers,
  chunkList: number[][],
  toMatch: (positions: number[]) => ChunkTarget[],
  write: (positions: number[], outcome: ChunkOutcome) => Promise<void>,
): Promise<void> {
  const per = Math.max(1, Math.ceil(chunkList.length / (workers.size * STRIPES_PER_WORKER)));
  const stripes: number[][][] = [];
  for (let i = 0; i < chunkList.length; i += per) stripes.push(chunkList.slice(i, i + per));
  let failed = false;
  let writing = Promise.resolve();
  const loop = async (w: number) => {
    let stripe: number[][] = [];
    const inHand: { positions: number[]; outcome: Promise<ChunkOutcome> }[] = [];
    const refill = () => {
      while (inHand.length < CHUNKS_AHEAD) {
        if (stripe.length === 0) stripe = stripes.shift() ?? [];
        const positions = stripe.shift();
        if (!positions) return;
        const outcome = workers.match(w, toMatch(positions));
        outcome.catch(() => undefined); // awaited in turn, unless this loop stops first
        inHand.push({ positions, outcome });
      }
    };
    refill();
    while (inHand.length > 0 && !failed) {
      const { positions, outcome } = inHand.shift()!;
      const answered = await outcome;
      refill();
      writing = writing.then(() => (failed ? undefined : write(positions, answered)));
      await writing;
    }
  };
  const settled = await Promise.allSettled(
    Array.from({ length: workers.size }, (_, w) =>
      loop(w).catch((e: unknown) => {
        failed = true;
        throw e;
      }),
    ),
  );
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
}

function emptySummary(mode: MatchSummary['mode']): MatchSummary {
  return {
    mode,
    targets: { assets: 0, components: 0 },
    findings: { created: 0, updated: 0, resolved: 0, unchanged: 0 },
    open: { byStatus: {}, bySeverity: {}, kev: 0, affectedTargets: 0 },
    issues: [],
    issueCount: 0,
    seconds: 0,
    workers: 0,
  };
}

/** Assets and SBOM components a full match examines. */
async function countTargets(db: Db): Promise<number> {
  const assets = await db.selectFrom('assets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const components = await db
    .selectFrom('sbom_components as c')
    .innerJoin('sboms as s', 's.id', 'c.sbom_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('s.kind', '=', 'sbom')
    .where('c.is_subject', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(assets.n) + Number(components.n);
}

/** Rebuilds the spec key index when it was written by another key format version. */
export async function ensureSpecKeys(store: Store): Promise<void> {
  if ((await getMeta(store.db, META_KEYS_VERSION)) !== SPEC_KEYS_VERSION) await rebuildSpecKeys(store);
}

/**
 * Runs a match (incremental unless `full`, or unless there has never been one) over every
 * organisation: intelligence is shared, each target keeps its organisation's rules and VEX.
 * The open counts of the summary are those of `scope` (the caller's organisation).
 */
export async function runMatch(store: Store, scope: Scope, options: MatchRunOptions = {}): Promise<MatchSummary> {
  const t0 = performance.now();
  const now = new Date().toISOString();
  await ensureSpecKeys(store);
  const lastRun = await getMeta(store.db, META_LAST_RUN);
  const full = options.full === true || lastRun === null;
  const summary = emptySummary(full ? 'full' : 'incremental');
  // For a full match, the workers start while the targets load. A first full match of a large
  // estate fills the findings table: it defers the table's indexes and gives the writer a core.
  const workers = new RunWorkers(store.reopen, options.workers ?? null);
  let fillsFindings = false;
  if (full) {
    const targets = await countTargets(store.db);
    fillsFindings = await worthDeferringInto(store.db, 'findings', targets);
    workers.startFor(targets, { writeHeavy: fillsFindings });
  }
  try {
    await matchInTransaction(store, { full, fillsFindings }, lastRun, now, summary, workers, options.onProgress);
  } finally {
    await workers.close();
  }
  if (full && summary.findings.created >= STATISTICS_AFTER) await refreshStatistics(store, ['findings']);
  const open = await findingSummary(store.db, scope);
  summary.open = { byStatus: open.byStatus, bySeverity: open.bySeverity, kev: open.kev, affectedTargets: open.targets };
  summary.seconds = (performance.now() - t0) / 1000;
  return summary;
}

async function matchInTransaction(
  store: Store,
  { full, fillsFindings }: { full: boolean; fillsFindings: boolean },
  lastRun: string | null,
  now: string,
  summary: MatchSummary,
  workers: RunWorkers,
  onProgress: MatchRunOptions['onProgress'],
): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    let targets: LoadedTarget[];
    if (full) {
      await pruneOrphanKeys(trx);
      await takeDirtyKeys(trx);
      targets = [...(await loadAssetTargets(trx, null)), ...(await loadComponentTargets(trx, null))];
    } else {
      const changedAssets = await trx.selectFrom('assets').select('id').where('updated_at', '>=', lastRun!).execute();
      const changedSboms = await trx.selectFrom('sboms').select('id').where('kind', '=', 'sbom').where('imported_at', '>=', lastRun!).execute();
      const dirty = [...(await takeDirtyKeys(trx)), ...(await keysOfSpecsImportedSince(trx, lastRun!))];
      const assetIds = new Set(changedAssets.map((r) => r.id));
      const pairs: { sbomId: string; idx: number }[] = [];
      const sbomIds = new Set(changedSboms.map((r) => r.id));
      for (const id of await targetIdsForKeys(trx, dirty)) {
        const parsed = parseTargetId(id);
        if (parsed?.kind === 'asset') assetIds.add(parsed.assetId);
        else if (parsed && !sbomIds.has(parsed.sbomId)) pairs.push({ sbomId: parsed.sbomId, idx: parsed.idx });
      }
      targets = [...(await loadAssetTargets(trx, [...assetIds])), ...(await loadComponentTargets(trx, { sbomIds: [...sbomIds], pairs }))];
    }
    summary.targets.assets = targets.filter((t) => t.assetId !== null).length;
    summary.targets.components = targets.length - summary.targets.assets;
    workers.startFor(targets.length);
    let done = 0;
    const write = () => matchAndWrite(store, trx, targets, now, summary, { full, workers: workers.ready, onChunk: (n) => onProgress?.((done += n), targets.length) });
    // A first full match of a large estate writes several findings per target into an empty table:
    // its secondary indexes are built once afterwards (the look-up by target stays, it is unique).
    // Not on PostgreSQL with workers: dropping an index locks the table against their reads until
    // the commit, which would wait for them.
    const deferrable = store.dialect === 'sqlite' || workers.count === 0;
    if (fillsFindings && deferrable) await withIndexesDeferred(trx, store.dialect, ['findings'], write);
    else await write();
    await setMeta(trx, META_LAST_RUN, now);
    if (full) await setMeta(trx, META_LAST_FULL_MATCH, now);
  });
}

/** Re-matches the given targets now (after a decision, or an edit of one asset). */
export async function rematchTargets(store: Store, targetIds: string[]): Promise<void> {
  const assetIds: string[] = [];
  const pairs: { sbomId: string; idx: number }[] = [];
  for (const id of targetIds) {
    const p = parseTargetId(id);
    if (p?.kind === 'asset') assetIds.push(p.assetId);
    else if (p) pairs.push({ sbomId: p.sbomId, idx: p.idx });
  }
  await store.db.transaction().execute(async (trx) => {
    const targets = [...(await loadAssetTargets(trx, assetIds)), ...(await loadComponentTargets(trx, { pairs }))];
    await matchAndWrite(store, trx, targets, new Date().toISOString(), emptySummary('incremental'), {});
  });
}

// ---------------------------------------------------------------------------------------------
// Decisions

export interface DecisionInput {
  decision: 'confirm' | 'reject' | 'clear';
  reason?: string;
  by?: string;
  /** With `reject`: also reject this product key for every target of the same vendor and model. */
  rule?: boolean;
}

/** Records a user's decision on a finding and re-matches its target. Returns the finding after. */
export async function decideFinding(store: Store, scope: Scope, findingId: string, input: DecisionInput): Promise<FindingView> {
  assertWritable(scope);
  const row = await getFindingRow(store.db, scope, findingId);
  if (!row) throw new NotFoundError('finding', findingId);
  // A rule, or a decision on a component no one asset owns, reaches every site of the organisation.
  if (input.rule) assertOrganisationWide(scope, 'a matching rule');
  else if (row.assetId === null) assertOrganisationWide(scope, 'a decision on a finding of an organisation-wide SBOM');
  const by = input.by ?? 'cli';
  const at = new Date().toISOString();
  if (input.rule && input.decision !== 'reject') {
    throw new InputError('a rule can only be made from a rejection', { code: 'invalid-decision', place: { pointer: '/rule' } });
  }
  const rematch = new Set([row.targetId]);
  await store.db.transaction().execute(async (trx) => {
    if (input.decision === 'clear') await deleteDecision(trx, row.targetId, row.vulnerabilityId);
    else {
      await writeDecision(trx, { targetId: row.targetId, vulnerabilityId: row.vulnerabilityId, decision: input.decision, by, at, reason: input.reason });
    }
    if (input.rule) {
      const deciding = row.evidence.find((e) => e.status === 'affected') ?? row.evidence[0];
      const targets = row.assetId ? await loadAssetTargets(trx, [row.assetId]) : [];
      const components = row.sbomId !== null && row.componentIdx !== null ? await loadComponentTargets(trx, { pairs: [{ sbomId: row.sbomId, idx: row.componentIdx }] }) : [];
      const target = [...targets, ...components][0];
      if (!target || !deciding?.specId) throw new InputError('this finding has no product statement to make a rule from', { code: 'invalid-decision' });
      const specs = await loadSpecs(trx, [deciding.specId]);
      const spec = specs.get(deciding.specId);
      const targetKeys = new Set(targetMatchKeys(target.target));
      const shared = spec ? specMatchKeys(spec).filter((k) => targetKeys.has(k)) : [];
      if (shared.length === 0) throw new InputError('the product statement no longer exists; re-run the match', { code: 'invalid-decision' });
      for (const specKey of shared) {
        await insertRule(trx, { id: newId(), orgId: row.orgId, specKey, targetVendor: target.vendor, targetModel: target.model, reason: input.reason ?? null, createdBy: by, createdAt: at });
      }
      // Every target of the same vendor and model under those keys is affected by the rule.
      for (const id of await targetIdsForKeys(trx, shared)) rematch.add(id); // other organisations' targets re-match unchanged
    }
  });
  await rematchTargets(store, [...rematch]);
  return getFindingView(store, scope, findingId);
}

// ---------------------------------------------------------------------------------------------
// Presenting findings

async function toViews(db: Db, rows: (FindingRow & { evidence?: Finding['evidence'] })[]): Promise<FindingView[]> {
  const assetIds = [...new Set(rows.map((r) => r.assetId).filter((v): v is string => v !== null))];
  const assets = new Map<string, { name: string; external_id: string | null }>();
  for (const part of chunks(assetIds)) {
    for (const a of await db.selectFrom('assets').select(['id', 'name', 'external_id']).where('id', 'in', part).execute()) assets.set(a.id, a);
  }
  const components = new Map<string, { name: string; version: string | null; purl: string | null; sbomName: string | null }>();
  const wanted = new Set(rows.filter((r) => r.sbomId !== null && r.componentIdx !== null).map((r) => r.targetId));
  const sbomIds = [...new Set(rows.map((r) => r.sbomId).filter((v): v is string => v !== null))];
  const idxs = [...new Set(rows.map((r) => r.componentIdx).filter((v): v is number => v !== null))];
  for (const part of chunks(sbomIds)) {
    if (idxs.length === 0) break;
    const found = await db
      .selectFrom('sbom_components as c')
      .innerJoin('sboms as s', 's.id', 'c.sbom_id')
      .select(['c.sbom_id', 'c.idx', 'c.name', 'c.version', 'c.purl', 's.name as sbom_name'])
      .where('c.sbom_id', 'in', part)
      .where('c.idx', 'in', idxs)
      .execute();
    for (const c of found) {
      const id = componentTargetId(c.sbom_id, Number(c.idx));
      if (wanted.has(id)) components.set(id, { name: c.name, version: c.version, purl: c.purl, sbomName: c.sbom_name });
    }
  }
  const vulnIds = [...new Set(rows.map((r) => r.vulnerabilityId))];
  const aliases = new Map<string, string[]>();
  for (const part of chunks(vulnIds)) {
    const found = await db.selectFrom('vulnerability_aliases').select(['alias', 'vulnerability_id']).where('vulnerability_id', 'in', part).execute();
    for (const a of found) if (a.alias !== a.vulnerability_id) aliases.set(a.vulnerability_id, [...(aliases.get(a.vulnerability_id) ?? []), a.alias]);
  }
  const organisations = new Map<string, string>();
  const orgIds = [...new Set(rows.map((r) => r.orgId))];
  if (orgIds.length > 0) {
    for (const o of await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', orgIds).execute()) organisations.set(o.id, o.name);
  }
  const decisions = new Map<string, FindingDecision>();
  for (const part of chunks(rows.map((r) => r.targetId))) {
    const found = await db.selectFrom('finding_decisions').selectAll().where('target_id', 'in', part).execute();
    for (const d of found) decisions.set(`${d.target_id}\u0000${d.vulnerability_id}`, { decision: d.decision, reason: d.reason, by: d.decided_by, at: d.decided_at });
  }
  return rows.map((r) => {
    const view: FindingView = {
      id: r.id,
      vulnerability: {
        id: r.vulnerabilityId,
        aliases: (aliases.get(r.vulnerabilityId) ?? []).sort(),
        title: r.title,
        cvssScore: r.cvssScore,
        cvssSeverity: r.cvssSeverity,
        epssScore: r.epssScore,
        inKev: r.inKev,
        kevDueDate: r.kevDueDate,
      },
      status: r.status,
      confidence: r.confidence,
      reason: r.reason,
      justification: r.justification,
      userDecided: r.userDecided,
      decision: decisions.get(`${r.targetId}\u0000${r.vulnerabilityId}`) ?? null,
      firstSeen: r.firstSeen,
      lastSeen: r.lastSeen,
      resolvedAt: r.resolvedAt,
      tlp: r.tlp,
      organisation: { id: r.orgId, name: organisations.get(r.orgId) ?? r.orgId },
    };
    if (r.assetId) view.asset = { id: r.assetId, name: assets.get(r.assetId)?.name ?? r.targetName, externalId: assets.get(r.assetId)?.external_id ?? null };
    const c = components.get(r.targetId);
    if (r.sbomId !== null && r.componentIdx !== null) {
      view.component = { id: r.targetId, name: c?.name ?? r.targetName, version: c?.version ?? null, purl: c?.purl ?? null, sbomId: r.sbomId, sbomName: c?.sbomName ?? null };
    }
    if (r.evidence) view.evidence = r.evidence;
    return view;
  });
}

export interface FindingListOptions extends Omit<FindingQuery, 'asset'> {
  assetId?: string;
}

/** Findings, newest knowledge first; `assetId` covers the asset and the components of the SBOMs it runs. */
export async function listFindingViews(store: Store, scope: Scope, options: FindingListOptions): Promise<{ items: FindingView[]; total: number }> {
  const { assetId, ...rest } = options;
  let asset: FindingQuery['asset'];
  if (assetId) {
    const applied = await sbomsOfAsset(store, scope, assetId);
    asset = { assetId, sbomIds: applied.sboms.map((s) => s.sbom.id) };
  }
  const page = await listFindings(store.db, scope, { ...rest, asset });
  return { items: await toViews(store.db, page.items), total: page.total };
}

export async function getFindingView(store: Store, scope: Scope, id: string): Promise<FindingView> {
  const row = await getFindingRow(store.db, scope, id);
  if (!row) throw new NotFoundError('finding', id);
  return (await toViews(store.db, [row]))[0]!;
}

export async function matchStatus(store: Store, scope: Scope): Promise<MatchStatus> {
  const open = await findingSummary(store.db, scope);
  return {
    lastRun: await getMeta(store.db, META_LAST_RUN),
    open: { byStatus: open.byStatus, bySeverity: open.bySeverity, kev: open.kev, affectedTargets: open.targets },
    rules: scope.view === 'own' ? await listRules(store.db, scope.orgId) : [],
  };
}
