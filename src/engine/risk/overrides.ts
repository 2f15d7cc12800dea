/**
 * User overrides of any SSVC / deadline input for an asset, a zone or a site, optionally for one
 * vulnerability only. Precedence: asset > zone > site > derived; at the same level a
 * vulnerability-specific override beats a general one, then the latest wins. The winner and every
 * override it shadows go into the rationale.
 */
import { InputError, type Issue } from '../../model/errors.js';
import { parseInstant } from './dates.js';
import {
  AUTOMATABLES,
  EXPLOITATIONS,
  EXPOSURES,
  MISSION_PREVALENCES,
  PUBLIC_WELLBEINGS,
  TECHNICAL_IMPACTS,
  isOneOf,
  type Automatable,
  type Exploitation,
  type Exposure,
  type MissionPrevalence,
  type PublicWellbeing,
  type TechnicalImpact,
} from './values.js';

export interface InputValues {
  exploitation: Exploitation;
  automatable: Automatable;
  technicalImpact: TechnicalImpact;
  missionPrevalence: MissionPrevalence;
  publicWellbeing: PublicWellbeing;
  exposure: Exposure;
}
export type OverridableInput = keyof InputValues;

export const INPUT_VALUES: { readonly [K in OverridableInput]: readonly InputValues[K][] } = {
  exploitation: EXPLOITATIONS,
  automatable: AUTOMATABLES,
  technicalImpact: TECHNICAL_IMPACTS,
  missionPrevalence: MISSION_PREVALENCES,
  publicWellbeing: PUBLIC_WELLBEINGS,
  exposure: EXPOSURES,
};
export const OVERRIDABLE_INPUTS = Object.keys(INPUT_VALUES) as OverridableInput[];

export const OVERRIDE_SCOPES = ['asset', 'zone', 'site'] as const;
export type OverrideScope = (typeof OVERRIDE_SCOPES)[number];

interface OverrideBase {
  scope: OverrideScope;
  /** Id of the asset, zone or site. */
  scopeId: string;
  /** Only for this vulnerability; absent = every vulnerability (ignored for asset-side inputs). */
  vulnerabilityId?: string | undefined;
  by: string;
  /** When it was set (ISO-8601). */
  at: string;
  reason?: string | undefined;
}

export type InputOverride = { [K in OverridableInput]: OverrideBase & { input: K; value: InputValues[K] } }[OverridableInput];

/** Where a finding sits, to find the overrides that apply to it. */
export interface OverrideTarget {
  assetId: string;
  zoneId?: string | undefined | null;
  siteId?: string | undefined | null;
  vulnerabilityId?: string | undefined;
}

/** The problems with an override as a user or the store gives it (empty when valid). */
export function overrideIssues(override: unknown): Issue[] {
  const o = (override ?? {}) as Partial<Record<string, unknown>>;
  const issues: Issue[] = [];
  if (!isOneOf(OVERRIDE_SCOPES, o.scope)) issues.push({ code: 'invalid-scope', message: `scope must be asset, zone or site, not ${JSON.stringify(o.scope)}` });
  if (typeof o.scopeId !== 'string' || o.scopeId === '') issues.push({ code: 'missing-scope-id', message: 'scopeId is required' });
  if (!isOneOf(OVERRIDABLE_INPUTS, o.input)) {
    issues.push({ code: 'invalid-input', message: `input must be one of ${OVERRIDABLE_INPUTS.join(', ')}, not ${JSON.stringify(o.input)}` });
  } else if (!isOneOf(INPUT_VALUES[o.input], o.value)) {
    issues.push({ code: 'invalid-value', message: `${o.input} must be one of ${INPUT_VALUES[o.input].join(', ')}, not ${JSON.stringify(o.value)}` });
  }
  if (typeof o.by !== 'string' || o.by.trim() === '') issues.push({ code: 'missing-author', message: 'by (who set the override) is required' });
  if (typeof o.at !== 'string' || parseInstant(o.at) === undefined) issues.push({ code: 'invalid-date', message: `at must be an ISO-8601 date, not ${JSON.stringify(o.at)}` });
  return issues;
}

/** Throws an {@link InputError} listing every problem of an override. */
export function assertValidOverride(override: unknown): asserts override is InputOverride {
  const issues = overrideIssues(override);
  if (issues.length > 0) throw new InputError(`invalid override: ${issues.map((i) => i.message).join('; ')}`, { code: 'invalid-override', issues });
}

const SCOPE_RANK: Readonly<Record<OverrideScope, number>> = { asset: 0, zone: 1, site: 2 };
const VULNERABILITY_INPUTS: ReadonlySet<OverridableInput> = new Set(['exploitation', 'automatable', 'technicalImpact']);

export interface OverridePick<K extends OverridableInput> {
  winner: (InputOverride & { input: K }) | undefined;
  /** Overrides that also apply but lose to the winner, most specific first. */
  shadowed: Array<InputOverride & { input: K }>;
  /** Overrides for this target and input that are invalid (wrong value): ignored, and said so. */
  invalid: InputOverride[];
}

function appliesTo(override: InputOverride, target: OverrideTarget): boolean {
  const scopeId = override.scope === 'asset' ? target.assetId : override.scope === 'zone' ? target.zoneId : target.siteId;
  if (scopeId === undefined || scopeId === null || override.scopeId !== scopeId) return false;
  // An asset-side input does not vary by vulnerability, so a vulnerability restriction is ignored for it.
  if (override.vulnerabilityId === undefined || !VULNERABILITY_INPUTS.has(override.input)) return true;
  return override.vulnerabilityId === target.vulnerabilityId;
}

function specificity(override: InputOverride): number {
  return SCOPE_RANK[override.scope] * 2 + (override.vulnerabilityId !== undefined && VULNERABILITY_INPUTS.has(override.input) ? 0 : 1);
}

/** The override that applies to a target for one input, and the ones it shadows. */
export function pickOverride<K extends OverridableInput>(overrides: readonly InputOverride[], target: OverrideTarget, input: K): OverridePick<K> {
  const valid: Array<InputOverride & { input: K }> = [];
  const invalid: InputOverride[] = [];
  for (const override of overrides) {
    if (override.input !== input || !appliesTo(override, target)) continue;
    if (isOneOf(INPUT_VALUES[input], override.value)) valid.push(override as InputOverride & { input: K });
    else invalid.push(override);
  }
  valid.sort((a, b) => specificity(a) - specificity(b) || (parseInstant(b.at) ?? 0) - (parseInstant(a.at) ?? 0));
  return { winner: valid[0], shadowed: valid.slice(1), invalid };
}

export function describeOverride(override: InputOverride): string {
  const forVulnerability = override.vulnerabilityId && VULNERABILITY_INPUTS.has(override.input) ? ` for ${override.vulnerabilityId}` : '';
  return `${override.scope} ${override.scopeId}${forVulnerability} by ${override.by} at ${override.at}${override.reason ? ` (${override.reason})` : ''}`;
}
