/**
 * BOD 26-04 "Prioritizing Security Updates Based on Risk" (which replaced BOD 22-01): the
 * remediation deadline per (asset, CVE) from the CERT SSVC table `cisa_bod_26_04_1_0_0.csv`
 * (standards §15), with the "no Vulnrichment data ⇒ 60 days" and "unknown exposure ⇒ exposed"
 * rules. The KEV dueDate (BOD 22-01) is kept for reference, never computed.
 */
import { clockStart, datedDeadline, type Deadline } from './deadline.js';
import type { Automatable, Exposure, TechnicalImpact } from './values.js';

export const BOD = 'BOD 26-04';

/** The five outcomes of the table, by code. */
export const BOD_OUTCOMES = [
  { label: 'next system upgrade', days: undefined, forensicTriage: false },
  { label: '60 days', days: 60, forensicTriage: false },
  { label: '14 days', days: 14, forensicTriage: false },
  { label: '3 days', days: 3, forensicTriage: false },
  { label: '3 days + forensic triage', days: 3, forensicTriage: true },
] as const;
export type BodOutcome = (typeof BOD_OUTCOMES)[number];
/** Outcome code of the "no Vulnrichment data" rule. */
export const NO_VULNRICHMENT_OUTCOME = 1;

/** Outcome code per cell: rows KEV × exposed (yes/yes, yes/no, no/yes, no/no), columns (A, TI) as in standards §15. */
const TABLE: ReadonlyArray<readonly [kev: boolean, exposed: boolean, noPartial: number, noTotal: number, yesPartial: number, yesTotal: number]> = [
  [true, true, 2, 4, 3, 4],
  [true, false, 2, 2, 2, 4],
  [false, true, 1, 2, 2, 3],
  [false, false, 0, 0, 1, 1],
];

const CELLS = new Uint8Array(16);
for (const [kev, exposed, ...outcomes] of TABLE) outcomes.forEach((outcome, column) => (CELLS[((Number(kev) * 2 + Number(exposed)) * 4) + column] = outcome));

/** Outcome code from 0/1 flags (automatable 1 = yes, technical impact 1 = total). */
export function bodOutcomeCode(kev: number, exposed: number, automatable: number, technicalImpact: number): number {
  return CELLS[(kev * 2 + exposed) * 4 + automatable * 2 + technicalImpact]!;
}

export function bodCell(kev: boolean, exposed: boolean, automatable: Automatable, technicalImpact: TechnicalImpact): BodOutcome {
  return BOD_OUTCOMES[bodOutcomeCode(Number(kev), Number(exposed), Number(automatable === 'yes'), Number(technicalImpact === 'total'))]!;
}

export interface BodInputs {
  kevListed: boolean;
  exposure: Exposure | 'unknown';
  automatable: Automatable | 'unknown';
  technicalImpact: TechnicalImpact | 'unknown';
  /** CISA ADP (Vulnrichment) published Automatable and Technical Impact for the CVE. */
  vulnrichment: boolean;
  kevDateAdded?: string | undefined;
  kevDueDate?: string | undefined;
  /** When Vulnrichment published its values (CISA ADP SSVC timestamp). */
  vulnrichmentDate?: string | undefined;
  /** When the finding was first seen on the asset. */
  firstSeen?: string | undefined;
}

export interface BodDeadline extends Deadline {
  directive: typeof BOD;
  /** The table cell, e.g. `KEV yes · exposed yes · Automatable yes · Technical Impact total`. */
  cell: string;
  /** BOD 22-01 KEV due date, for reference only. */
  kevDueDate?: string | undefined;
}

/**
 * The BOD 26-04 deadline of one finding. Without Vulnrichment data a non-KEV finding gets 60 days;
 * a KEV finding always uses the table (KEV is itself CISA data), with unknown Automatable /
 * Technical Impact taken as yes / total. Unknown exposure counts as exposed. The clock starts at
 * the later of the finding's first sighting and the data that set the cell (KEV dateAdded, else
 * the Vulnrichment timestamp).
 */
export function bodDeadline(inputs: BodInputs): BodDeadline {
  const notes: string[] = [];
  const exposed = inputs.exposure === 'open' || inputs.exposure === 'unknown';
  if (inputs.exposure === 'unknown') notes.push('exposure unknown → counted as publicly exposed');
  const base = { directive: BOD, kevDueDate: inputs.kevDueDate } as const;
  if (inputs.kevDueDate !== undefined) notes.push(`KEV (BOD 22-01) dueDate ${inputs.kevDueDate}, for reference`);
  if (!inputs.vulnrichment && !inputs.kevListed) {
    const start = clockStart(inputs.firstSeen, undefined, notes);
    const outcome = BOD_OUTCOMES[NO_VULNRICHMENT_OUTCOME];
    return { ...base, cell: 'not in KEV · no Vulnrichment data', ...datedDeadline(outcome.days, start, false, `${BOD}: no Vulnrichment data ⇒ ${outcome.label}`, notes) };
  }
  const automatable = inputs.automatable === 'unknown' ? 'yes' : inputs.automatable;
  const technicalImpact = inputs.technicalImpact === 'unknown' ? 'total' : inputs.technicalImpact;
  if (inputs.automatable === 'unknown') notes.push('Automatable unknown → taken as yes');
  if (inputs.technicalImpact === 'unknown') notes.push('Technical Impact unknown → taken as total');
  if (!inputs.vulnrichment) notes.push('no Vulnrichment data; KEV-listed, so the table applies with the values above');
  const outcome = bodCell(inputs.kevListed, exposed, automatable, technicalImpact);
  const cell = `KEV ${inputs.kevListed ? 'yes' : 'no'} · exposed ${exposed ? 'yes' : 'no'} · Automatable ${automatable} · Technical Impact ${technicalImpact}`;
  const rule = `${BOD}: ${cell} → ${outcome.label}`;
  if (outcome.days === undefined) return { ...base, kind: 'next-upgrade', cell, forensicTriage: false, rule, notes };
  const data = inputs.kevListed ? { date: inputs.kevDateAdded, what: 'KEV dateAdded' } : { date: inputs.vulnrichmentDate, what: 'Vulnrichment date' };
  const start = clockStart(inputs.firstSeen, data, notes);
  return { ...base, cell, ...datedDeadline(outcome.days, start, outcome.forensicTriage, rule, notes) };
}
