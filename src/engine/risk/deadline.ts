/**
 * What every deadline has in common (BOD 26-04 and the organisation policy): when its clock
 * starts, the due date, and where a finding stands against it on a given day.
 */
import { dayOf, dayOfText, dayText, nowMs, NO_DAY, type Now } from './dates.js';
import type { RemediationState } from './remediation.js';

export interface Deadline {
  /** `date`: a fixed due date; `next-upgrade`: at the next system upgrade, no fixed date; `unknown`: no date to start from. */
  kind: 'date' | 'next-upgrade' | 'unknown';
  /** `YYYY-MM-DD` (UTC) when `kind` is `date`. */
  dueDate?: string | undefined;
  /** The time allowed, in days. */
  days?: number | undefined;
  clockStart?: { date: string; from: string } | undefined;
  forensicTriage: boolean;
  rule: string;
  notes: string[];
}

export interface ClockStart {
  day: number;
  from: string;
}

/**
 * The clock starts when both the finding and the data that set its deadline exist: the later of
 * the two dates; one of them when the other is missing or unreadable (noted); none → unknown.
 */
export function clockStart(firstSeen: string | undefined, data: { date: string | undefined; what: string } | undefined, notes: string[]): ClockStart | undefined {
  const seen = dayOfText(firstSeen);
  const published = dayOfText(data?.date);
  if (firstSeen !== undefined && seen === NO_DAY) notes.push(`unreadable first-seen date ${JSON.stringify(firstSeen)}`);
  if (data?.date !== undefined && published === NO_DAY) notes.push(`unreadable ${data.what} ${JSON.stringify(data.date)}`);
  if (seen === NO_DAY && published === NO_DAY) return undefined;
  if (published === NO_DAY) return { day: seen, from: 'finding first seen' };
  if (seen === NO_DAY) return { day: published, from: data!.what };
  return published > seen ? { day: published, from: `${data!.what} (after the finding was first seen)` } : { day: seen, from: `finding first seen (after ${data!.what})` };
}

/** A fixed-date deadline of `days` from `start`, or an explicit unknown when there is no start. */
export function datedDeadline(days: number, start: ClockStart | undefined, forensicTriage: boolean, rule: string, notes: string[]): Deadline {
  if (!start) return { kind: 'unknown', days, forensicTriage, rule: `${rule}; no date to start the clock (no first-seen or publication date)`, notes };
  return {
    kind: 'date',
    dueDate: dayText(start.day + days),
    days,
    clockStart: { date: dayText(start.day), from: start.from },
    forensicTriage,
    rule,
    notes,
  };
}

export const DEADLINE_STATUSES = ['overdue', 'due-soon', 'on-track', 'no-fixed-date', 'unknown', 'met', 'accepted'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

export const DEFAULT_DUE_SOON_DAYS = 7;

/** Where a due day stands on `today` (UTC day numbers): overdue once the due day has passed. */
export function statusOfDay(dueDay: number, today: number, dueSoonDays: number): DeadlineStatus {
  if (dueDay === NO_DAY) return 'unknown';
  if (today > dueDay) return 'overdue';
  return dueDay - today <= dueSoonDays ? 'due-soon' : 'on-track';
}

/** Remediation states that satisfy a deadline (a mitigation counts: KEV's required action allows it). */
export const DEADLINE_MET_STATES: readonly RemediationState[] = ['mitigated', 'remediated', 'verified'];

/**
 * Classifies a finding against its deadline on `now`: overdue ⇔ today > due date and still open
 * (standards §4); due-soon within `dueSoonDays` (default 7, due today included); met once
 * mitigated, remediated or verified; accepted while a risk acceptance holds (pass the effective
 * state, see remediation.ts, so that a lapsed acceptance counts as open).
 */
export function deadlineStatus(
  deadline: Pick<Deadline, 'kind' | 'dueDate'>,
  now: Now,
  options: { dueSoonDays?: number | undefined; state?: RemediationState | undefined } = {},
): DeadlineStatus {
  if (options.state !== undefined && DEADLINE_MET_STATES.includes(options.state)) return 'met';
  if (options.state === 'risk-accepted') return 'accepted';
  if (deadline.kind === 'next-upgrade') return 'no-fixed-date';
  if (deadline.kind === 'unknown') return 'unknown';
  return statusOfDay(dayOfText(deadline.dueDate), dayOf(nowMs(now)), options.dueSoonDays ?? DEFAULT_DUE_SOON_DAYS);
}
