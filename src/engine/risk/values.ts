/**
 * The values of every decision point the risk engine uses, in severity order. The position of a
 * value in its list is its integer code in the batch API (0 = least severe); {@link UNKNOWN} is
 * the code of "no data", {@link NO_OVERRIDE} of "nothing overridden".
 */
import type { SsvcAutomatable, SsvcExploitation, SsvcTechnicalImpact } from '../../model/intel.js';

export const EXPLOITATIONS = ['none', 'public poc', 'active'] as const satisfies readonly SsvcExploitation[];
export const AUTOMATABLES = ['no', 'yes'] as const satisfies readonly SsvcAutomatable[];
export const TECHNICAL_IMPACTS = ['partial', 'total'] as const satisfies readonly SsvcTechnicalImpact[];
export const MISSION_PREVALENCES = ['minimal', 'support', 'essential'] as const;
export const PUBLIC_WELLBEINGS = ['minimal', 'material', 'irreversible'] as const;
export const MWIS = ['low', 'medium', 'high'] as const;
export const DECISIONS = ['Track', 'Track*', 'Attend', 'Act'] as const;
/** Deployer exposure (standards §7): open ⇒ "publicly exposed" for BOD 26-04. Listed most exposed first. */
export const EXPOSURES = ['open', 'controlled', 'small'] as const;

export type Exploitation = SsvcExploitation;
export type Automatable = SsvcAutomatable;
export type TechnicalImpact = SsvcTechnicalImpact;
export type MissionPrevalence = (typeof MISSION_PREVALENCES)[number];
export type PublicWellbeing = (typeof PUBLIC_WELLBEINGS)[number];
export type Mwi = (typeof MWIS)[number];
export type SsvcDecision = (typeof DECISIONS)[number];
export type Exposure = (typeof EXPOSURES)[number];

/** Code of an unknown input in the batch columns. */
export const UNKNOWN = 3;
/** Code of "no override" in the batch override columns. */
export const NO_OVERRIDE = 255;

/** Code of a value in its list, {@link UNKNOWN} for `'unknown'` or anything not in the list. */
export function codeOf(values: readonly string[], value: string | undefined): number {
  const i = value === undefined ? -1 : values.indexOf(value);
  return i < 0 ? UNKNOWN : i;
}

export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

/**
 * A derived input: its value (or an explicit `'unknown'`), the rule that produced it and where the
 * data came from. `notes` carry what a reader must know besides: contradictions, ignored data.
 */
export interface Derived<T extends string> {
  value: T | 'unknown';
  rule: string;
  source: string;
  notes: string[];
}

export function derived<T extends string>(value: NoInfer<T> | 'unknown', rule: string, source: string, notes: string[] = []): Derived<T> {
  return { value, rule, source, notes };
}
