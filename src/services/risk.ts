/**
 * Risk use cases (issue 8, ADR 007): recompute SSVC decisions, BOD 26-04 and policy deadlines and
 * risk scores for every open finding of an organisation with the engine's batch API, store them
 * (the work queue pages them in SQL), roll them up per asset, zone, site and organisation (a daily
 * snapshot gives the trend), and notice what must be notified (a finding becomes Act, enters KEV or
 * goes overdue). The finding page is assessed live with the full rationale from the same inputs.
 */
import { performance } from 'node:perf_hooks';
import {
  assertValidPolicy,
  assetColumns,
  assetInputs,
  DECISIONS,
  DEADLINE_STATUSES,
  DEFAULT_POLICY,
  findingColumns,
  NO_DAY,
  overrideIssues,
  packAsset,
  packFindingOverrides,
  recompute,
  recomputeResult,
  REMEDIATION_STATES,
  riskScoreOf,
  rollupColumns,
  rollupValues,
  ROLLUP_FORMULA,
  statusOfDay,
  DEADLINE_MET_STATES,
  BOD_OUTCOMES,
  dayOf,
  dayOfText,
  dayText,
  vulnerabilityColumns,
  assessFinding,
  exploitationTiming,
  fixedVersionOf,
  openRecord,
  reachesFixedVersion,
  recommendedActions,
  timingRates,
  vulnerabilityInputs,
  type AssetContext,
  type ScoredCvss,
  type TimedAction,
  type DeadlineStatus,
  type Exposure,
  type InputOverride,
  type OrganisationPolicy,
  type RemediationState,
  type SsvcDecision,
} from '../engine/risk/index.js';
import type { AssetKind, Criticality } from '../model/asset.js';
import { InputError, NotFoundError } from '../model/errors.js';
import { assertWritable, type Scope } from '../model/scope.js';
import type { Store } from '../store/database.js';
import { resolveVulnerabilityId } from '../store/repositories/intel.js';
import { getAsset } from '../store/repositories/assets.js';
import { getFindingRow } from '../store/repositories/findings.js';
import { actionsInPeriod, getRemediations, utcInstant } from '../store/repositories/remediation.js';
import type { Evidence } from '../model/finding.js';
import {
  assetRiskRows,
  deleteOverride,
  deleteStaleAssessments,
  countOrgAssessments,
  forEachOpenFinding,
  remediationStates,
  sbomAssets,
  getOverride,
  getPolicy,
  hasAssessments,
  insertOverride,
  insertRun,
  lastRun,
  listOverrides,
  NO_DUE_DAY,
  overrideTarget,
  putPolicy,
  replaceRollups,
  snapshotStoredRollups,
  siteAndZoneNames,
  siteNames,
  siteKeyOf,
  updateOverride,
  INDEX_REBUILD_ROWS,
  replaceAssessments,
  writeAssessments,
  writeSnapshots,
  countAssessments,
  getAssessment,
  listRollups,
  listSnapshots,
  pageAssessments,
  SNAPSHOT_LEVELS,
  type RollupLevel,
  queueRows,
  type AssessmentFilter,
  type AssessmentKey,
  type AssetRiskRow,
  type AssessmentRows,
  type QueueRowData,
  type StoredOverride,
} from '../store/repositories/risk.js';
import type { RiskRollupsTable, RiskSnapshotsTable } from '../store/schema.js';
import { newId } from '../util/ids.js';
import type { DeadlineMode, QueueItem, QueuePage } from '../engine/risk/queue-view.js';
import type { CvssScoreView, ExploitationRates, FindingRiskView, RiskPolicy, RollupPage, RollupView } from '../model/risk-views.js';
import { DEADLINE_MODES } from '../engine/risk/queue-view.js';
import { ensureVulnerabilityInputs, exploitationEvidenceOf, loadVulnerabilityIntel, packCachedVulnerability, remediationsForProducts, type FixedVersionEntry } from './risk-intel.js';
import { isQueued, remediationView, reopenLapsedAcceptances, verifyFindings, type VerificationCandidate } from './remediation.js';

// ---------------------------------------------------------------------------------------------
// Policy

export { DEADLINE_MODES, type DeadlineMode, type QueueItem, type QueuePage } from '../engine/risk/queue-view.js';
export type { CvssScoreView, ExploitationRates, FindingRiskView, RiskFinding, RiskPolicy, RollupPage, RollupView } from '../model/risk-views.js';

export const DEFAULT_RISK_POLICY: RiskPolicy = {
  name: DEFAULT_POLICY.name,
  mode: 'organisation',
  slaDays: { ...DEFAULT_POLICY.slaDays },
  dueSoonDays: 7,
  updatedBy: null,
  updatedAt: null,
};

function ownOnly(scope: Scope): void {
  if (scope.view !== 'own') throw new NotFoundError('risk data of', 'a shared view');
}

export async function getRiskPolicy(store: Store, scope: Scope): Promise<RiskPolicy> {
  const p = await getPolicy(store.db, scope.orgId);
  return p ? { ...p, slaDays: { ...DEFAULT_RISK_POLICY.slaDays, ...p.slaDays } } : DEFAULT_RISK_POLICY;
}

/** Replaces the organisation's policy; every field is validated (InputError listing all problems). */
export async function setRiskPolicy(store: Store, scope: Scope, input: { name: string; mode?: string; slaDays: Record<string, unknown>; dueSoonDays?: number }, by: string, now = new Date()): Promise<RiskPolicy> {
  assertWritable(scope);
  const engine = { name: input.name, slaDays: input.slaDays };
  assertValidPolicy(engine);
  const mode = input.mode ?? 'organisation';
  if (!(DEADLINE_MODES as readonly string[]).includes(mode)) throw new InputError(`mode must be ${DEADLINE_MODES.join(' or ')}, not ${JSON.stringify(mode)}`, { code: 'invalid-policy' });
  const dueSoonDays = input.dueSoonDays ?? DEFAULT_RISK_POLICY.dueSoonDays;
  if (!Number.isInteger(dueSoonDays) || dueSoonDays < 0 || dueSoonDays > 365) throw new InputError(`dueSoonDays must be a whole number of days 0..365, not ${JSON.stringify(dueSoonDays)}`, { code: 'invalid-policy' });
  const policy: RiskPolicy = { name: input.name.trim(), mode: mode as DeadlineMode, slaDays: engine.slaDays as RiskPolicy['slaDays'], dueSoonDays, updatedBy: by, updatedAt: now.toISOString() };
  await putPolicy(store.db, scope.orgId, { ...policy, updatedBy: by, updatedAt: policy.updatedAt! });
  return policy;
}

function enginePolicy(p: RiskPolicy): OrganisationPolicy {
  return { name: p.name, slaDays: p.slaDays };
}

// ---------------------------------------------------------------------------------------------
// Overrides

export interface OverrideInput {
  scope: string;
  scopeId: string;
  input: string;
  value: string;
  vulnerabilityId?: string | undefined;
  reason: string;
}

export interface OverrideView extends StoredOverride {
  /** Name of the asset, `site / zone`, or site. */
  targetName: string | null;
}

export function engineOverride(o: StoredOverride): InputOverride {
  return {
    scope: o.scope,
    scopeId: o.scopeId,
    input: o.input,
    value: o.value,
    vulnerabilityId: o.vulnerabilityId ?? undefined,
    by: o.updatedBy ?? o.createdBy,
    at: o.updatedAt ?? o.createdAt,
    reason: o.reason ?? undefined,
  } as InputOverride;
}

async function overrideView(store: Store, scope: Scope, o: StoredOverride): Promise<OverrideView | null> {
  const target = await overrideTarget(store.db, scope.orgId, o.scope, o.scopeId);
  if (scope.siteIds !== null && (!target || target.siteId === null || !scope.siteIds.includes(target.siteId))) return null;
  return { ...o, targetName: target?.name ?? null };
}

export async function listRiskOverrides(store: Store, scope: Scope, filter: { scope?: string; scopeId?: string; input?: string } = {}): Promise<OverrideView[]> {
  if (scope.view !== 'own') return [];
  const out: OverrideView[] = [];
  for (const o of await listOverrides(store.db, scope.orgId, filter)) {
    const v = await overrideView(store, scope, o);
    if (v) out.push(v);
  }
  return out;
}

async function checkOverride(store: Store, scope: Scope, o: OverrideInput, by: string, at: string): Promise<{ vulnerabilityId: string | null }> {
  const issues = overrideIssues({ ...o, by, at });
  if (typeof o.reason !== 'string' || o.reason.trim() === '') issues.push({ code: 'missing-reason', message: 'reason (why the input is overridden) is required' });
  if (issues.length > 0) throw new InputError(`invalid override: ${issues.map((i) => i.message).join('; ')}`, { code: 'invalid-override', issues });
  const target = await overrideTarget(store.db, scope.orgId, o.scope as StoredOverride['scope'], o.scopeId);
  if (!target || (scope.siteIds !== null && (target.siteId === null || !scope.siteIds.includes(target.siteId)))) throw new NotFoundError(o.scope, o.scopeId);
  if (!o.vulnerabilityId) return { vulnerabilityId: null };
  const id = await resolveVulnerabilityId(store.db, o.vulnerabilityId);
  if (!id) throw new InputError(`unknown vulnerability ${o.vulnerabilityId}`, { code: 'unknown-vulnerability' });
  return { vulnerabilityId: id };
}

export async function createRiskOverride(store: Store, scope: Scope, input: OverrideInput, by: string, now = new Date()): Promise<OverrideView> {
  assertWritable(scope);
  const at = now.toISOString();
  const { vulnerabilityId } = await checkOverride(store, scope, input, by, at);
  const o: StoredOverride = {
    id: newId(), scope: input.scope as StoredOverride['scope'], scopeId: input.scopeId, input: input.input, value: input.value, vulnerabilityId,
    reason: input.reason.trim(), createdBy: by, createdAt: at, updatedBy: null, updatedAt: null,
  };
  await insertOverride(store.db, scope.orgId, o);
  return (await overrideView(store, scope, o))!;
}

async function requireOverride(store: Store, scope: Scope, id: string): Promise<StoredOverride> {
  const o = scope.view === 'own' ? await getOverride(store.db, scope.orgId, id) : null;
  if (!o || !(await overrideView(store, scope, o))) throw new NotFoundError('override', id);
  return o;
}

export async function updateRiskOverride(
  store: Store,
  scope: Scope,
  id: string,
  patch: { value?: string; reason?: string; vulnerabilityId?: string | null },
  by: string,
  now = new Date(),
): Promise<{ before: OverrideView; after: OverrideView }> {
  assertWritable(scope);
  const before = await requireOverride(store, scope, id);
  const at = now.toISOString();
  const next: OverrideInput = {
    scope: before.scope, scopeId: before.scopeId, input: before.input, value: patch.value ?? before.value,
    vulnerabilityId: patch.vulnerabilityId === undefined ? (before.vulnerabilityId ?? undefined) : (patch.vulnerabilityId ?? undefined),
    reason: patch.reason ?? before.reason ?? '',
  };
  const { vulnerabilityId } = await checkOverride(store, scope, next, by, at);
  const after: StoredOverride = { ...before, value: next.value, reason: next.reason.trim(), vulnerabilityId, updatedBy: by, updatedAt: at };
  await updateOverride(store.db, scope.orgId, after);
  return { before: (await overrideView(store, scope, before))!, after: (await overrideView(store, scope, after))! };
}

export async function deleteRiskOverride(store: Store, scope: Scope, id: string): Promise<OverrideView> {
  assertWritable(scope);
  const before = await requireOverride(store, scope, id);
  const view = (await overrideView(store, scope, before))!;
  await deleteOverride(store.db, scope.orgId, id);
  return view;
}

// ---------------------------------------------------------------------------------------------
// Asset context

/**
 * The asset's exposure attribute, from its custom attributes (platform rule, ADR 007):
 * `exposure` = open | controlled | small; else `internet-exposed` (or `internet_exposed`) =
 * yes/true/1 → open, no/false/0 → controlled. Any other value is passed on, so the engine names it
 * as ignored in the rationale. Zone-level exposure is a zone override of the `exposure` input.
 */
export function exposureAttribute(custom: Readonly<Record<string, string>>): Exposure | undefined {
  const get = (...keys: string[]) => {
    for (const [k, v] of Object.entries(custom)) if (keys.includes(k.trim().toLowerCase())) return String(v).trim().toLowerCase();
    return undefined;
  };
  const exposure = get('exposure');
  if (exposure) return exposure as Exposure;
  const internet = get('internet-exposed', 'internet_exposed', 'internetexposed');
  if (internet === undefined || internet === '') return undefined;
  if (['yes', 'true', '1', 'y'].includes(internet)) return 'open';
  if (['no', 'false', '0', 'n'].includes(internet)) return 'controlled';
  return internet as Exposure;
}

export function assetContextOf(a: { id: string; kind: string; criticality: string | null; tags: readonly string[]; custom: Readonly<Record<string, string>>; siteId: string | null; zoneId: string | null }): AssetContext {
  return {
    id: a.id,
    kind: a.kind as AssetKind,
    criticality: a.criticality as Criticality | null,
    tags: a.tags,
    exposure: exposureAttribute(a.custom),
    zone: a.zoneId ? { id: a.zoneId } : null,
    site: a.siteId ? { id: a.siteId } : null,
  };
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

// ---------------------------------------------------------------------------------------------
// Events

export const RISK_EVENT_LABELS = {
  act: 'finding became Act',
  kev: 'finding entered CISA KEV',
  overdue: 'finding is overdue',
  test: 'test notification',
} as const;
export type RiskEventKindAll = keyof typeof RISK_EVENT_LABELS;

export interface RiskEvent {
  id: string;
  kind: RiskEventKindAll;
  at: string;
  organisationId: string;
  summary: string;
  finding: {
    id: string;
    vulnerabilityId: string;
    asset: { id: string; name: string } | null;
    site: { id: string; name: string } | null;
    decision: SsvcDecision;
    previousDecision: SsvcDecision | null;
    dueDate: string | null;
    status: DeadlineStatus;
    risk: number;
    kev: boolean;
  } | null;
}

/** Events per recompute beyond which only a count is kept (a first run over a large estate would flood a SIEM). */
export const MAX_EVENTS_PER_RUN = 1000;

// ---------------------------------------------------------------------------------------------
// Recompute

export interface RecomputeSummary {
  organisationId: string;
  trigger: string;
  computedAt: string;
  mode: DeadlineMode;
  /** Open findings assessed. */
  findings: number;
  vulnerabilities: number;
  /** Vulnerabilities whose inputs were derived again (their intelligence changed). */
  derivedVulnerabilities: number;
  assets: number;
  /** Assessments written (new or changed) and removed (findings no longer open). */
  written: number;
  removed: number;
  /** Risk acceptances that lapsed and were reopened; findings verified by their observed firmware. */
  lapsed: number;
  verified: number;
  byDecision: Record<SsvcDecision, number>;
  byStatus: Record<DeadlineStatus, number>;
  /** First recompute of the organisation: establishes the baseline, notifies nothing. */
  baseline: boolean;
  events: number;
  eventsDropped: number;
  seconds: number;
  /** Seconds per phase (load, vulnerabilities, assets, compute, write, rollups). */
  phases: Record<string, number>;
}

export interface RecomputeOutcome {
  summary: RecomputeSummary;
  events: RiskEvent[];
  /** CPU seconds (user + system, the whole process) per phase: for benchmarks on a shared machine; not stored. */
  cpuPhases?: Record<string, number> | undefined;
}

export interface RecomputeOptions {
  now?: Date | undefined;
  trigger?: string | undefined;
  /** Rows read per query. */
  chunk?: number | undefined;
  /** Changed rows from which all of the organisation's rows are replaced at once, the queue indexes built again (default INDEX_REBUILD_ROWS). */
  indexRebuildRows?: number | undefined;
}

const running = new Map<string, Promise<unknown>>();

/** Runs recomputes of one organisation one after another (the scheduler and a user may ask at once). */
async function serialised<T>(orgId: string, fn: () => Promise<T>): Promise<T> {
  const previous = running.get(orgId) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(fn);
  running.set(orgId, next);
  try {
    return await next;
  } finally {
    if (running.get(orgId) === next) running.delete(orgId);
  }
}

const STATE_CODE = Object.fromEntries(REMEDIATION_STATES.map((s, i) => [s, i])) as Record<RemediationState, number>;
const VULNERABILITY_SIDE = new Set(['exploitation', 'automatable', 'technicalImpact']);
const OVERDUE_NOTIFIED = 1;
const DUE_KINDS = ['date', 'unknown', 'next-upgrade'] as const;

/** A 53-bit hash of a text (two FNV-1a style lanes). */
function textHash(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

/**
 * A 53-bit hash of a stored row's values (a hash of its asset, then integers and one-decimal
 * scores): a recompute writes only the rows whose hash changed.
 */
function valuesHash(values: Float64Array): number {
  let a = 0x811c9dc5;
  let b = 0x5bd1e995;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    // Integers and tenths as two 32-bit words (high and low) of x × 10.
    const t = Math.round(x * 10);
    const hi = Math.floor(t / 4294967296) | 0;
    const lo = t >>> 0;
    a = Math.imul(Math.imul(a ^ lo, 0x01000193) ^ hi, 0x01000193);
    b = Math.imul(Math.imul(b ^ lo, 0x5bd1e995) ^ (b >>> 15) ^ hi, 0x5bd1e995);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

/** Recomputes every open finding of the scope's organisation. */
export async function recomputeRisk(store: Store, scope: Scope, options: RecomputeOptions = {}): Promise<RecomputeOutcome> {
  assertWritable(scope);
  return serialised(scope.orgId, () => recomputeOrganisation(store, scope.orgId, options));
}

async function recomputeOrganisation(store: Store, orgId: string, options: RecomputeOptions): Promise<RecomputeOutcome> {
  const t0 = performance.now();
  const phases: Record<string, number> = {};
  const cpuPhases: Record<string, number> = {};
  let mark = t0;
  let cpuMark = process.cpuUsage();
  const phase = (name: string) => {
    const t = performance.now();
    phases[name] = Math.round(t - mark) / 1000;
    mark = t;
    const cpu = process.cpuUsage(cpuMark);
    cpuPhases[name] = Math.round((cpu.user + cpu.system) / 1000) / 1000;
    cpuMark = process.cpuUsage();
  };
  const now = options.now ?? new Date();
  const nowIso = now.toISOString();
  const today = dayOf(now.getTime());
  const todayText = dayText(today);
  const chunk = options.chunk ?? 20_000;
  const db = store.db;

  const lapsed = await reopenLapsedAcceptances(store, orgId, now);
  const stored = await getPolicy(db, orgId);
  const policy: RiskPolicy = stored ? { ...DEFAULT_RISK_POLICY, ...stored, slaDays: { ...DEFAULT_RISK_POLICY.slaDays, ...stored.slaDays } } : DEFAULT_RISK_POLICY;
  const bodMode = policy.mode === 'bod-26-04';
  const previousRun = await lastRun(db, orgId);
  const baseline = previousRun === null && !(await hasAssessments(db, orgId));

  // Open findings, then their previous assessments and remediation states, matched by id.
  const ids: string[] = [];
  const vIndex = new Map<string, number>();
  const vIds: string[] = [];
  const aIndex = new Map<string, number>([['', 0]]);
  const aIds: string[] = [''];
  const fv: number[] = [];
  const fa: number[] = [];
  const firstSeen: string[] = [];
  const sbomAsset = await sbomAssets(db, orgId);
  const prevDecisionList: number[] = [];
  const prevSince: (string | null)[] = [];
  const prevKevList: number[] = [];
  const prevNotifiedList: number[] = [];
  const prevHashList: number[] = [];
  await forEachOpenFinding(db, store.sqlite, orgId, (r) => {
    const [id, vulnerabilityId, findingAsset, sbomId, seen, decision, since, kev, notified, hash] = r;
    let vi = vIndex.get(vulnerabilityId);
    if (vi === undefined) {
      vIndex.set(vulnerabilityId, (vi = vIds.length));
      vIds.push(vulnerabilityId);
    }
    const assetId = findingAsset ?? (sbomId ? sbomAsset.get(sbomId) : undefined);
    let ai = 0;
    if (assetId) {
      const known = aIndex.get(assetId);
      if (known === undefined) {
        aIndex.set(assetId, (ai = aIds.length));
        aIds.push(assetId);
      } else ai = known;
    }
    ids.push(id);
    fv.push(vi);
    fa.push(ai);
    firstSeen.push(seen);
    prevDecisionList.push(decision ?? -1);
    prevSince.push(since);
    prevKevList.push(kev ?? -1);
    prevNotifiedList.push(notified ?? 0);
    prevHashList.push(hash ?? -1);
  }, chunk);
  const n0 = ids.length;
  const prevDecision = Int8Array.from(prevDecisionList);
  const prevKev = Int8Array.from(prevKevList);
  const prevNotified = Uint8Array.from(prevNotifiedList);
  const prevHash = Float64Array.from(prevHashList);
  const stateOf = new Uint8Array(n0);
  const states = await remediationStates(db, orgId);
  // A lookup per finding in the (smaller) map of states, not a map of every finding's index.
  if (states.size > 0) {
    for (let i = 0; i < n0; i++) {
      const state = states.get(ids[i]!);
      if (state !== undefined) stateOf[i] = STATE_CODE[state as RemediationState] ?? 0;
    }
  }
  const n = ids.length;
  phase('load');

  // Vulnerability side: derived once per vulnerability (cached while the intelligence is unchanged).
  const { rows: vRows, derived } = await ensureVulnerabilityInputs(db, store.sqlite, vIds, nowIso);
  const v = vulnerabilityColumns(vIds.length);
  vIds.forEach((id, i) => packCachedVulnerability(v, i, vRows.get(id)!));
  phase('vulnerabilities');

  // Asset side: derived once per asset with its asset > zone > site overrides.
  const overrides = (await listOverrides(db, orgId)).map(engineOverride);
  const overridesOn = new Map<string, InputOverride[]>();
  for (const o of overrides) overridesOn.set(`${o.scope}:${o.scopeId}`, [...(overridesOn.get(`${o.scope}:${o.scopeId}`) ?? []), o]);
  const overridesOf = (assetId: string, zoneId: string | null | undefined, siteId: string | null | undefined): InputOverride[] => [
    ...(overridesOn.get(`asset:${assetId}`) ?? []),
    ...(zoneId ? (overridesOn.get(`zone:${zoneId}`) ?? []) : []),
    ...(siteId ? (overridesOn.get(`site:${siteId}`) ?? []) : []),
  ];
  // Per asset row (0 = no asset): its stored attributes, site and zone.
  const assetRow: (AssetRiskRow | undefined)[] = new Array(aIds.length);
  for (const r of await assetRiskRows(db, store.sqlite, orgId, aIds.slice(1))) assetRow[aIndex.get(r.id)!] = r;
  const a = assetColumns(aIds.length);
  const assetSite: (string | null)[] = new Array(aIds.length).fill(null);
  const assetZone: (string | null)[] = new Array(aIds.length).fill(null);
  packAsset(a, 0, assetInputs({ id: '' }), [], undefined);
  // Assets alike in what the rules read (and without overrides of their own) share one derivation.
  const derivedFor = new Map<string, number>();
  for (let i = 1; i < aIds.length; i++) {
    const r = assetRow[i];
    assetSite[i] = r?.site_id ?? null;
    assetZone[i] = r?.zone_id ?? null;
    const key = r
      ? `${r.kind}|${r.criticality}|${r.tags}|${r.custom}|${overridesOn.has(`asset:${r.id}`) ? r.id : ''}|${overridesOn.has(`zone:${r.zone_id}`) ? r.zone_id : ''}|${overridesOn.has(`site:${r.site_id}`) ? r.site_id : ''}`
      : '';
    const same = derivedFor.get(key);
    if (same !== undefined) {
      a.missionPrevalence[i] = a.missionPrevalence[same]!;
      a.publicWellbeing[i] = a.publicWellbeing[same]!;
      a.exposure[i] = a.exposure[same]!;
      continue;
    }
    derivedFor.set(key, i);
    const ctx = r
      ? assetContextOf({ id: r.id, kind: r.kind, criticality: r.criticality, tags: parseJson<string[]>(r.tags, []), custom: parseJson<Record<string, string>>(r.custom, {}), siteId: r.site_id, zoneId: r.zone_id })
      : { id: aIds[i]! };
    packAsset(a, i, assetInputs(ctx), overridesOf(aIds[i]!, r?.zone_id, r?.site_id), { assetId: ctx.id, zoneId: r?.zone_id, siteId: r?.site_id });
  }
  phase('assets');

  // Verification by observed firmware for assets changed since the previous recompute (all on the first).
  const since = previousRun?.startedAt ?? '';
  const candidates: VerificationCandidate[] = [];
  const fixedOf = vIds.map((id) => {
    const vr = vRows.get(id)!;
    return vr.fixed_versions === null ? null : { fixedVersion: vr.fixed_version, fixedVersions: JSON.parse(vr.fixed_versions) as FixedVersionEntry[] };
  });
  for (let i = 0; i < n; i++) {
    const fixed = fixedOf[fv[i]!];
    if (!fixed || stateOf[i] === STATE_CODE.verified) continue;
    const r = assetRow[fa[i]!];
    if (!r?.firmware || r.updated_at < since) continue;
    candidates.push({ findingId: ids[i]!, orgId, vulnerabilityId: vIds[fv[i]!]!, assetId: r.id, firstSeen: firstSeen[i]!, firmware: r.firmware, ...fixed });
  }
  const verified = new Set(candidates.length > 0 ? await store.db.transaction().execute((trx) => verifyFindings(trx, store.sqlite, candidates, now)) : []);
  if (verified.size > 0) for (let i = 0; i < n; i++) if (verified.has(ids[i]!)) stateOf[i] = STATE_CODE.verified;

  // Findings. A UTC timestamp's day is its date part: parse each distinct day once.
  const days = new Map<string, number>();
  const dayOfIso = (text: string): number => {
    const key = text.length > 10 && text[10] === 'T' && text.endsWith('Z') ? text.slice(0, 10) : text;
    let d = days.get(key);
    if (d === undefined) days.set(key, (d = dayOfText(key)));
    return d;
  };
  const f = findingColumns(n);
  const vulnerabilityTargets = new Set(overrides.filter((o) => VULNERABILITY_SIDE.has(o.input)).map((o) => `${o.scope}:${o.scopeId}`));
  // Per asset row: whether an override of a vulnerability-side input targets its asset, zone or site.
  const vulnerabilityTargeted =
    vulnerabilityTargets.size === 0
      ? null
      : Uint8Array.from(aIds, (assetId, ai) =>
          vulnerabilityTargets.has(`asset:${assetId}`) || vulnerabilityTargets.has(`zone:${assetZone[ai]}`) || vulnerabilityTargets.has(`site:${assetSite[ai]}`) ? 1 : 0,
        );
  for (let i = 0; i < n; i++) {
    f.vulnerability[i] = fv[i]!;
    f.asset[i] = fa[i]!;
    const seen = dayOfIso(firstSeen[i]!);
    f.firstSeenDay[i] = seen;
    f.decisionSinceDay[i] = prevSince[i] ? dayOfIso(prevSince[i]!) : seen;
    f.state[i] = stateOf[i]!;
    if (vulnerabilityTargeted !== null && vulnerabilityTargeted[fa[i]!] === 1) {
      const assetId = aIds[fa[i]!]!;
      const zoneId = assetZone[fa[i]!];
      const siteId = assetSite[fa[i]!];
      packFindingOverrides(f, i, overridesOf(assetId, zoneId, siteId), { assetId, zoneId, siteId, vulnerabilityId: vIds[fv[i]!]! });
    }
  }
  const recomputeOptions = { now, mode: policy.mode, policy: enginePolicy(policy), dueSoonDays: policy.dueSoonDays };
  const result = recompute(v, a, f, recomputeOptions, recomputeResult(n));
  // A finding whose decision changed reached it today: its policy clock restarts.
  let restarted = 0;
  for (let i = 0; i < n; i++) {
    if (prevDecision[i]! >= 0 && prevDecision[i] !== result.decision[i]) {
      f.decisionSinceDay[i] = today;
      restarted++;
    }
  }
  if (restarted > 0) recompute(v, a, f, recomputeOptions, result);
  phase('compute');

  // Rows to write, and events.
  const { sites: siteNames, zones: zoneNames } = await siteAndZoneNames(db, orgId);
  const slaNull = DECISIONS.map((d) => policy.slaDays[d] === null);
  const dayTexts = new Map<number, string>();
  const dayOfRow = (d: number): string => {
    let t = dayTexts.get(d);
    if (t === undefined) dayTexts.set(d, (t = dayText(d)));
    return t;
  };
  const events: RiskEvent[] = [];
  let eventsDropped = 0;
  const byDecision = Object.fromEntries(DECISIONS.map((d) => [d, 0])) as Record<SsvcDecision, number>;
  const byStatus = Object.fromEntries(DEADLINE_STATUSES.map((s) => [s, 0])) as Record<DeadlineStatus, number>;
  // What a row stores of its asset, hashed once per asset; the rest of a row is integers.
  const assetHash = Float64Array.from(aIds, (id, ai) => textHash(`${siteKeyOf(id || null, assetSite[ai] ?? null)}|${id}|${assetSite[ai] ?? ''}|${assetZone[ai] ?? ''}`));
  const values = new Float64Array(16);
  // Per finding, what its row stores beside the engine's results (read again to build the rows).
  const rowHash = new Float64Array(n);
  const rowNotified = new Uint8Array(n);
  const rowDueKind = new Uint8Array(n);
  const rowExposed = new Uint8Array(n);
  const rowRiskBase = new Float64Array(n);
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const vi = fv[i]!;
    const ai = fa[i]!;
    const decision = result.decision[i]!;
    const bodDue = result.bodDueDay[i]!;
    const policyDue = result.policyDueDay[i]!;
    const due = bodMode ? bodDue : policyDue;
    const dueKind = bodMode ? (result.bodOutcome[i] === 0 ? 2 : bodDue === NO_DAY ? 1 : 0) : slaNull[decision] ? 2 : policyDue === NO_DAY ? 1 : 0;
    const state = REMEDIATION_STATES[f.state[i]!]!;
    const queued = isQueued(state);
    const kev = v.kev[vi]!;
    const exposure = a.exposure[ai]!;
    const exposed = exposure === 0 || exposure === 3 ? 1 : 0;
    const overdue = queued && dueKind === 0 && today > due;
    const status = DEADLINE_STATUSES[result.status[i]!]!;
    byDecision[DECISIONS[decision]!]++;
    byStatus[status]++;
    const since = f.decisionSinceDay[i] === NO_DAY ? today : f.decisionSinceDay[i]!;
    const riskBase = riskScoreOf(decision, v.cvssTenths[vi]!, v.epss[vi]!, kev, exposed, 1);
    const risk = Math.round(result.risk[i]! * 10) / 10;
    const dueDay = dueKind === 0 ? due : NO_DUE_DAY;

    // Events: transitions against the previous recompute (none on the baseline run).
    const prev = prevDecision[i]!;
    const fresh = prev < 0;
    let notified = prevNotified[i]!;
    const wanted: RiskEventKindAll[] = [];
    if (!baseline && decision === 3 && prev !== 3 && DEADLINE_MET_STATES.includes(state) === false) wanted.push('act');
    if (!baseline && kev === 1 && (fresh ? true : prevKev[i] === 0)) wanted.push('kev');
    if (overdue && (notified & OVERDUE_NOTIFIED) === 0) {
      if (!baseline) wanted.push('overdue');
      notified |= OVERDUE_NOTIFIED;
    } else if (!overdue) notified &= ~OVERDUE_NOTIFIED;

    // (Set one by one: an array literal per finding was a million allocations.)
    values[0] = assetHash[ai]!;
    values[1] = decision;
    values[2] = since;
    values[3] = result.bodOutcome[i]!;
    values[4] = result.bodNoVulnrichment[i]!;
    values[5] = bodDue;
    values[6] = policyDue;
    values[7] = dueDay;
    values[8] = dueKind;
    values[9] = kev;
    values[10] = exposed;
    values[11] = riskBase;
    values[12] = risk;
    values[13] = f.state[i]!;
    values[14] = queued ? 1 : 0;
    values[15] = notified;
    const hash = valuesHash(values);
    const assetId = aIds[ai] || null;
    const siteId = assetSite[ai] ?? null;
    rowHash[i] = hash;
    rowNotified[i] = notified;
    rowDueKind[i] = dueKind;
    rowExposed[i] = exposed;
    rowRiskBase[i] = riskBase;
    if (hash !== prevHash[i]) changed++;
    for (const kind of wanted) {
      if (events.length >= MAX_EVENTS_PER_RUN) {
        eventsDropped++;
        continue;
      }
      const assetName = assetRow[ai]?.name;
      const siteName = siteId ? siteNames.get(siteId) : undefined;
      events.push({
        id: newId(),
        kind,
        at: nowIso,
        organisationId: orgId,
        summary: `${vIds[vi]} on ${assetName ?? 'an organisation-wide component'}${siteName ? ` (${siteName})` : ''}: ${RISK_EVENT_LABELS[kind]}${dueKind === 0 ? `, due ${dayText(due)}` : ''}`,
        finding: {
          id: ids[i]!,
          vulnerabilityId: vIds[vi]!,
          asset: assetId && assetName ? { id: assetId, name: assetName } : null,
          site: siteId && siteName ? { id: siteId, name: siteName } : null,
          decision: DECISIONS[decision]!,
          previousDecision: fresh ? null : (DECISIONS[prev] ?? null),
          dueDate: dueKind === 0 ? dayText(due) : null,
          status,
          risk,
          kev: kev === 1,
        },
      });
    }
  }

  // The rows to write: the changed ones; or, when many changed, all of them (replaced at once).
  // Rows are filled into the writer's buffer when it writes them: never a million objects.
  const replaceAll = changed >= (options.indexRebuildRows ?? INDEX_REBUILD_ROWS);
  const toWrite = replaceAll ? null : new Int32Array(changed);
  if (toWrite) for (let i = 0, k = 0; i < n; i++) if (rowHash[i] !== prevHash[i]) toWrite[k++] = i;
  const assetSiteKey = aIds.map((id, ai) => siteKeyOf(id || null, assetSite[ai] ?? null));
  const writes: AssessmentRows = {
    count: toWrite ? toWrite.length : n,
    fill: (k, out, at) => {
      const i = toWrite ? toWrite[k]! : k;
      const ai = fa[i]!;
      const vi = fv[i]!;
      const bodDue = result.bodDueDay[i]!;
      const policyDue = result.policyDueDay[i]!;
      const dueKind = rowDueKind[i]!;
      const state = REMEDIATION_STATES[f.state[i]!]!;
      // In ASSESSMENT_COLUMN_NAMES order.
      out[at] = ids[i]!;
      out[at + 1] = orgId;
      out[at + 2] = assetSiteKey[ai]!;
      out[at + 3] = aIds[ai] || null;
      out[at + 4] = assetSite[ai] ?? null;
      out[at + 5] = assetZone[ai] ?? null;
      out[at + 6] = vIds[vi]!;
      out[at + 7] = result.decision[i]!;
      out[at + 8] = dayOfRow(f.decisionSinceDay[i] === NO_DAY ? today : f.decisionSinceDay[i]!);
      out[at + 9] = result.bodOutcome[i]!;
      out[at + 10] = result.bodNoVulnrichment[i]!;
      out[at + 11] = bodDue === NO_DAY ? null : dayOfRow(bodDue);
      out[at + 12] = policyDue === NO_DAY ? null : dayOfRow(policyDue);
      out[at + 13] = dueKind === 0 ? (bodMode ? bodDue : policyDue) : NO_DUE_DAY;
      out[at + 14] = DUE_KINDS[dueKind]!;
      out[at + 15] = v.kev[vi]!;
      out[at + 16] = rowExposed[i]!;
      out[at + 17] = rowRiskBase[i]!;
      out[at + 18] = Math.round(result.risk[i]! * 10) / 10;
      out[at + 19] = state;
      out[at + 20] = isQueued(state) ? 1 : 0;
      out[at + 21] = rowNotified[i]!;
      out[at + 22] = rowHash[i]!;
      out[at + 23] = nowIso;
    },
  };

  // Rollups per asset, zone, site and organisation (only when some assessment changed).
  const rollups: RiskRollupsTable[] = [];
  const snapshots: RiskSnapshotsTable[] = [];
  const computeRollups = () => {
    const level = (name: RiskRollupsTable['level'], keyOf: (ai: number) => string | null, nameOf: (key: string) => string) => {
      // A group per asset row first (100k), then per finding a lookup (1M).
      const index = new Map<string, number>();
      const assetGroup = Int32Array.from(aIds, (_, ai) => {
        const key = keyOf(ai);
        if (key === null) return -1;
        let g = index.get(key);
        if (g === undefined) index.set(key, (g = index.size));
        return g;
      });
      const groupOf = new Int32Array(n);
      for (let i = 0; i < n; i++) groupOf[i] = assetGroup[fa[i]!]!;
      const columns = rollupColumns(result.risk, result.decision, groupOf, index.size);
      for (const [key, g] of index) {
        // rollupRow's numbers without its text (not stored).
        const row = rollupValues(columns, g);
        const stored = {
          org_id: orgId, level: name, group_id: key, group_name: nameOf(key), score: row.score, findings: row.findings,
          act: row.counts[3], attend: row.counts[2], track_star: row.counts[1], track: row.counts[0],
          sum: row.sum, mean: row.mean, worst_finding_id: row.top >= 0 ? (ids[row.top] ?? null) : null,
        };
        rollups.push({ ...stored, computed_at: nowIso });
        if (name !== 'asset') snapshots.push({ ...stored, day: todayText });
      }
    };
    // Row 0 of the asset index is "no asset": the organisation level always has its one group.
    level('organisation', () => orgId, () => 'organisation');
    level('site', (ai) => assetSite[ai] ?? null, (k) => siteNames.get(k) ?? k);
    level('zone', (ai) => assetZone[ai] ?? null, (k) => {
      const z = zoneNames.get(k);
      return z ? `${siteNames.get(z.siteId) ?? z.siteId} / ${z.name}` : k;
    });
    level('asset', (ai) => (ai === 0 ? null : aIds[ai]!), (k) => assetRow[aIndex.get(k)!]?.name ?? k);
  };
  phase('prepare');

  let removed = 0;
  const summary: RecomputeSummary = {
    organisationId: orgId, trigger: options.trigger ?? 'manual', computedAt: nowIso, mode: policy.mode, findings: n, vulnerabilities: vIds.length,
    derivedVulnerabilities: derived, assets: aIds.length - 1, written: writes.count, removed: 0, lapsed: lapsed.length, verified: verified.size,
    byDecision, byStatus, baseline, events: events.length, eventsDropped, seconds: 0, phases,
  };
  await db.transaction().execute(async (trx) => {
    if (replaceAll) {
      removed = Math.max(0, (await countOrgAssessments(trx, orgId)) - prevHash.reduce((k, h) => k + (h >= 0 ? 1 : 0), 0));
      await replaceAssessments(trx, store.sqlite, orgId, writes);
    } else {
      await writeAssessments(trx, store.sqlite, writes);
      // Every open finding now has its row: any more rows belong to findings no longer open.
      if ((await countOrgAssessments(trx, orgId)) > n) removed = await deleteStaleAssessments(trx, orgId);
    }
    phase('write');
    // Rollups change only with the assessments (a remediation change rewrites its row too): when
    // nothing changed, today's snapshot is the stored rollups.
    if (writes.count > 0 || removed > 0 || previousRun === null) {
      computeRollups();
      await replaceRollups(trx, store.sqlite, orgId, rollups);
      await writeSnapshots(trx, store.sqlite, snapshots);
    } else await snapshotStoredRollups(trx, store.sqlite, orgId, todayText);
    summary.removed = removed;
    summary.seconds = Math.round(performance.now() - t0) / 1000;
    phase('rollups');
    await insertRun(trx, orgId, { id: newId(), trigger: summary.trigger, startedAt: nowIso, finishedAt: new Date().toISOString(), summary });
  });
  summary.seconds = Math.round(performance.now() - t0) / 1000;
  phase('commit');
  delete phases.commit;
  return { summary, events, cpuPhases };
}

// ---------------------------------------------------------------------------------------------
// The work queue, overdue and due-soon lists

/** Counts per decision are exact up to this many (an index range scan each); beyond, "at least" (the UI shows 1000+). */
export const COUNT_CAP = 1_000;
/** Deepest offset the lists page to (deeper pages cost in proportion; narrow the filters instead). */
export const MAX_QUEUE_OFFSET = 100_000;

export interface QueueQuery {
  /** Site id or name. */
  site?: string | undefined;
  decisions?: SsvcDecision[] | undefined;
  overdue?: boolean | undefined;
  dueSoon?: boolean | undefined;
  limit: number;
  offset: number;
  now?: Date | undefined;
}

export function deadlineStatusOf(state: RemediationState, kind: string, dueDay: number, today: number, dueSoonDays: number): DeadlineStatus {
  if (DEADLINE_MET_STATES.includes(state)) return 'met';
  if (state === 'risk-accepted') return 'accepted';
  if (kind === 'next-upgrade') return 'no-fixed-date';
  if (kind !== 'date') return 'unknown';
  return statusOfDay(dueDay, today, dueSoonDays);
}

/** A site of the scope by id or name (case-insensitive); null when none is given. */
export async function resolveRiskSite(store: Store, scope: Scope, site: string | undefined): Promise<{ id: string; name: string } | null> {
  if (site === undefined || site === '') return null;
  const sites = await siteNames(store.db, scope.orgId);
  let found: { id: string; name: string } | null = null;
  if (sites.has(site)) found = { id: site, name: sites.get(site)! };
  else for (const [id, name] of sites) if (name.toLowerCase() === site.toLowerCase()) found = { id, name };
  if (!found || (scope.siteIds !== null && !scope.siteIds.includes(found.id))) throw new NotFoundError('site', site);
  return found;
}

function decisionCodes(decisions: readonly string[] | undefined): number[] {
  const list = decisions && decisions.length > 0 ? decisions : DECISIONS;
  const codes = list.map((d) => {
    const i = (DECISIONS as readonly string[]).indexOf(d);
    if (i < 0) throw new InputError(`unknown decision ${JSON.stringify(d)} (expected ${DECISIONS.join(', ')})`, { code: 'invalid-decision' });
    return i;
  });
  return [...new Set(codes)].sort((x, y) => y - x);
}

function queueItem(r: QueueRowData, policy: RiskPolicy, today: number): QueueItem {
  const state = r.state as RemediationState;
  const dueDay = Number(r.due_day);
  const kind = r.due_kind as QueueItem['deadline']['kind'];
  const decision = Number(r.decision);
  const outcome = BOD_OUTCOMES[Number(r.bod_outcome)]!;
  return {
    findingId: r.finding_id,
    vulnerability: {
      id: r.vulnerability_id, title: r.title, cvss: r.cvss_score === null ? null : Number(r.cvss_score), severity: r.cvss_severity,
      epss: r.epss_score === null ? null : Number(r.epss_score), epssPercentile: r.epss_percentile === null ? null : Number(r.epss_percentile),
      kev: Number(r.kev) === 1, kevDueDate: r.kev_due_date,
    },
    target: { kind: r.target_kind, name: r.target_name },
    asset: r.asset_id ? { id: r.asset_id, name: r.asset_name ?? r.target_name } : null,
    site: r.site_id ? { id: r.site_id, name: r.site_name ?? r.site_id } : null,
    zone: r.zone_id ? { id: r.zone_id, name: r.zone_name ?? r.zone_id } : null,
    decision: DECISIONS[decision]!,
    decisionSince: r.decision_since,
    deadline: {
      governing: policy.mode,
      kind,
      dueDate: kind === 'date' ? dayText(dueDay) : null,
      daysLeft: kind === 'date' ? dueDay - today : null,
      status: deadlineStatusOf(state, kind, dueDay, today, policy.dueSoonDays),
      bod: { dueDate: r.bod_due, outcome: Number(r.bod_no_vulnrichment) === 1 ? `${outcome.label} (no Vulnrichment data)` : outcome.label, forensicTriage: outcome.forensicTriage, noVulnrichment: Number(r.bod_no_vulnrichment) === 1 },
      policyDueDate: r.policy_due,
    },
    risk: Number(r.risk),
    exposed: Number(r.exposed) === 1,
    state,
    remediation: { owner: r.rem_owner, dueDate: r.rem_due_date, planId: r.rem_plan_id, acceptedUntil: state === 'risk-accepted' ? r.rem_expires_at : null },
    firstSeen: r.first_seen,
    computedAt: r.computed_at,
  };
}

async function listPage(store: Store, scope: Scope, query: QueueQuery, order: 'queue' | 'due', filterOf: (today: number, policy: RiskPolicy) => Omit<AssessmentFilter, 'decisions' | 'site'>): Promise<QueuePage> {
  if (query.offset > MAX_QUEUE_OFFSET) throw new InputError(`offset is at most ${MAX_QUEUE_OFFSET}; narrow the filters (site, decision) instead`, { code: 'offset-too-deep' });
  const now = query.now ?? new Date();
  const today = dayOf(now.getTime());
  const policy = await getRiskPolicy(store, scope);
  const counts = Object.fromEntries(DECISIONS.map((d) => [d, 0])) as Record<SsvcDecision, number>;
  const page: QueuePage = {
    items: [], limit: query.limit, offset: query.offset, total: 0, totalExact: true, counts, today: dayText(today), mode: policy.mode,
    dueSoonDays: policy.dueSoonDays, site: null, computedAt: null,
  };
  // Risk is an organisation's own work: a partner's shared view has none.
  if (scope.view !== 'own') return page;
  const decisions = decisionCodes(query.decisions);
  await reopenLapsedAcceptances(store, scope.orgId, now);
  const [site, run] = await Promise.all([resolveRiskSite(store, scope, query.site), lastRun(store.db, scope.orgId)]);
  const filter: AssessmentFilter = { ...filterOf(today, policy), decisions, site: site?.id };
  let totalExact = true;
  for (const [d, c] of await countAssessments(store.db, scope, filter, decisions, COUNT_CAP + 1)) {
    counts[DECISIONS[d]!] = Math.min(c, COUNT_CAP);
    if (c > COUNT_CAP) totalExact = false;
  }
  let keys: AssessmentKey[] = [];
  if (order === 'queue') {
    // Act first, then Attend, Track*, Track; inside a decision by due date, then risk.
    let skip = query.offset;
    let need = query.limit;
    for (const d of decisions) {
      if (need <= 0) break;
      if (counts[DECISIONS[d]!] < COUNT_CAP && skip >= counts[DECISIONS[d]!]) {
        skip -= counts[DECISIONS[d]!];
        continue;
      }
      const rows = await pageAssessments(store.db, scope, filter, d, need, skip);
      if (rows.length === 0) {
        skip -= (await countAssessments(store.db, scope, filter, [d], skip + 1)).get(d)!;
        continue;
      }
      keys.push(...rows);
      need -= rows.length;
      skip = 0;
    }
  } else {
    // By due date across decisions (the overdue and due-soon lists): the first offset+limit of each, merged.
    for (const d of decisions) keys.push(...(await pageAssessments(store.db, scope, filter, d, query.offset + query.limit, 0)));
    keys.sort((x, y) => x.due_day - y.due_day || y.risk - x.risk || (x.finding_id < y.finding_id ? -1 : x.finding_id > y.finding_id ? 1 : 0));
    keys = keys.slice(query.offset, query.offset + query.limit);
  }
  const rows = await queueRows(store.db, scope.orgId, keys.map((k) => k.finding_id));
  return {
    ...page,
    items: keys.map((k) => rows.get(k.finding_id)).filter((r): r is QueueRowData => r !== undefined).map((r) => queueItem(r, policy, today)),
    total: Object.values(counts).reduce((x, y) => x + y, 0),
    totalExact,
    site,
    computedAt: run?.finishedAt ?? null,
  };
}

/** The work queue: open findings, Act first, then Attend, Track*, Track; inside each by due date, then risk score. */
export async function riskQueue(store: Store, scope: Scope, query: QueueQuery): Promise<QueuePage> {
  return listPage(store, scope, query, 'queue', (today, policy) => ({
    dueBefore: query.overdue ? today : query.dueSoon ? today + policy.dueSoonDays + 1 : undefined,
    dueFrom: query.dueSoon && !query.overdue ? today : undefined,
  }));
}

/** Overdue (due date passed, still open) or due-soon open findings, by due date (earliest first). */
export async function riskDeadlines(store: Store, scope: Scope, kind: 'overdue' | 'due-soon', query: Omit<QueueQuery, 'overdue' | 'dueSoon'>): Promise<QueuePage> {
  return listPage(store, scope, query, 'due', (today, policy) =>
    kind === 'overdue' ? { dueBefore: today } : { dueFrom: today, dueBefore: today + policy.dueSoonDays + 1 },
  );
}

// ---------------------------------------------------------------------------------------------
// One finding, assessed live with its full rationale

function scoreView(s: ScoredCvss): CvssScoreView {
  return {
    version: s.version, vector: s.scores.vector, base: s.scores.base, overall: s.scores.overall, severity: s.scores.severity,
    temporal: s.scores.temporal, threat: s.scores.threat, environmental: s.scores.environmental,
    source: { kind: s.input.sourceKind, name: s.input.sourceName, date: s.input.date },
  };
}

function csafProductsOf(evidence: readonly Evidence[]): { advisory: string; productId: string }[] {
  return evidence.filter((e) => e.matcher === 'csaf' && e.criterion && e.source.advisoryId).map((e) => ({ advisory: e.source.advisoryId!, productId: e.criterion! }));
}

export async function findingRisk(store: Store, scope: Scope, findingId: string, now = new Date()): Promise<FindingRiskView> {
  ownOnly(scope);
  const row = await getFindingRow(store.db, scope, findingId);
  if (!row || row.orgId !== scope.orgId) throw new NotFoundError('finding', findingId);
  await reopenLapsedAcceptances(store, scope.orgId, now);
  const sbomAsset = row.sbomId ? (await store.db.selectFrom('sboms').select('asset_id').where('id', '=', row.sbomId).executeTakeFirst())?.asset_id ?? null : null;
  const assetId = row.assetId ?? sbomAsset;
  const asset = assetId ? await getAsset(store.db, scope, assetId) : null;
  const intel = (await loadVulnerabilityIntel(store.db, [row.vulnerabilityId])).get(row.vulnerabilityId)!;
  const inputs = vulnerabilityInputs(intel.evidence);
  const overrides = (await listOverrides(store.db, scope.orgId)).map(engineOverride);
  const storedRemediation = (await getRemediations(store.db, scope.orgId, [findingId])).get(findingId);
  const remediation = storedRemediation ? remediationView(storedRemediation, now) : null;
  const storedRow = await getAssessment(store.db, scope.orgId, findingId);
  const policy = await getRiskPolicy(store, scope);
  const ctx: AssetContext = asset
    ? assetContextOf({ id: asset.id, kind: asset.kind, criticality: asset.criticality, tags: asset.tags, custom: asset.custom, siteId: asset.site?.id ?? null, zoneId: asset.zone?.id ?? null })
    : { id: assetId ?? '(organisation-wide)' };
  const record = remediation
    ? { state: remediation.state, since: remediation.since, plan: remediation.plan ?? undefined, acceptance: remediation.acceptance ?? undefined, firstActionAt: remediation.firstActionAt ?? undefined, verification: remediation.verification ?? undefined, history: remediation.history }
    : undefined;
  const assessment = assessFinding(
    { vulnerability: inputs, asset: ctx, overrides, firstSeen: row.firstSeen, decisionSince: storedRow?.decision_since ?? row.firstSeen, remediation: record },
    { now, mode: policy.mode, policy: enginePolicy(policy), dueSoonDays: policy.dueSoonDays },
  );
  const actions = recommendedActions(remediationsForProducts(intel.advisories, csafProductsOf(row.evidence)));
  const fixedVersion = fixedVersionOf(actions) ?? null;
  const firmwareVerdict = asset?.firmware && fixedVersion ? reachesFixedVersion(asset.firmware, fixedVersion) : null;
  return {
    finding: {
      id: row.id,
      status: row.status,
      firstSeen: row.firstSeen,
      lastSeen: row.lastSeen,
      target: { kind: row.targetKind, name: row.targetName },
      vulnerability: { id: row.vulnerabilityId, title: intel.title },
      asset: asset ? { id: asset.id, name: asset.name, kind: asset.kind, criticality: asset.criticality, firmware: asset.firmware, exposureAttribute: exposureAttribute(asset.custom) ?? null } : null,
      site: asset?.site ?? null,
      zone: asset?.zone ? { id: asset.zone.id, name: asset.zone.name } : null,
    },
    decision: assessment.ssvc.decision,
    assessment,
    scores: { cvss: { preferred: inputs.cvss.preferred ? scoreView(inputs.cvss.preferred) : null, all: inputs.cvss.all.map(scoreView), rule: inputs.cvss.rule }, epss: inputs.epss ?? null },
    problems: inputs.problems.map((p) => ({ code: p.code, message: p.message })),
    exploitationEvidence: inputs.exploitationEvidence,
    recommendedActions: actions,
    fixedVersion,
    firmwareVerdict,
    remediation: remediation ?? remediationView({ findingId, vulnerabilityId: row.vulnerabilityId, assetId, planId: null, record: openRecord(row.firstSeen), evidence: [], updatedBy: null, updatedAt: null }, now),
    stored: storedRow
      ? {
          decision: DECISIONS[Number(storedRow.decision)]!, dueDate: storedRow.due_kind === 'date' ? dayText(Number(storedRow.due_day)) : null, dueKind: storedRow.due_kind,
          risk: Number(storedRow.risk), state: storedRow.state, decisionSince: storedRow.decision_since, computedAt: storedRow.computed_at,
        }
      : null,
    policy,
  };
}

// ---------------------------------------------------------------------------------------------
// Rollups, trend, "applied before exploitation"

function rollupView(r: Omit<RiskSnapshotsTable, 'day'>): RollupView {
  const byDecision = { Act: Number(r.act), Attend: Number(r.attend), 'Track*': Number(r.track_star), Track: Number(r.track) };
  const counts = `Act ${byDecision.Act} · Attend ${byDecision.Attend} · Track* ${byDecision['Track*']} · Track ${byDecision.Track}`;
  const score = Number(r.score);
  const text = `${r.group_name} risk ${score} = highest finding score${r.worst_finding_id ? ` (${r.worst_finding_id})` : ''} of ${Number(r.findings)} findings: ${counts}; sum ${Number(r.sum)}, mean ${Number(r.mean)}`;
  return {
    level: r.level as RollupLevel, groupId: r.group_id, name: r.group_name, score, findings: Number(r.findings), byDecision, sum: Number(r.sum), mean: Number(r.mean),
    worstFindingId: r.worst_finding_id, text,
  };
}

export const FINDING_SCORE_FORMULA =
  'finding score = (band + 25 × (0.4 × CVSS/10 + 0.3 × EPSS + 0.2 × KEV + 0.1 × exposed)) × state factor; band Track 0, Track* 25, Attend 50, Act 75; CVSS unknown → 10, EPSS unknown → 0, unknown exposure → exposed; state factor open/planned/risk-accepted 1, mitigated 0.5, remediated/verified 0';

export async function riskRollups(store: Store, scope: Scope, query: { level: RollupLevel; site?: string | undefined; limit: number; offset: number }): Promise<RollupPage> {
  const formula = { finding: FINDING_SCORE_FORMULA, rollup: ROLLUP_FORMULA };
  if (scope.view !== 'own') return { items: [], total: 0, formula, computedAt: null };
  const site = await resolveRiskSite(store, scope, query.site);
  const siteIds = site ? [site.id] : scope.siteIds;
  if (query.level === 'organisation' && scope.siteIds !== null) throw new NotFoundError('organisation rollup for', 'a site-limited account');
  const page = await listRollups(store.db, scope, { level: query.level, siteIds, limit: query.limit, offset: query.offset });
  const run = await lastRun(store.db, scope.orgId);
  return { items: page.items.map(rollupView), total: page.total, formula, computedAt: run?.finishedAt ?? null };
}

export interface TrendSeries {
  groupId: string;
  name: string;
  points: { day: string; score: number; findings: number; byDecision: Record<SsvcDecision, number>; mean: number }[];
}

export async function riskTrend(store: Store, scope: Scope, query: { level: RollupLevel; group?: string | undefined; from?: string | undefined; to?: string | undefined; now?: Date }): Promise<{ level: RollupLevel; from: string; to: string; series: TrendSeries[] }> {
  if (!(SNAPSHOT_LEVELS as readonly string[]).includes(query.level)) throw new InputError(`the trend is kept for ${SNAPSHOT_LEVELS.join(', ')}, not ${query.level}`, { code: 'invalid-level' });
  const now = query.now ?? new Date();
  const to = query.to ?? dayText(dayOf(now.getTime()));
  const from = query.from ?? dayText(dayOf(now.getTime()) - 90);
  if (dayOfText(from) === NO_DAY || dayOfText(to) === NO_DAY || from > to) throw new InputError(`invalid period ${from} … ${to}: two ISO dates, from not after to`, { code: 'invalid-period' });
  if (query.level === 'organisation' && scope.siteIds !== null) throw new NotFoundError('organisation trend for', 'a site-limited account');
  if (scope.view !== 'own') return { level: query.level, from, to, series: [] };
  let groups: string[] | null = query.group ? [query.group] : null;
  if (query.level === 'site' && query.group) groups = [(await resolveRiskSite(store, scope, query.group))!.id];
  else if (query.level === 'site' && scope.siteIds !== null) groups = [...scope.siteIds];
  else if (query.level === 'zone' && scope.siteIds !== null) {
    const { zones } = await siteAndZoneNames(store.db, scope.orgId);
    const allowed = [...zones].filter(([, z]) => scope.siteIds!.includes(z.siteId)).map(([id]) => id);
    groups = groups ? groups.filter((g) => allowed.includes(g)) : allowed;
  }
  const rows = await listSnapshots(store.db, scope.orgId, { level: query.level, groupIds: groups, from, to });
  const series = new Map<string, TrendSeries>();
  for (const r of rows) {
    const s = series.get(r.group_id) ?? { groupId: r.group_id, name: r.group_name, points: [] };
    const v = rollupView(r);
    s.name = r.group_name;
    s.points.push({ day: r.day, score: v.score, findings: v.findings, byDecision: v.byDecision, mean: v.mean });
    series.set(r.group_id, s);
  }
  return { level: query.level, from, to, series: [...series.values()] };
}


/** "Applied before exploitation": per mitigated/remediated finding and the rate per site and organisation over [from, to). */
export async function exploitationRates(store: Store, scope: Scope, query: { from?: string | undefined; to?: string | undefined; now?: Date }): Promise<ExploitationRates> {
  const now = query.now ?? new Date();
  const to = query.to ?? now.toISOString();
  const from = query.from ?? new Date(now.getTime() - 365 * 86_400_000).toISOString();
  const fromUtc = utcInstant(from);
  const toUtc = utcInstant(to);
  if (!fromUtc || !toUtc || dayOfText(from) === NO_DAY || dayOfText(to) === NO_DAY) throw new InputError(`invalid period ${from} … ${to}: two ISO-8601 dates`, { code: 'invalid-period' });
  const actions = await actionsInPeriod(store.db, scope, fromUtc, toUtc);
  const { rows } = await ensureVulnerabilityInputs(store.db, store.sqlite, [...new Set(actions.map((x) => x.vulnerabilityId))], now.toISOString());
  const timed: (TimedAction & { findingId: string; vulnerabilityId: string; reason: string })[] = actions.map((x) => {
    const timing = exploitationTiming(x.firstActionAt, exploitationEvidenceOf(rows.get(x.vulnerabilityId)));
    return { findingId: x.findingId, vulnerabilityId: x.vulnerabilityId, site: x.siteName ?? x.siteId ?? undefined, organisation: 'organisation', actionAt: x.firstActionAt, outcome: timing.outcome, reason: timing.reason };
  });
  const rates = timingRates(timed, { from, to });
  return {
    ...rates,
    actions: timed.slice(0, 500).map((t) => ({ findingId: t.findingId, vulnerabilityId: t.vulnerabilityId, site: t.site ?? null, actionAt: t.actionAt!, outcome: t.outcome, reason: t.reason })),
  };
}

/** The last recompute of the organisation and the policy in force. */
export async function riskStatus(store: Store, scope: Scope): Promise<{ lastRun: RecomputeSummary | null; policy: RiskPolicy }> {
  const policy = await getRiskPolicy(store, scope);
  if (scope.view !== 'own') return { lastRun: null, policy };
  const run = await lastRun(store.db, scope.orgId);
  return { lastRun: (run?.summary as RecomputeSummary | undefined) ?? null, policy };
}
