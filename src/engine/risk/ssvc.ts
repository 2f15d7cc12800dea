/**
 * The SSVC decision for one finding with its full rationale: each input derived (or overridden),
 * unknown inputs replaced by a documented conservative value and flagged, Mission & Well-being
 * computed, and the coordinator table applied.
 */
import type { AssetInputs } from './asset-inputs.js';
import { describeOverride, pickOverride, type InputOverride, type InputValues, type OverridableInput, type OverrideTarget } from './overrides.js';
import { COORDINATOR_TABLE, coordinatorDecision, missionAndWellbeing, MWI_RULE } from './ssvc-table.js';
import type { VulnerabilityInputs } from './vulnerability-inputs.js';
import type { Derived, Mwi, SsvcDecision } from './values.js';

/** The value used in place of `'unknown'`, and why. */
export const UNKNOWN_POLICY: { readonly [K in OverridableInput]: { value: InputValues[K]; why: string } } = {
  exploitation: { value: 'none', why: "SSVC 'none' means no evidence of exploitation or of a public PoC, which is what is known" },
  automatable: { value: 'yes', why: 'conservative: assume an attacker can automate it' },
  technicalImpact: { value: 'total', why: 'conservative: assume total control' },
  missionPrevalence: { value: 'support', why: 'middle value until the asset is classified' },
  publicWellbeing: { value: 'material', why: 'an OT device can harm the process until shown otherwise' },
  exposure: { value: 'open', why: 'standards §7 and BOD 26-04: unknown exposure counts as exposed' },
};

export const INPUT_LABELS: Readonly<Record<OverridableInput | 'mwi', string>> = {
  exploitation: 'Exploitation',
  automatable: 'Automatable',
  technicalImpact: 'Technical Impact',
  missionPrevalence: 'Mission Prevalence',
  publicWellbeing: 'Public Well-being',
  exposure: 'Exposure',
  mwi: 'Mission & Well-being',
};

/** One input as the decision used it. */
export interface InputStep<T extends string> extends Derived<T> {
  input: OverridableInput | 'mwi';
  /** The value the table was given: `value`, or the {@link UNKNOWN_POLICY} value when unknown. */
  used: T;
  /** True when `used` is an assumption because the value is unknown. */
  assumed: boolean;
  /** Set when a user override decided; `derived` is what the engine would have used. */
  override?: { by: string; at: string; scope: string; scopeId: string; reason?: string | undefined; vulnerabilityId?: string | undefined; derived: Derived<T> } | undefined;
}

/** Applies the override layer and the unknown policy to a derived input. */
export function resolveInput<K extends OverridableInput>(
  input: K,
  value: Derived<InputValues[K]>,
  overrides: readonly InputOverride[] = [],
  target?: OverrideTarget,
): InputStep<InputValues[K]> {
  const pick = target ? pickOverride(overrides, target, input) : { winner: undefined, shadowed: [], invalid: [] };
  const notes = [...value.notes];
  for (const bad of pick.invalid) notes.push(`override ${describeOverride(bad)} ignored: ${JSON.stringify(bad.value)} is not a valid ${INPUT_LABELS[input]}`);
  for (const lost of pick.shadowed) notes.push(`override ${describeOverride(lost)} (${lost.value}) shadowed by a more specific one`);
  const winner = pick.winner;
  if (winner) {
    const { by, at, scope, scopeId, reason, vulnerabilityId } = winner;
    const chosen = winner.value as InputValues[K];
    return {
      input,
      value: chosen,
      used: chosen,
      assumed: false,
      rule: `override: ${describeOverride(winner)}; derived value was ${value.value} (${value.rule})`,
      source: `user override (${scope} ${scopeId})`,
      notes,
      override: { by, at, scope, scopeId, reason, vulnerabilityId, derived: value },
    };
  }
  const assumed = value.value === 'unknown';
  const used = assumed ? UNKNOWN_POLICY[input].value : (value.value as InputValues[K]);
  const rule = assumed ? `${value.rule}; unknown → assumed ${used} (${UNKNOWN_POLICY[input].why})` : value.rule;
  return { input, value: value.value, used, assumed, rule, source: value.source, notes };
}

export interface SsvcAssessment {
  decision: SsvcDecision;
  table: string;
  exploitation: InputStep<InputValues['exploitation']>;
  automatable: InputStep<InputValues['automatable']>;
  technicalImpact: InputStep<InputValues['technicalImpact']>;
  missionPrevalence: InputStep<InputValues['missionPrevalence']>;
  publicWellbeing: InputStep<InputValues['publicWellbeing']>;
  mwi: InputStep<Mwi>;
  /** Inputs that were unknown and decided on an assumption. */
  unknown: OverridableInput[];
  /** One line per input step, then the outcome: what a UI or `findings explain` shows. */
  rationale: string[];
}

export function stepLine(step: InputStep<string>): string {
  const shown = step.assumed ? `unknown → assumed ${step.used}` : step.used;
  const notes = step.notes.length > 0 ? ` Notes: ${step.notes.join('; ')}.` : '';
  return `${INPUT_LABELS[step.input]}: ${shown} — ${step.rule} [source: ${step.source}]${notes}`;
}

/** Decides one finding from the shared vulnerability and asset inputs and the user overrides. */
export function decideSsvc(
  vulnerability: Pick<VulnerabilityInputs, 'id' | 'exploitation' | 'automatable' | 'technicalImpact'>,
  asset: Pick<AssetInputs, 'missionPrevalence' | 'publicWellbeing'>,
  overrides: readonly InputOverride[] = [],
  target?: Omit<OverrideTarget, 'vulnerabilityId'>,
): SsvcAssessment {
  const where = target ? { ...target, vulnerabilityId: vulnerability.id } : undefined;
  const exploitation = resolveInput('exploitation', vulnerability.exploitation, overrides, where);
  const automatable = resolveInput('automatable', vulnerability.automatable, overrides, where);
  const technicalImpact = resolveInput('technicalImpact', vulnerability.technicalImpact, overrides, where);
  const missionPrevalence = resolveInput('missionPrevalence', asset.missionPrevalence, overrides, where);
  const publicWellbeing = resolveInput('publicWellbeing', asset.publicWellbeing, overrides, where);
  const mwiValue = missionAndWellbeing(missionPrevalence.used, publicWellbeing.used);
  const mwi: InputStep<Mwi> = {
    input: 'mwi',
    value: mwiValue,
    used: mwiValue,
    assumed: false,
    rule: `${MWI_RULE}: ${missionPrevalence.used} × ${publicWellbeing.used} → ${mwiValue}`,
    source: 'Mission Prevalence and Public Well-being above',
    notes: [],
  };
  const decision = coordinatorDecision(exploitation.used, automatable.used, technicalImpact.used, mwiValue);
  const steps = [exploitation, automatable, technicalImpact, missionPrevalence, publicWellbeing];
  const rationale = [...steps, mwi].map(stepLine);
  rationale.push(`${COORDINATOR_TABLE}: (${exploitation.used}, ${automatable.used}, ${technicalImpact.used}, ${mwiValue}) → ${decision}`);
  return {
    decision,
    table: COORDINATOR_TABLE,
    exploitation,
    automatable,
    technicalImpact,
    missionPrevalence,
    publicWellbeing,
    mwi,
    unknown: steps.filter((step) => step.assumed).map((step) => step.input as OverridableInput),
    rationale,
  };
}
