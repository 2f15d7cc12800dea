/**
 * The organisation policy for operators that are not federal agencies: a service-level agreement
 * in days per SSVC decision, counted from when the finding reached its current decision.
 */
import { InputError, type Issue } from '../../model/errors.js';
import { clockStart, datedDeadline, type Deadline } from './deadline.js';
import { DECISIONS, type SsvcDecision } from './values.js';

export interface OrganisationPolicy {
  name: string;
  /** Days allowed per decision; `null` = no fixed date (handled in the normal patch cycle). */
  slaDays: Readonly<Record<SsvcDecision, number | null>>;
}

/**
 * Default: Act 7 days (CISA: "as soon as possible"), Attend 30 (sooner than the normal cycle),
 * Track* 90 and Track 180 (the normal OT patch cycle, typically quarterly to half-yearly outages).
 */
export const DEFAULT_POLICY: OrganisationPolicy = { name: 'default', slaDays: { Act: 7, Attend: 30, 'Track*': 90, Track: 180 } };

export function policyIssues(policy: unknown): Issue[] {
  const p = (policy ?? {}) as Partial<Record<string, unknown>>;
  const days = (p.slaDays ?? {}) as Partial<Record<string, unknown>>;
  const issues: Issue[] = [];
  if (typeof p.name !== 'string' || p.name.trim() === '') issues.push({ code: 'missing-name', message: 'policy name is required' });
  for (const decision of DECISIONS) {
    const value = days[decision];
    if (value !== null && !(Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 3650)) {
      issues.push({ code: 'invalid-sla', message: `slaDays.${decision} must be a whole number of days 0..3650 or null, not ${JSON.stringify(value)}` });
    }
  }
  return issues;
}

export function assertValidPolicy(policy: unknown): asserts policy is OrganisationPolicy {
  const issues = policyIssues(policy);
  if (issues.length > 0) throw new InputError(`invalid organisation policy: ${issues.map((i) => i.message).join('; ')}`, { code: 'invalid-policy', issues });
}

/**
 * The policy deadline: `slaDays[decision]` from when the finding reached its decision
 * (`decisionSince`), else from when it was first seen.
 */
export function policyDeadline(decision: SsvcDecision, policy: OrganisationPolicy, dates: { decisionSince?: string | undefined; firstSeen?: string | undefined }): Deadline {
  const notes: string[] = [];
  const days = policy.slaDays[decision];
  const rule = `policy ${policy.name}: ${decision} → ${days === null ? 'no fixed date' : `${days} days`}`;
  if (days === null) return { kind: 'next-upgrade', forensicTriage: false, rule, notes };
  const start = clockStart(dates.firstSeen, { date: dates.decisionSince, what: `decision ${decision} reached` }, notes);
  return datedDeadline(days, start, false, rule, notes);
}
