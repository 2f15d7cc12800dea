/**
 * How risk reads in the UI: one colour per SSVC decision, remediation state and deadline status
 * (the same everywhere: badges, board, charts), deadline wording, the remediation transitions a
 * state allows and what each needs, and the rationale rows of a finding. Pure.
 */
import type {
  AcceptRequest, DeadlineStatus, InputStep, RemediationChange, RemediationState, SsvcAssessment, SsvcDecision,
} from '../api/riskTypes';
// The server's own transition table, so the UI offers exactly the moves the state machine allows.
import { TRANSITIONS } from '../api/riskTypes';

export interface Look {
  label: string;
  /** Mantine colour name. */
  color: string;
  /** The same colour as hex (Mantine's shade 6), for charts. */
  hex: string;
  description: string;
}

export const DECISION_LOOK: Record<SsvcDecision, Look> = {
  Act: { label: 'Act', color: 'red', hex: '#fa5252', description: 'Act now: at the highest priority, with leadership involved.' },
  Attend: { label: 'Attend', color: 'orange', hex: '#fd7e14', description: 'Attend sooner than standard update timelines.' },
  'Track*': { label: 'Track*', color: 'yellow', hex: '#fab005', description: 'Track closely: within standard update timelines, watch for change.' },
  Track: { label: 'Track', color: 'gray', hex: '#868e96', description: 'Track: within standard update timelines.' },
};

export function decisionLook(decision: string | null | undefined): Look {
  return DECISION_LOOK[decision as SsvcDecision] ?? { label: decision ?? 'not assessed', color: 'gray', hex: '#adb5bd', description: 'Not assessed yet: recompute.' };
}

export const STATE_LOOK: Record<RemediationState, Look> = {
  open: { label: 'Open', color: 'red', hex: '#fa5252', description: 'Nobody has planned it yet.' },
  planned: { label: 'Planned', color: 'blue', hex: '#228be6', description: 'An owner and a due date are set.' },
  mitigated: { label: 'Mitigated', color: 'cyan', hex: '#15aabf', description: 'A mitigation is in place; the vulnerability is still there.' },
  remediated: { label: 'Remediated', color: 'teal', hex: '#12b886', description: 'Fixed; waiting for verification.' },
  verified: { label: 'Verified', color: 'green', hex: '#40c057', description: 'The fix was checked (or the firmware was seen at the fixed version).' },
  'risk-accepted': { label: 'Risk accepted', color: 'grape', hex: '#be4bdb', description: 'An approver accepted the risk until an expiry.' },
};

export function stateLook(state: string): Look {
  return STATE_LOOK[state as RemediationState] ?? { label: state, color: 'gray', hex: '#868e96', description: '' };
}

export const DEADLINE_LOOK: Record<DeadlineStatus, Look> = {
  overdue: { label: 'Overdue', color: 'red', hex: '#fa5252', description: 'Past its governing due date and still open.' },
  'due-soon': { label: 'Due soon', color: 'orange', hex: '#fd7e14', description: "Due within the policy's due-soon days." },
  'on-track': { label: 'On track', color: 'teal', hex: '#12b886', description: 'Due later.' },
  'no-fixed-date': { label: 'No fixed date', color: 'gray', hex: '#868e96', description: 'At the next system upgrade.' },
  unknown: { label: 'Unknown', color: 'gray', hex: '#868e96', description: 'No date to start the clock from.' },
  met: { label: 'Met', color: 'green', hex: '#40c057', description: 'Mitigated, remediated or verified.' },
  accepted: { label: 'Accepted', color: 'grape', hex: '#be4bdb', description: 'The risk is accepted.' },
};

export function deadlineLook(status: string): Look {
  return DEADLINE_LOOK[status as DeadlineStatus] ?? { label: status, color: 'gray', hex: '#868e96', description: '' };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `due today`, `due in 3 days`, `overdue by 2 days`; null → no date. */
export function describeDaysLeft(daysLeft: number | null | undefined): string {
  if (daysLeft === null || daysLeft === undefined) return 'no fixed date';
  if (daysLeft === 0) return 'due today';
  if (daysLeft > 0) return `due in ${plural(daysLeft, 'day')}`;
  return `overdue by ${plural(-daysLeft, 'day')}`;
}

/** Days from `today` to `day` (both `YYYY-MM-DD`, UTC). */
export function daysBetween(today: string, day: string): number {
  return Math.round((Date.parse(`${day.slice(0, 10)}T00:00:00Z`) - Date.parse(`${today.slice(0, 10)}T00:00:00Z`)) / 86_400_000);
}

/** `YYYY-MM-DD` of `day` plus `n` days. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day.slice(0, 10)}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** What the signed-in role may do to remediations: changes need `write`, a risk acceptance `approve`. */
export interface RemediationRights {
  write: boolean;
  approve: boolean;
}

/** Where a finding in `state` may go for this role (the server refuses the rest anyway). */
export function allowedTransitions(state: RemediationState, rights: RemediationRights): RemediationState[] {
  return TRANSITIONS[state].filter((to) => (to === 'risk-accepted' ? rights.approve : rights.write));
}

export function canMove(from: RemediationState, to: RemediationState, rights: RemediationRights): boolean {
  return allowedTransitions(from, rights).includes(to);
}

/** The verb of a transition, for buttons and dialog titles. */
export function transitionVerb(from: RemediationState, to: RemediationState): string {
  switch (to) {
    case 'open':
      return 'Reopen';
    case 'planned':
      return from === 'planned' ? 'Re-plan' : 'Plan';
    case 'mitigated':
      return 'Mark mitigated';
    case 'remediated':
      return 'Mark remediated';
    case 'verified':
      return 'Mark verified';
    case 'risk-accepted':
      return from === 'risk-accepted' ? 'Extend acceptance' : 'Accept risk';
  }
}

/** What the transition dialog holds; every field is text as typed. */
export interface TransitionForm {
  owner: string;
  dueDate: string;
  action: string;
  reason: string;
  appliedAt: string;
  expiresAt: string;
  note: string;
}

export function emptyTransitionForm(): TransitionForm {
  return { owner: '', dueDate: '', action: '', reason: '', appliedAt: '', expiresAt: '', note: '' };
}

/** The fields a target state asks for (besides the optional note). */
export function transitionFields(to: RemediationState): Array<keyof TransitionForm> {
  switch (to) {
    case 'planned':
      return ['owner', 'dueDate', 'action'];
    case 'open':
      return ['reason'];
    case 'mitigated':
    case 'remediated':
      return ['appliedAt'];
    case 'risk-accepted':
      return ['expiresAt', 'reason'];
    case 'verified':
      return [];
  }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** What is wrong with the form for `to`, by field; empty when it can be sent. Dates are `YYYY-MM-DD`. */
export function transitionErrors(to: RemediationState, form: TransitionForm, today: string): Partial<Record<keyof TransitionForm, string>> {
  const errors: Partial<Record<keyof TransitionForm, string>> = {};
  if (to === 'planned') {
    if (!form.owner.trim()) errors.owner = 'Who carries it out?';
    if (!DAY.test(form.dueDate)) errors.dueDate = 'By when? (a date)';
  }
  if ((to === 'open' || to === 'risk-accepted') && !form.reason.trim()) errors.reason = 'Say why';
  if (to === 'risk-accepted') {
    if (!DAY.test(form.expiresAt)) errors.expiresAt = 'Until when? (a date)';
    else if (form.expiresAt <= today) errors.expiresAt = 'The expiry must be in the future';
  }
  if ((to === 'mitigated' || to === 'remediated') && form.appliedAt) {
    if (!DAY.test(form.appliedAt)) errors.appliedAt = 'A date, or leave empty for now';
    else if (form.appliedAt > today) errors.appliedAt = 'Not in the future';
  }
  return errors;
}

const optional = (text: string): string | undefined => text.trim() || undefined;

/** The request for a transition: a remediation change, or (for `risk-accepted`) an acceptance. */
export function transitionRequest(to: RemediationState, form: TransitionForm): { kind: 'change'; change: RemediationChange } | { kind: 'accept'; request: AcceptRequest } {
  const note = optional(form.note);
  const withNote = <T extends object>(body: T): T => (note ? { ...body, note } : body);
  switch (to) {
    case 'risk-accepted':
      return { kind: 'accept', request: withNote({ expiresAt: form.expiresAt, reason: form.reason.trim() }) };
    case 'planned': {
      const action = optional(form.action);
      return { kind: 'change', change: withNote({ to, owner: form.owner.trim(), dueDate: form.dueDate, ...(action ? { action } : {}) }) };
    }
    case 'open':
      return { kind: 'change', change: withNote({ to, reason: form.reason.trim() }) };
    case 'mitigated':
    case 'remediated':
      return { kind: 'change', change: withNote({ to, ...(form.appliedAt ? { appliedAt: form.appliedAt } : {}) }) };
    case 'verified':
      return { kind: 'change', change: withNote({ to }) };
  }
}

export const INPUT_LABELS: Record<string, string> = {
  exploitation: 'Exploitation',
  automatable: 'Automatable',
  technicalImpact: 'Technical Impact',
  missionPrevalence: 'Mission Prevalence',
  publicWellbeing: 'Public Well-being',
  mwi: 'Mission & Well-being',
  exposure: 'Exposure',
};

export interface RationaleRow {
  key: string;
  label: string;
  /** What the source said (`unknown` when nothing). */
  value: string;
  /** What the decision used. */
  used: string;
  assumed: boolean;
  overridden: boolean;
  rule: string;
  source: string;
  notes: string[];
}

function row(step: InputStep<string>): RationaleRow {
  return {
    key: step.input,
    label: INPUT_LABELS[step.input] ?? step.input,
    value: step.value,
    used: step.used,
    assumed: step.assumed,
    overridden: step.override !== undefined,
    rule: step.rule,
    source: step.source,
    notes: step.notes,
  };
}

/** Every SSVC input in the coordinator table's order, then Mission & Well-being and exposure. */
export function rationaleRows(ssvc: SsvcAssessment, exposure: InputStep<string>): RationaleRow[] {
  return [ssvc.exploitation, ssvc.automatable, ssvc.technicalImpact, ssvc.missionPrevalence, ssvc.publicWellbeing, ssvc.mwi, exposure].map((s) => row(s as InputStep<string>));
}

/** `66.7%` (as the server's own text writes it) or `n/a` (no finding was exploited and acted on in the period). */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return 'n/a';
  return `${(rate * 100).toFixed(1)}%`;
}

export function formatRisk(score: number | null | undefined): string {
  return score === null || score === undefined ? '—' : score.toFixed(1);
}
