/**
 * CISA's coordinator decision table, SSVC v2.0.3 (standards §7; CERTCC/SSVC
 * `data/csv/cisa/cisa_coordinator_2_0_3.csv`), and Mission & Well-being Impact from Mission
 * Prevalence × Public Well-being. Lookups are by integer code so the batch API can use them.
 */
import {
  AUTOMATABLES,
  DECISIONS,
  EXPLOITATIONS,
  MISSION_PREVALENCES,
  MWIS,
  PUBLIC_WELLBEINGS,
  TECHNICAL_IMPACTS,
  type Automatable,
  type Exploitation,
  type MissionPrevalence,
  type Mwi,
  type PublicWellbeing,
  type SsvcDecision,
  type TechnicalImpact,
} from './values.js';

export const COORDINATOR_TABLE = 'CISA Coordinator v2.0.3';

type Row = readonly [Exploitation, Automatable, TechnicalImpact, low: SsvcDecision, medium: SsvcDecision, high: SsvcDecision];

/** The twelve (E, A, TI) rows, outcome for MWI low / medium / high. */
export const COORDINATOR_ROWS: readonly Row[] = [
  ['none', 'no', 'partial', 'Track', 'Track', 'Track'],
  ['none', 'no', 'total', 'Track', 'Track', 'Track*'],
  ['none', 'yes', 'partial', 'Track', 'Track', 'Attend'],
  ['none', 'yes', 'total', 'Track', 'Track', 'Attend'],
  ['public poc', 'no', 'partial', 'Track', 'Track', 'Track*'],
  ['public poc', 'no', 'total', 'Track', 'Track*', 'Attend'],
  ['public poc', 'yes', 'partial', 'Track', 'Track', 'Attend'],
  ['public poc', 'yes', 'total', 'Track', 'Track*', 'Attend'],
  ['active', 'no', 'partial', 'Track', 'Track', 'Attend'],
  ['active', 'no', 'total', 'Track', 'Attend', 'Act'],
  ['active', 'yes', 'partial', 'Attend', 'Attend', 'Act'],
  ['active', 'yes', 'total', 'Attend', 'Act', 'Act'],
];

/** Decision code per cell, indexed by {@link cellIndex}. */
const CELLS = new Uint8Array(36);
for (const [e, a, t, ...outcomes] of COORDINATOR_ROWS) {
  outcomes.forEach((outcome, m) => {
    CELLS[cellIndex(EXPLOITATIONS.indexOf(e), AUTOMATABLES.indexOf(a), TECHNICAL_IMPACTS.indexOf(t), m)] = DECISIONS.indexOf(outcome);
  });
}

function cellIndex(e: number, a: number, t: number, m: number): number {
  return ((e * 2 + a) * 2 + t) * 3 + m;
}

/** Decision code from input codes (no unknowns: resolve them first). */
export function decisionCode(exploitation: number, automatable: number, technicalImpact: number, mwi: number): number {
  return CELLS[cellIndex(exploitation, automatable, technicalImpact, mwi)]!;
}

export function coordinatorDecision(e: Exploitation, a: Automatable, t: TechnicalImpact, mwi: Mwi): SsvcDecision {
  return DECISIONS[decisionCode(EXPLOITATIONS.indexOf(e), AUTOMATABLES.indexOf(a), TECHNICAL_IMPACTS.indexOf(t), MWIS.indexOf(mwi))]!;
}

export const MWI_RULE = 'Mission & Well-being: high if essential or irreversible; low if minimal × minimal; else medium (CISA SSVC guide)';

/** MWI code from prevalence and well-being codes. */
export function mwiCode(prevalence: number, wellbeing: number): number {
  if (prevalence === 2 || wellbeing === 2) return 2;
  return prevalence === 0 && wellbeing === 0 ? 0 : 1;
}

export function missionAndWellbeing(prevalence: MissionPrevalence, wellbeing: PublicWellbeing): Mwi {
  return MWIS[mwiCode(MISSION_PREVALENCES.indexOf(prevalence), PUBLIC_WELLBEINGS.indexOf(wellbeing))]!;
}
