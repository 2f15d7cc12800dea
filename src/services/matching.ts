/**
 * Matching use cases: which known vulnerabilities are inside the plant. Ties the pure engine
 * (src/engine/match) to the store: the key index narrows candidates, the engine decides, findings
 * keep their history (first seen, last seen, resolved) and users' decisions survive re-matching.
 *
 * Incremental by default: a match examines the targets changed since the last one (assets by
 * `updated_at`, SBOM components by import time) and the targets filed under keys that
 * intelligence imports touched since. `full` examines everything.
 */
import { hash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { assetTarget, componentTarget, matchTargetDetailed, specMatchKeys, targetMatchKeys } from '../engine/match/index.js';
import type { MatchableSpec } from '../engine/match/index.js';
import type { Finding, MatchIssue, MatchTarget, UserDecision } from '../model/finding.js';
import type { AdvisoryRecord, CsafProduct, ProductSpec } from '../model/intel.js';
import type { SbomComponent, VexStatement } from '../model/sbom.js';
import { InputError, NotFoundError } from '../model/errors.js';
import type { Db, Store } from '../store/database.js';
import { chunks } from '../store/sql-helpers.js';
import { withIndexesDeferred, worthDeferringInto } from '../store/deferred-indexes.js';
import { refreshStatistics, STATISTICS_AFTER } from '../store/statistics.js';
import {
  assetTargetId,
  componentTargetId,
  decisionsFor,
  deleteDecision,
  findingHeads,
  findingSummary,
  getFindingRow,
  getMeta,
  keysOfSpecsImportedSince,
  insertRule,
  listFindings,
  listRules,
  parseTargetId,
  pruneOrphans,
  resolveFindings,
  setMeta,
  specIdsForKeys,
  takeDirtyKeys,
  targetIdsForKeys,
  touchFindings,
  upsertFindings,
  writeDecision,
  writeSpecKeys,
  writeTargetKeys,
  type FindingQuery,
  type FindingRow,
  type FindingWrite,
  type MatchRule,
} from '../store/repositories/findings.js';
import { newId } from '../util/ids.js';
import { assertOrganisationWide, assertWritable, type Scope } from '../model/scope.js';
import type { FindingDecision, FindingView, MatchStatus, MatchSummary } from '../model/finding-views.js';
import { sbomsOfAsset } from './sbom.js';

/** Bump when the engine's key format changes: the next match rebuilds the spec key index. */
export const SPEC_KEYS_VERSION = '1';
const META_LAST_RUN = 'match.last-run';
const META_KEYS_VERSION = 'match.spec-keys-version';
const TARGET_CHUNK = 2000;

export type { FindingView, MatchStatus, MatchSummary, OpenFindings } from '../model/finding-views.js';

export interface MatchRunOptions {
  full?: boolean;
  onProgress?: (done: number, total: number) => void;
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
// Loading specs, VEX and aliases

/** Specs by id; those in `parsed` (already read) are taken from there. */
export async function loadSpecs(db: Db, ids: string[], parsed?: ReadonlyMap<string, MatchableSpec>): Promise<Map<string, MatchableSpec>> {
  const out = new Map<string, MatchableSpec>();
  const missing: string[] = [];
  for (const id of ids) {
    const hit = parsed?.get(id);
    if (hit) out.set(id, hit);
    else missing.push(id);
  }
  for (const part of chunks(missing)) {
    const rows = await db.selectFrom('product_specs').select(['id', 'spec']).where('id', 'in', part).execute();
    for (const r of rows) out.set(r.id, { ...(JSON.parse(r.spec) as ProductSpec), id: r.id });
  }
  return out;
}

/** CSAF relationship products need the products they are built from: read from their advisories. */
async function csafProductResolver(db: Db, specs: Iterable<MatchableSpec>): Promise<(advisoryId: string, productId: string) => CsafProduct | undefined> {
  const advisoryIds = new Set<string>();
  for (const s of specs) if (s.kind === 'csaf-product' && s.product.componentIds && s.product.componentIds.length > 0) advisoryIds.add(s.advisoryId);
  const products = new Map<string, Map<string, CsafProduct>>();
  for (const part of chunks([...advisoryIds])) {
    const rows = await db.selectFrom('advisories').select(['id', 'record']).where('id', 'in', part).execute();
    for (const r of rows) {
      const record = JSON.parse(r.record) as AdvisoryRecord;
      products.set(r.id, new Map(record.products.map((p) => [p.productId, p])));
    }
  }
  return (advisoryId, productId) => products.get(advisoryId)?.get(productId);
}

interface VexIndex {
  /** Statements of VEX documents by organisation, then by the purl (without version) they name: they apply anywhere in it. */
  global: Map<string, Map<string, VexStatement[]>>;
  /** An SBOM's own statements by the refs they name: bom-refs mean something only inside their document. */
  bySbom: Map<string, Map<string, VexStatement[]>>;
}

const purlBase = (ref: string) => ref.split(/[?#]/)[0]!.replace(/@[^/]*$/, '');

function addRef(map: Map<string, VexStatement[]>, key: string, st: VexStatement): void {
  const list = map.get(key);
  if (!list) map.set(key, [st]);
  else if (!list.includes(st)) list.push(st);
}

/** VEX statements that may name these targets: their SBOMs' own, and VEX documents naming purls. */
async function loadVex(db: Db, targets: LoadedTarget[]): Promise<VexIndex> {
  const index: VexIndex = { global: new Map(), bySbom: new Map() };
  const componentSboms = [...new Set(targets.map((t) => t.sbomId).filter((s): s is string => s !== null))];
  if (componentSboms.length === 0) return index;
  for (const part of chunks(componentSboms)) {
    const rows = await db.selectFrom('sbom_vex').select(['sbom_id', 'record']).where('sbom_id', 'in', part).execute();
    for (const r of rows) {
      const st = JSON.parse(r.record) as VexStatement;
      let own = index.bySbom.get(r.sbom_id);
      if (!own) index.bySbom.set(r.sbom_id, (own = new Map()));
      for (const ref of [...st.productRefs, ...st.subcomponentRefs]) addRef(own, ref.startsWith('pkg:') ? purlBase(ref) : ref, st);
    }
  }
  // VEX-only documents are few; only their purls identify components across documents, and only
  // within the organisation that imported them.
  const vexDocs = await db.selectFrom('sbom_vex as v').innerJoin('sboms as s', 's.id', 'v.sbom_id').select(['v.record', 's.org_id']).where('s.kind', '=', 'vex').execute();
  for (const r of vexDocs) {
    const st = JSON.parse(r.record) as VexStatement;
    let byPurl = index.global.get(r.org_id);
    if (!byPurl) index.global.set(r.org_id, (byPurl = new Map()));
    for (const ref of [...st.productRefs, ...st.subcomponentRefs]) if (ref.startsWith('pkg:')) addRef(byPurl, purlBase(ref), st);
  }
  return index;
}

function vexFor(index: VexIndex, t: LoadedTarget): VexStatement[] {
  const target = t.target;
  if (target.kind !== 'component') return [];
  const out = new Set<VexStatement>();
  const own = t.sbomId ? index.bySbom.get(t.sbomId) : undefined;
  for (const ref of target.refs ?? []) for (const st of own?.get(ref.startsWith('pkg:') ? purlBase(ref) : ref) ?? []) out.add(st);
  if (target.purl) for (const st of index.global.get(t.orgId)?.get(purlBase(target.purl)) ?? []) out.add(st);
  return [...out];
}

export async function aliasResolver(db: Db): Promise<{ canonicalId: (id: string) => string; aliases: (id: string) => string[] }> {
  const rows = await db.selectFrom('vulnerability_aliases').select(['alias', 'vulnerability_id']).execute();
  const canonical = new Map<string, string>();
  const aliases = new Map<string, string[]>();
  for (const r of rows) {
    canonical.set(r.alias, r.vulnerability_id);
    if (r.alias !== r.vulnerability_id) aliases.set(r.vulnerability_id, [...(aliases.get(r.vulnerability_id) ?? []), r.alias]);
  }
  return { canonicalId: (id) => canonical.get(id) ?? id, aliases: (id) => aliases.get(id) ?? [] };
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

/**
 * The stored content hash of a finding and its evidence as JSON: sha256 of
 * `JSON.stringify([status, confidence, decidedBy, reason, justification, userDecided, evidence])`,
 * built from the evidence JSON that is also written, so that it is serialised once.
 */
function findingContent(f: Finding): { hash: string; evidenceJson: string } {
  const evidenceJson = JSON.stringify(f.evidence);
  const head = JSON.stringify([f.status, f.confidence, f.decidedBy, f.reason, f.justification ?? null, f.userDecided ?? false]);
  return { hash: hash('sha256', `${head.slice(0, -1)},${evidenceJson}]`, 'hex'), evidenceJson };
}

interface MatchContext {
  rules: MatchRule[];
  decisions: Map<string, UserDecision[]>;
  vex: VexIndex;
  alias: { canonicalId: (id: string) => string; aliases: (id: string) => string[] };
}

/** Keys of each target, and the targets in the order they are matched. */
function matchOrder(targets: readonly LoadedTarget[]): { keysOf: string[][]; order: number[] } {
  const keysOf = targets.map((t) => targetMatchKeys(t.target));
  const order = targets.map((_, i) => i);
  // Targets that share keys (same vendor and model, same package) share candidate specs: matched
  // next to each other, they fall into the same chunk, and each spec is read and parsed about once
  // per run instead of once per chunk that needs it. (Keys are sorted: the first one is the most
  // telling, `cpe:<vendor>:<product>` when there is one.)
  if (targets.length > TARGET_CHUNK) {
    order.sort((a, b) => {
      const x = keysOf[a]![0] ?? '';
      const y = keysOf[b]![0] ?? '';
      return x < y ? -1 : x > y ? 1 : a - b;
    });
  }
  return { keysOf, order };
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

/** Matches loaded targets and writes their findings. Returns counts and issues. */
async function matchAndWrite(
  store: Store,
  db: Db,
  targets: LoadedTarget[],
  context: MatchContext,
  now: string,
  summary: MatchSummary,
  onChunk?: (n: number) => void,
): Promise<void> {
  const { keysOf: allKeys, order } = matchOrder(targets);
  const firstIssues = new FirstIssues(100);
  for (const issue of summary.issues) firstIssues.add(-1, [issue]);
  // Specs parsed for the previous chunk: neighbouring chunks share some (the order above).
  let previousSpecs = new Map<string, MatchableSpec>();
  for (let i = 0; i < order.length; i += TARGET_CHUNK) {
    const positions = order.slice(i, i + TARGET_CHUNK);
    const chunk = positions.map((at) => targets[at]!);
    const keysOf = positions.map((at) => allKeys[at]!);
    await writeTargetKeys(db, store.sqlite, chunk.map((t, j) => ({ targetId: t.targetId, keys: keysOf[j]! })));
    const byKey = await specIdsForKeys(db, keysOf.flat());
    const specs = await loadSpecs(db, [...new Set([...byKey.values()].flat())], previousSpecs);
    previousSpecs = specs;
    const csafProducts = await csafProductResolver(db, specs.values());
    const excludedByRule = new Map<string, Set<string>>();
    for (const rule of context.rules) excludedByRule.set(rule.id, new Set(byKey.get(rule.specKey) ?? []));

    const heads = new Map((await findingHeads(db, chunk.map((t) => t.targetId))).map((h) => [`${h.targetId}\u0000${h.vulnerabilityId}`, h]));
    const writes: FindingWrite[] = [];
    const touched: string[] = [];
    chunk.forEach((t, j) => {
      const candidateIds = new Set<string>();
      for (const key of keysOf[j]!) for (const id of byKey.get(key) ?? []) candidateIds.add(id);
      // A rule (a rejection made general) turns the product statements under its key into a
      // standing rejection for this vendor and model: the finding stays visible as not affected,
      // with the rule as its reason, unless another statement still says affected.
      const ruled = new Map<string, MatchRule>();
      for (const rule of context.rules) {
        if (rule.orgId !== t.orgId || rule.targetVendor !== t.vendor || rule.targetModel !== t.model) continue;
        for (const id of excludedByRule.get(rule.id) ?? []) if (candidateIds.has(id)) ruled.set(id, rule);
      }
      const candidates = [...candidateIds].map((id) => specs.get(id)).filter((s): s is MatchableSpec => s !== undefined);
      const decisions = [...(context.decisions.get(t.targetId) ?? [])];
      const run = () =>
        matchTargetDetailed(t.target, candidates, {
          csafProducts,
          decisions: decisions.map((d) => ({ ...d, targetId: t.target.id })),
          vex: vexFor(context.vex, t),
          canonicalId: context.alias.canonicalId,
          aliases: context.alias.aliases,
        });
      let result = run();
      if (ruled.size > 0) {
        let added = false;
        for (const f of result.findings) {
          if (f.userDecided || decisions.some((d) => d.vulnerabilityId === f.vulnerabilityId)) continue;
          const saying = f.evidence.filter((e) => e.status === 'affected' || e.status === 'cannot_decide' || e.status === 'under_investigation');
          const rule = saying.length > 0 && saying.every((e) => e.specId && ruled.has(e.specId)) ? ruled.get(saying[0]!.specId!)! : null;
          if (!rule) continue;
          added = true;
          decisions.push({
            targetId: t.targetId,
            vulnerabilityId: f.vulnerabilityId,
            decision: 'reject',
            by: rule.createdBy,
            at: rule.createdAt,
            reason: `rule for ${rule.targetVendor} ${rule.targetModel} (product key ${rule.specKey})${rule.reason ? `: ${rule.reason}` : ''}`,
          });
        }
        if (added) result = run();
      }
      summary.issueCount += result.issues.length;
      if (result.issues.length > 0) firstIssues.add(positions[j]!, result.issues);
      for (const finding of result.findings) {
        const key = `${t.targetId}\u0000${finding.vulnerabilityId}`;
        const head = heads.get(key);
        heads.delete(key);
        const { hash: contentHash, evidenceJson } = findingContent(finding);
        if (head && head.contentHash === contentHash && head.resolvedAt === null) {
          touched.push(head.id);
          summary.findings.unchanged++;
          continue;
        }
        if (head) summary.findings.updated++;
        else summary.findings.created++;
        writes.push({
          id: head?.id ?? newId(),
          orgId: t.orgId,
          targetId: t.targetId,
          finding,
          evidenceJson,
          assetId: t.assetId,
          sbomId: t.sbomId,
          componentIdx: t.componentIdx,
          contentHash,
          firstSeen: now,
        });
      }
    });
    // What the engine no longer says about these targets is resolved (kept for history).
    const gone = [...heads.values()].filter((h) => h.resolvedAt === null).map((h) => h.id);
    summary.findings.resolved += gone.length;
    await upsertFindings(db, store.sqlite, writes, now);
    await touchFindings(db, touched, now);
    await resolveFindings(db, gone, now);
    onChunk?.(chunk.length);
  }
  summary.issues = firstIssues.issues();
}

async function loadContext(db: Db, targets: LoadedTarget[], all: boolean): Promise<MatchContext> {
  return {
    rules: await listRules(db, null),
    decisions: await decisionsFor(db, all ? null : targets.map((t) => t.targetId)),
    vex: await loadVex(db, targets),
    alias: await aliasResolver(db),
  };
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
  };
}

/** Runs a match (incremental unless `full`, or unless there has never been one). */
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

  await store.db.transaction().execute(async (trx) => {
    await pruneOrphans(trx);
    let targets: LoadedTarget[];
    if (full) {
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
    const context = await loadContext(trx, targets, full);
    let done = 0;
    const write = () => matchAndWrite(store, trx, targets, context, now, summary, (n) => options.onProgress?.((done += n), targets.length));
    // A first full match of a large estate writes several findings per target into an empty table:
    // its secondary indexes are built once afterwards (the look-up by target stays, it is unique).
    if (full && (await worthDeferringInto(trx, 'findings', targets.length))) await withIndexesDeferred(trx, store.dialect, ['findings'], write);
    else await write();
    await setMeta(trx, META_LAST_RUN, now);
  });
  if (full && summary.findings.created >= STATISTICS_AFTER) await refreshStatistics(store, ['findings']);
  const open = await findingSummary(store.db, scope);
  summary.open = { byStatus: open.byStatus, bySeverity: open.bySeverity, kev: open.kev, affectedTargets: open.targets };
  summary.seconds = (performance.now() - t0) / 1000;
  return summary;
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
    const context = await loadContext(trx, targets, false);
    await matchAndWrite(store, trx, targets, context, new Date().toISOString(), emptySummary('incremental'));
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
