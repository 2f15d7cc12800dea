/**
 * Matching a chunk of targets against the stored intelligence: the part of a match that only reads
 * (candidate specs by key, the specs themselves, the organisation's rules, users' decisions, VEX,
 * aliases) and computes (the engine, each finding's stored form and content hash). It writes
 * nothing, so it runs on the match transaction's connection or, for a large match, in worker
 * threads with connections of their own (match-workers.ts); both give the same answers.
 */
import { hash } from 'node:crypto';
import { matchTargetDetailed, targetMatchKeys } from '../engine/match/index.js';
import type { MatchableSpec } from '../engine/match/index.js';
import type { Finding, MatchIssue, MatchTarget, UserDecision } from '../model/finding.js';
import type { MatchRule } from '../model/finding-views.js';
import type { AdvisoryRecord, CsafProduct, ProductSpec } from '../model/intel.js';
import type { VexStatement } from '../model/sbom.js';
import type { Db } from '../store/database.js';
import { decisionsFor, findingHeads, keysChanged, listRules, specIdsForKeys, storedTargetKeys, type StoredFindingContent } from '../store/repositories/findings.js';
import { chunks } from '../store/sql-helpers.js';

/** A target as the chunk matcher needs it (plain data: it crosses to worker threads). */
export interface ChunkTarget {
  targetId: string;
  target: MatchTarget;
  /** The organisation of the asset or SBOM: its rules and VEX documents apply, no others. */
  orgId: string;
  sbomId: string | null;
  /** Normalised vendor and model, for rules. */
  vendor: string;
  model: string;
}

/**
 * What matching a chunk changes, compared with the stored findings and keys of its targets
 * (positions are indices into the chunk).
 */
export interface ChunkOutcome {
  /** Targets whose keys differ from the stored ones; `stored`: they had keys, to be replaced. */
  rekeyed: { at: number; keys: string[]; stored: boolean }[];
  /** New findings (`id` null) and changed ones (`id` of the stored finding). */
  writes: { at: number; id: string | null; finding: StoredFindingContent }[];
  /** Stored findings said again without change: only their last-seen time moves. */
  unchanged: string[];
  /** Stored open findings the engine no longer says: resolved (kept for history). */
  gone: string[];
  issues: { at: number; issues: MatchIssue[] }[];
}

/**
 * The stored form of a finding. Its content hash is sha256 of
 * `JSON.stringify([status, confidence, decidedBy, reason, justification, userDecided, evidence])`,
 * built from the evidence JSON that is also written, so that it is serialised once.
 */
export function storedFinding(f: Finding): StoredFindingContent {
  const evidenceJson = JSON.stringify(f.evidence);
  const head = JSON.stringify([f.status, f.confidence, f.decidedBy, f.reason, f.justification ?? null, f.userDecided ?? false]);
  return {
    vulnerabilityId: f.vulnerabilityId,
    status: f.status,
    confidence: f.confidence,
    decidedBy: f.decidedBy,
    userDecided: f.userDecided ?? false,
    reason: f.reason,
    justification: f.justification ?? null,
    evidenceJson,
    contentHash: hash('sha256', `${head.slice(0, -1)},${evidenceJson}]`, 'hex'),
  };
}

// ---------------------------------------------------------------------------------------------
// Reading specs, aliases and VEX

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

export interface AliasResolver {
  canonicalId: (id: string) => string;
  aliases: (id: string) => string[];
}

export async function aliasResolver(db: Db): Promise<AliasResolver> {
  const rows = await db.selectFrom('vulnerability_aliases').select(['alias', 'vulnerability_id']).execute();
  const canonical = new Map<string, string>();
  const aliases = new Map<string, string[]>();
  for (const r of rows) {
    canonical.set(r.alias, r.vulnerability_id);
    if (r.alias !== r.vulnerability_id) aliases.set(r.vulnerability_id, [...(aliases.get(r.vulnerability_id) ?? []), r.alias]);
  }
  return { canonicalId: (id) => canonical.get(id) ?? id, aliases: (id) => aliases.get(id) ?? [] };
}

const purlBase = (ref: string) => ref.split(/[?#]/)[0]!.replace(/@[^/]*$/, '');

function addRef(map: Map<string, VexStatement[]>, key: string, st: VexStatement): void {
  const list = map.get(key);
  if (!list) map.set(key, [st]);
  else if (!list.includes(st)) list.push(st);
}

/**
 * VEX statements that may name components: VEX documents' statements by organisation and the purl
 * (without version) they name, which apply anywhere in the organisation, and each SBOM's own
 * statements by the refs they name, which mean something only inside their document (read as
 * SBOMs come up, then kept).
 */
class VexIndex {
  private readonly bySbom = new Map<string, Map<string, VexStatement[]>>();
  private constructor(private readonly global: Map<string, Map<string, VexStatement[]>>) {}

  static async load(db: Db): Promise<VexIndex> {
    // VEX-only documents are few; only their purls identify components across documents.
    const global = new Map<string, Map<string, VexStatement[]>>();
    const rows = await db.selectFrom('sbom_vex as v').innerJoin('sboms as s', 's.id', 'v.sbom_id').select(['v.record', 's.org_id']).where('s.kind', '=', 'vex').execute();
    for (const r of rows) {
      const st = JSON.parse(r.record) as VexStatement;
      let byPurl = global.get(r.org_id);
      if (!byPurl) global.set(r.org_id, (byPurl = new Map()));
      for (const ref of [...st.productRefs, ...st.subcomponentRefs]) if (ref.startsWith('pkg:')) addRef(byPurl, purlBase(ref), st);
    }
    return new VexIndex(global);
  }

  /** Reads the own statements of these SBOMs, unless already read. */
  async prepare(db: Db, sbomIds: Iterable<string>): Promise<void> {
    const wanted = [...new Set(sbomIds)].filter((id) => !this.bySbom.has(id));
    for (const id of wanted) this.bySbom.set(id, new Map());
    for (const part of chunks(wanted)) {
      const rows = await db.selectFrom('sbom_vex').select(['sbom_id', 'record']).where('sbom_id', 'in', part).execute();
      for (const r of rows) {
        const st = JSON.parse(r.record) as VexStatement;
        const own = this.bySbom.get(r.sbom_id)!;
        for (const ref of [...st.productRefs, ...st.subcomponentRefs]) addRef(own, ref.startsWith('pkg:') ? purlBase(ref) : ref, st);
      }
    }
  }

  /** Statements that may name this target (its SBOM was prepared). */
  statementsFor(t: ChunkTarget): VexStatement[] {
    const target = t.target;
    if (target.kind !== 'component') return [];
    const out = new Set<VexStatement>();
    const own = t.sbomId ? this.bySbom.get(t.sbomId) : undefined;
    for (const ref of target.refs ?? []) for (const st of own?.get(ref.startsWith('pkg:') ? purlBase(ref) : ref) ?? []) out.add(st);
    if (target.purl) for (const st of this.global.get(t.orgId)?.get(purlBase(target.purl)) ?? []) out.add(st);
    return [...out];
  }
}

// ---------------------------------------------------------------------------------------------
// Matching a chunk

/**
 * Matches chunks of targets, reading through one connection. Keeps what every chunk needs (rules,
 * aliases, VEX) and the specs of the previous chunk (neighbouring chunks share candidates when
 * targets are matched in key order).
 */
export class ChunkMatcher {
  private previousSpecs = new Map<string, MatchableSpec>();

  private constructor(
    private readonly db: Db,
    private readonly rules: MatchRule[],
    private readonly alias: AliasResolver,
    private readonly vex: VexIndex,
  ) {}

  static async open(db: Db): Promise<ChunkMatcher> {
    return new ChunkMatcher(db, await listRules(db, null), await aliasResolver(db), await VexIndex.load(db));
  }

  /**
   * Matches a chunk and compares the answers with what is stored for its targets. Each target is
   * in one chunk of a run, so what this connection reads of them is what the run found stored.
   */
  async match(chunk: readonly ChunkTarget[]): Promise<ChunkOutcome> {
    const db = this.db;
    const targetIds = chunk.map((t) => t.targetId);
    const storedKeys = await storedTargetKeys(db, targetIds);
    const heads = new Map((await findingHeads(db, targetIds)).map((h) => [`${h.targetId}\u0000${h.vulnerabilityId}`, h]));
    const outcome: ChunkOutcome = { rekeyed: [], writes: [], unchanged: [], gone: [], issues: [] };
    const keysOf = chunk.map((t) => targetMatchKeys(t.target));
    const byKey = await specIdsForKeys(db, keysOf.flat());
    const specs = await loadSpecs(db, [...new Set([...byKey.values()].flat())], this.previousSpecs);
    this.previousSpecs = specs;
    const csafProducts = await csafProductResolver(db, specs.values());
    const decisionsOf = await decisionsFor(db, targetIds);
    await this.vex.prepare(db, chunk.flatMap((t) => (t.sbomId === null ? [] : [t.sbomId])));
    const excludedByRule = new Map<string, Set<string>>();
    for (const rule of this.rules) excludedByRule.set(rule.id, new Set(byKey.get(rule.specKey) ?? []));

    chunk.forEach((t, at) => {
      const keys = keysOf[at]!;
      if (keysChanged(storedKeys.get(t.targetId), keys)) outcome.rekeyed.push({ at, keys, stored: storedKeys.has(t.targetId) });
      const candidateIds = new Set<string>();
      for (const key of keys) for (const id of byKey.get(key) ?? []) candidateIds.add(id);
      // A rule (a rejection made general) turns the product statements under its key into a
      // standing rejection for this vendor and model: the finding stays visible as not affected,
      // with the rule as its reason, unless another statement still says affected.
      const ruled = new Map<string, MatchRule>();
      for (const rule of this.rules) {
        if (rule.orgId !== t.orgId || rule.targetVendor !== t.vendor || rule.targetModel !== t.model) continue;
        for (const id of excludedByRule.get(rule.id) ?? []) if (candidateIds.has(id)) ruled.set(id, rule);
      }
      const candidates = [...candidateIds].map((id) => specs.get(id)).filter((s): s is MatchableSpec => s !== undefined);
      const decisions: UserDecision[] = [...(decisionsOf.get(t.targetId) ?? [])];
      const vex = this.vex.statementsFor(t);
      const run = () =>
        matchTargetDetailed(t.target, candidates, {
          csafProducts,
          decisions: decisions.map((d) => ({ ...d, targetId: t.target.id })),
          vex,
          canonicalId: this.alias.canonicalId,
          aliases: this.alias.aliases,
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
      if (result.issues.length > 0) outcome.issues.push({ at, issues: result.issues });
      for (const finding of result.findings) {
        const stored = storedFinding(finding);
        const key = `${t.targetId}\u0000${stored.vulnerabilityId}`;
        const head = heads.get(key);
        heads.delete(key);
        if (head && head.contentHash === stored.contentHash && head.resolvedAt === null) outcome.unchanged.push(head.id);
        else outcome.writes.push({ at, id: head?.id ?? null, finding: stored });
      }
    });
    // What the engine no longer says about these targets is resolved (kept for history).
    for (const h of heads.values()) if (h.resolvedAt === null) outcome.gone.push(h.id);
    return outcome;
  }
}
