/**
 * The remediation state machine of a finding: open → planned → mitigated → remediated → verified,
 * or risk-accepted with an approver and an expiry that reopens the finding when it lapses. Pure:
 * every change returns a new record with the history appended; an invalid change throws a typed
 * error (RemediationTransitionError → HTTP 409, InputError → HTTP 400).
 */
import { ConflictError, InputError, type Issue } from '../../model/errors.js';
import { nowMs, parseInstant, type Now } from './dates.js';
import { reachesFixedVersion, type FixedVersionVerdict } from './fixed-version.js';
import { TRANSITIONS, type RemediationState } from './remediation-states.js';

// The states and the transition table live in a module without imports, which the web UI shares.
export { REMEDIATION_STATES, TRANSITIONS, type RemediationState } from './remediation-states.js';

export interface RemediationEvent {
  from: RemediationState;
  to: RemediationState;
  at: string;
  by: string;
  note?: string | undefined;
}

export interface RemediationRecord {
  state: RemediationState;
  /** When the current state was entered. */
  since: string;
  plan?: { owner: string; dueDate: string; action?: string | undefined } | undefined;
  acceptance?: { approver: string; expiresAt: string; reason: string } | undefined;
  /** When a mitigation or remediation was first in place (the "applied before exploitation" time). */
  firstActionAt?: string | undefined;
  verification?: { by: string; at: string; observedVersion?: string | undefined; fixedVersion?: string | undefined; scheme?: string | undefined } | undefined;
  history: RemediationEvent[];
}

type Who = { by: string; note?: string | undefined };
export type RemediationChange = Who &
  (
    | { to: 'open'; reason: string }
    | { to: 'planned'; owner: string; dueDate: string; action?: string | undefined }
    | { to: 'mitigated' | 'remediated'; /** When it was in place, if before now (backfilled records). */ appliedAt?: string | undefined }
    | { to: 'verified' }
    | { to: 'risk-accepted'; approver: string; expiresAt: string; reason: string }
  );

/** A change the current state does not allow. */
export class RemediationTransitionError extends ConflictError {
  readonly from: RemediationState;
  readonly to: string;
  readonly allowed: readonly RemediationState[];
  constructor(from: RemediationState, to: string, allowed: readonly RemediationState[]) {
    super(`cannot go from ${from} to ${to}; allowed: ${allowed.join(', ') || 'none'}`, { reason: 'invalid-transition', from, to, allowed });
    this.from = from;
    this.to = to;
    this.allowed = allowed;
  }
}

export function openRecord(at: string): RemediationRecord {
  return { state: 'open', since: at, history: [] };
}

function required(issues: Issue[], value: unknown, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') issues.push({ code: `missing-${field}`, message: `${field} is required` });
}

function changeIssues(change: RemediationChange, now: number): Issue[] {
  const issues: Issue[] = [];
  required(issues, change.by, 'by');
  switch (change.to) {
    case 'open':
      required(issues, change.reason, 'reason');
      break;
    case 'planned':
      required(issues, change.owner, 'owner');
      if (parseInstant(change.dueDate) === undefined) issues.push({ code: 'invalid-due-date', message: `dueDate must be an ISO-8601 date, not ${JSON.stringify(change.dueDate)}` });
      break;
    case 'mitigated':
    case 'remediated': {
      if (change.appliedAt === undefined) break;
      const applied = parseInstant(change.appliedAt);
      if (applied === undefined) issues.push({ code: 'invalid-applied-at', message: `appliedAt must be an ISO-8601 date, not ${JSON.stringify(change.appliedAt)}` });
      else if (applied > now) issues.push({ code: 'applied-in-future', message: `appliedAt ${change.appliedAt} is in the future` });
      break;
    }
    case 'risk-accepted': {
      required(issues, change.approver, 'approver');
      required(issues, change.reason, 'reason');
      const expires = parseInstant(change.expiresAt);
      if (expires === undefined) issues.push({ code: 'invalid-expiry', message: `expiresAt must be an ISO-8601 date, not ${JSON.stringify(change.expiresAt)}` });
      else if (expires <= now) issues.push({ code: 'acceptance-expired', message: `expiresAt ${change.expiresAt} is not in the future: an acceptance must expire later than now` });
      break;
    }
  }
  return issues;
}

function earlier(a: string | undefined, b: string): string {
  return a !== undefined && (parseInstant(a) ?? Infinity) <= (parseInstant(b) ?? Infinity) ? a : b;
}

function enter(record: RemediationRecord, to: RemediationState, at: string, by: string, note: string | undefined, patch: Partial<RemediationRecord>): RemediationRecord {
  return { ...record, ...patch, state: to, since: at, history: [...record.history, { from: record.state, to, at, by, note }] };
}

/**
 * Applies a manual change. Throws RemediationTransitionError when the state does not allow it and
 * InputError when a field is missing or wrong (an acceptance expiring in the past, a mitigation
 * applied in the future). A lapsed acceptance is reopened first (see {@link effectiveRecord}).
 */
export function transition(current: RemediationRecord, change: RemediationChange, now: Now): RemediationRecord {
  const ms = nowMs(now);
  const at = new Date(ms).toISOString();
  const record = effectiveRecord(current, ms);
  const allowed = TRANSITIONS[record.state];
  if (!allowed.includes(change.to)) throw new RemediationTransitionError(record.state, change.to, allowed);
  const issues = changeIssues(change, ms);
  if (issues.length > 0) throw new InputError(`invalid change to ${change.to}: ${issues.map((i) => i.message).join('; ')}`, { code: issues[0]!.code, issues });
  switch (change.to) {
    case 'open':
      return enter(record, 'open', at, change.by, change.note ?? change.reason, { acceptance: undefined, verification: undefined });
    case 'planned':
      return enter(record, 'planned', at, change.by, change.note, { plan: { owner: change.owner, dueDate: change.dueDate, action: change.action }, acceptance: undefined });
    case 'mitigated':
    case 'remediated': {
      const applied = change.appliedAt ?? at;
      return enter(record, change.to, at, change.by, change.note, { firstActionAt: earlier(record.firstActionAt, applied), acceptance: undefined });
    }
    case 'verified':
      return enter(record, 'verified', at, change.by, change.note, { verification: { by: change.by, at } });
    case 'risk-accepted':
      return enter(record, 'risk-accepted', at, change.by, change.note ?? change.reason, {
        acceptance: { approver: change.approver, expiresAt: change.expiresAt, reason: change.reason },
      });
  }
}

/** True when the record is a risk acceptance whose expiry has passed. */
export function acceptanceLapsed(record: RemediationRecord, now: Now): boolean {
  if (record.state !== 'risk-accepted') return false;
  const expires = parseInstant(record.acceptance?.expiresAt);
  // An acceptance without a readable expiry cannot hold: treat it as lapsed rather than eternal.
  return expires === undefined || expires <= nowMs(now);
}

/** The record as it stands at `now`: a lapsed acceptance is reopened, recorded in the history at its expiry. */
export function effectiveRecord(record: RemediationRecord, now: Now): RemediationRecord {
  if (!acceptanceLapsed(record, now)) return record;
  const expiry = record.acceptance?.expiresAt;
  const at = parseInstant(expiry) !== undefined ? new Date(parseInstant(expiry)!).toISOString() : new Date(nowMs(now)).toISOString();
  const note = expiry ? `risk acceptance expired at ${expiry}` : 'risk acceptance has no readable expiry';
  return enter(record, 'open', at, 'system', note, { acceptance: undefined });
}

/**
 * Closes a remediation as verified when the version observed on the asset reaches the fixed
 * version (from any state but verified). Otherwise the record is returned unchanged with the
 * verdict saying why.
 */
export function verifyByObservedVersion(
  record: RemediationRecord,
  observed: { version: string | undefined | null; by?: string | undefined },
  fixedVersion: string | undefined | null,
  now: Now,
): { record: RemediationRecord; verdict: FixedVersionVerdict } {
  const verdict = reachesFixedVersion(observed.version, fixedVersion);
  if (verdict.result !== true || record.state === 'verified') return { record, verdict };
  const at = new Date(nowMs(now)).toISOString();
  const by = observed.by ?? 'system';
  const next = enter(record, 'verified', at, by, `observed version ${observed.version}: ${verdict.reason}`, {
    firstActionAt: earlier(record.firstActionAt, at),
    acceptance: undefined,
    verification: { by, at, observedVersion: observed.version ?? undefined, fixedVersion: fixedVersion ?? undefined, scheme: verdict.scheme },
  });
  return { record: next, verdict };
}
