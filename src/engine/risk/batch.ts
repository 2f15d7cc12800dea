/**
 * The batch API: decisions, deadlines, statuses and risk scores for many findings over compact,
 * column-wise inputs. The vulnerability side (20,000 rows) and the asset side (100,000 rows) are
 * derived once with the full functions and packed into integer codes (values.ts); each finding is
 * then a few table lookups with no allocation. `recompute` gives the same results as
 * `assessFinding` (tested), without the rationale.
 */
import type { AssetInputs } from './asset-inputs.js';
import { BOD_OUTCOMES, NO_VULNRICHMENT_OUTCOME, bodOutcomeCode } from './bod.js';
import { DEADLINE_MET_STATES, DEADLINE_STATUSES, DEFAULT_DUE_SOON_DAYS, statusOfDay } from './deadline.js';
import { dayOf, dayOfText, nowMs, NO_DAY, type Now } from './dates.js';
import { pickOverride, type InputOverride, type OverrideTarget } from './overrides.js';
import { DEFAULT_POLICY, type OrganisationPolicy } from './policy.js';
import { REMEDIATION_STATES, type RemediationState } from './remediation.js';
import { CVSS_UNKNOWN, riskScoreOf, STATE_FACTORS } from './rollup.js';
import { resolveInput } from './ssvc.js';
import { decisionCode, mwiCode } from './ssvc-table.js';
import {
  AUTOMATABLES,
  codeOf,
  DECISIONS,
  EXPLOITATIONS,
  EXPOSURES,
  MISSION_PREVALENCES,
  NO_OVERRIDE,
  PUBLIC_WELLBEINGS,
  TECHNICAL_IMPACTS,
  UNKNOWN,
} from './values.js';
import type { VulnerabilityInputs } from './vulnerability-inputs.js';

export interface VulnerabilityColumns {
  count: number;
  /** Codes of EXPLOITATIONS / AUTOMATABLES / TECHNICAL_IMPACTS, UNKNOWN when unknown. */
  exploitation: Uint8Array;
  automatable: Uint8Array;
  technicalImpact: Uint8Array;
  kev: Uint8Array;
  vulnrichment: Uint8Array;
  kevAddedDay: Int32Array;
  vulnrichmentDay: Int32Array;
  /** Preferred CVSS base score in tenths, CVSS_UNKNOWN when none. */
  cvssTenths: Uint8Array;
  /** EPSS probability, NaN when none. */
  epss: Float64Array;
}

export function vulnerabilityColumns(count: number): VulnerabilityColumns {
  return {
    count,
    exploitation: new Uint8Array(count).fill(UNKNOWN),
    automatable: new Uint8Array(count).fill(UNKNOWN),
    technicalImpact: new Uint8Array(count).fill(UNKNOWN),
    kev: new Uint8Array(count),
    vulnrichment: new Uint8Array(count),
    kevAddedDay: new Int32Array(count).fill(NO_DAY),
    vulnrichmentDay: new Int32Array(count).fill(NO_DAY),
    cvssTenths: new Uint8Array(count).fill(CVSS_UNKNOWN),
    epss: new Float64Array(count).fill(Number.NaN),
  };
}

/** Writes one vulnerability's derived inputs into row `row`. */
export function packVulnerability(columns: VulnerabilityColumns, row: number, inputs: VulnerabilityInputs): void {
  columns.exploitation[row] = codeOf(EXPLOITATIONS, inputs.exploitation.value);
  columns.automatable[row] = codeOf(AUTOMATABLES, inputs.automatable.value);
  columns.technicalImpact[row] = codeOf(TECHNICAL_IMPACTS, inputs.technicalImpact.value);
  columns.kev[row] = Number(inputs.kev.listed);
  columns.vulnrichment[row] = Number(inputs.vulnrichment.present);
  columns.kevAddedDay[row] = dayOfText(inputs.kev.dateAdded);
  columns.vulnrichmentDay[row] = dayOfText(inputs.vulnrichment.date);
  const base = inputs.cvss.preferred?.scores.base;
  columns.cvssTenths[row] = base === undefined ? CVSS_UNKNOWN : Math.round(base * 10);
  columns.epss[row] = inputs.epss?.score ?? Number.NaN;
}

export interface AssetColumns {
  count: number;
  /** Codes after the asset/zone/site overrides of these inputs; UNKNOWN when unknown. */
  missionPrevalence: Uint8Array;
  publicWellbeing: Uint8Array;
  exposure: Uint8Array;
}

export function assetColumns(count: number): AssetColumns {
  return {
    count,
    missionPrevalence: new Uint8Array(count).fill(UNKNOWN),
    publicWellbeing: new Uint8Array(count).fill(UNKNOWN),
    exposure: new Uint8Array(count).fill(UNKNOWN),
  };
}

/** Writes one asset's inputs, with its asset > zone > site overrides applied, into row `row`. */
export function packAsset(columns: AssetColumns, row: number, inputs: AssetInputs, overrides: readonly InputOverride[] = [], target?: OverrideTarget): void {
  columns.missionPrevalence[row] = codeOf(MISSION_PREVALENCES, resolveInput('missionPrevalence', inputs.missionPrevalence, overrides, target).value);
  columns.publicWellbeing[row] = codeOf(PUBLIC_WELLBEINGS, resolveInput('publicWellbeing', inputs.publicWellbeing, overrides, target).value);
  columns.exposure[row] = codeOf(EXPOSURES, resolveInput('exposure', inputs.exposure, overrides, target).value);
}

export interface FindingColumns {
  count: number;
  /** Row in the vulnerability columns. */
  vulnerability: Int32Array;
  /** Row in the asset columns. */
  asset: Int32Array;
  firstSeenDay: Int32Array;
  /** Day the finding reached its current decision (policy clock), NO_DAY when unknown. */
  decisionSinceDay: Int32Array;
  /** Code of the effective REMEDIATION_STATES value (a lapsed acceptance as open). */
  state: Uint8Array;
  /** Per-finding overrides of vulnerability inputs (codes, NO_OVERRIDE = none), already resolved by precedence. */
  exploitationOverride?: Uint8Array | undefined;
  automatableOverride?: Uint8Array | undefined;
  technicalImpactOverride?: Uint8Array | undefined;
}

export function findingColumns(count: number): FindingColumns {
  return {
    count,
    vulnerability: new Int32Array(count),
    asset: new Int32Array(count),
    firstSeenDay: new Int32Array(count).fill(NO_DAY),
    decisionSinceDay: new Int32Array(count).fill(NO_DAY),
    state: new Uint8Array(count),
  };
}

/** Ensures the per-finding override columns exist and writes the winning E / A / TI overrides of one finding. */
export function packFindingOverrides(columns: FindingColumns, row: number, overrides: readonly InputOverride[], target: OverrideTarget): void {
  const column = (name: 'exploitationOverride' | 'automatableOverride' | 'technicalImpactOverride'): Uint8Array =>
    (columns[name] ??= new Uint8Array(columns.count).fill(NO_OVERRIDE));
  const pick = (values: readonly string[], input: 'exploitation' | 'automatable' | 'technicalImpact'): number => {
    const winner = pickOverride(overrides, target, input).winner;
    return winner ? codeOf(values, winner.value) : NO_OVERRIDE;
  };
  column('exploitationOverride')[row] = pick(EXPLOITATIONS, 'exploitation');
  column('automatableOverride')[row] = pick(AUTOMATABLES, 'automatable');
  column('technicalImpactOverride')[row] = pick(TECHNICAL_IMPACTS, 'technicalImpact');
}

export function stateCode(state: RemediationState): number {
  return REMEDIATION_STATES.indexOf(state);
}

export interface RecomputeOptions {
  now: Now;
  mode?: 'bod-26-04' | 'organisation' | undefined;
  policy?: OrganisationPolicy | undefined;
  dueSoonDays?: number | undefined;
}

export interface RecomputeResult {
  /** DECISIONS code. */
  decision: Uint8Array;
  /** BOD_OUTCOMES code (NO_VULNRICHMENT_OUTCOME for the 60-day rule). */
  bodOutcome: Uint8Array;
  /** 1 when the BOD outcome is the "no Vulnrichment data" rule. */
  bodNoVulnrichment: Uint8Array;
  /** Due day of the BOD deadline; NO_DAY for "next upgrade" (see bodOutcome) or no start date. */
  bodDueDay: Int32Array;
  /** Due day of the policy deadline; NO_DAY for no fixed date or no start date. */
  policyDueDay: Int32Array;
  /** DEADLINE_STATUSES code against the governing deadline. */
  status: Uint8Array;
  risk: Float32Array;
}

export function recomputeResult(count: number): RecomputeResult {
  return {
    decision: new Uint8Array(count),
    bodOutcome: new Uint8Array(count),
    bodNoVulnrichment: new Uint8Array(count),
    bodDueDay: new Int32Array(count),
    policyDueDay: new Int32Array(count),
    status: new Uint8Array(count),
    risk: new Float32Array(count),
  };
}

const STATUS = Object.fromEntries(DEADLINE_STATUSES.map((s, i) => [s, i])) as Record<(typeof DEADLINE_STATUSES)[number], number>;

function overridden(column: Uint8Array | undefined, i: number, code: number): number {
  const o = column === undefined ? NO_OVERRIDE : column[i]!;
  return o === NO_OVERRIDE ? code : o;
}

/**
 * Recomputes every finding. Unknown inputs get the same values as in ssvc.ts (UNKNOWN_POLICY) and
 * bod.ts. `out` is reused when given (and large enough), so repeated runs allocate nothing.
 */
export function recompute(v: VulnerabilityColumns, a: AssetColumns, f: FindingColumns, options: RecomputeOptions, out?: RecomputeResult): RecomputeResult {
  const n = f.count;
  const result = out && out.decision.length >= n ? out : recomputeResult(n);
  const today = dayOf(nowMs(options.now));
  const dueSoon = options.dueSoonDays ?? DEFAULT_DUE_SOON_DAYS;
  const bodMode = options.mode === 'bod-26-04';
  const policy = options.policy ?? DEFAULT_POLICY;
  const slaDays = Int32Array.from(DECISIONS, (d) => policy.slaDays[d] ?? -1);
  const bodDays = Int32Array.from(BOD_OUTCOMES, (o) => o.days ?? -1);
  const metState = Uint8Array.from(REMEDIATION_STATES, (s) => Number(DEADLINE_MET_STATES.includes(s)));
  const acceptedState = stateCode('risk-accepted');
  const stateFactor = Float64Array.from(REMEDIATION_STATES, (s) => STATE_FACTORS[s]);
  for (let i = 0; i < n; i++) {
    const vi = f.vulnerability[i]!;
    const ai = f.asset[i]!;
    const e = overridden(f.exploitationOverride, i, v.exploitation[vi]!);
    const au = overridden(f.automatableOverride, i, v.automatable[vi]!);
    const ti = overridden(f.technicalImpactOverride, i, v.technicalImpact[vi]!);
    const mp = a.missionPrevalence[ai]!;
    const pw = a.publicWellbeing[ai]!;
    const exposure = a.exposure[ai]!;
    // Unknown → none / yes / total / support / material, as UNKNOWN_POLICY in ssvc.ts.
    const autoYes = au === UNKNOWN ? 1 : au;
    const total = ti === UNKNOWN ? 1 : ti;
    const decision = decisionCode(e === UNKNOWN ? 0 : e, autoYes, total, mwiCode(mp === UNKNOWN ? 1 : mp, pw === UNKNOWN ? 1 : pw));
    result.decision[i] = decision;

    const kev = v.kev[vi]!;
    const exposed = exposure === 0 || exposure === UNKNOWN ? 1 : 0;
    const firstSeen = f.firstSeenDay[i]!;
    let outcome: number;
    let start: number;
    if (kev === 0 && v.vulnrichment[vi] === 0) {
      outcome = NO_VULNRICHMENT_OUTCOME;
      start = firstSeen;
      result.bodNoVulnrichment[i] = 1;
    } else {
      outcome = bodOutcomeCode(kev, exposed, autoYes, total);
      start = Math.max(firstSeen, kev === 1 ? v.kevAddedDay[vi]! : v.vulnrichmentDay[vi]!); // NO_DAY is the smallest Int32
      result.bodNoVulnrichment[i] = 0;
    }
    const days = bodDays[outcome]!;
    const bodDue = days < 0 || start === NO_DAY ? NO_DAY : start + days;
    result.bodOutcome[i] = outcome;
    result.bodDueDay[i] = bodDue;

    const sla = slaDays[decision]!;
    const policyStart = Math.max(firstSeen, f.decisionSinceDay[i]!);
    const policyDue = sla < 0 || policyStart === NO_DAY ? NO_DAY : policyStart + sla;
    result.policyDueDay[i] = policyDue;

    const state = f.state[i]!;
    const due = bodMode ? bodDue : policyDue;
    const noFixedDate = bodMode ? days < 0 : sla < 0;
    result.status[i] =
      metState[state] === 1
        ? STATUS.met
        : state === acceptedState
          ? STATUS.accepted
          : noFixedDate
            ? STATUS['no-fixed-date']
            : STATUS[statusOfDay(due, today, dueSoon)];

    result.risk[i] = riskScoreOf(decision, v.cvssTenths[vi]!, v.epss[vi]!, kev, exposed, stateFactor[state]!);
  }
  return result;
}
