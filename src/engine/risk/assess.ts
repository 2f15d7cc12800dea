/**
 * Everything about one finding at once, for its page and `findings explain`: the SSVC decision
 * with its rationale, the exposure, both deadlines (BOD 26-04 and the organisation policy) and
 * where the finding stands against the governing one, the risk score, and the "applied before
 * exploitation" verdict. The batch API (batch.ts) computes the same numbers for many findings.
 */
import { assetInputs as deriveAssetInputs, type AssetContext, type AssetInputs } from './asset-inputs.js';
import type { FindingAssessment } from './assessment-view.js';
import { bodDeadline } from './bod.js';
import { deadlineStatus, type Deadline } from './deadline.js';
import type { Now } from './dates.js';
import type { InputOverride } from './overrides.js';
import { DEFAULT_POLICY, policyDeadline, type OrganisationPolicy } from './policy.js';
import { effectiveRecord, type RemediationRecord } from './remediation.js';
import type { DeadlineMode } from './queue-view.js';
import { findingRiskScore } from './rollup.js';
import { decideSsvc, resolveInput, stepLine } from './ssvc.js';
import { exploitationTiming } from './timing.js';
import type { VulnerabilityInputs } from './vulnerability-inputs.js';

// The assessment's shape is in assessment-view.ts, which the web UI imports type-only; the deadline
// modes are the queue's (queue-view.ts).
export type { FindingAssessment } from './assessment-view.js';
export type { DeadlineMode } from './queue-view.js';

export interface FindingInput {
  vulnerability: VulnerabilityInputs;
  asset: AssetContext;
  /** The asset's derived inputs when already computed (shared by its findings). */
  assetInputs?: AssetInputs | undefined;
  overrides?: readonly InputOverride[] | undefined;
  firstSeen?: string | undefined;
  /** When the finding reached its current decision (starts the policy clock). */
  decisionSince?: string | undefined;
  remediation?: RemediationRecord | undefined;
}

export interface AssessOptions {
  now: Now;
  /** Which deadline governs the status: BOD 26-04 (federal agencies) or the organisation policy (default). */
  mode?: DeadlineMode | undefined;
  policy?: OrganisationPolicy | undefined;
  dueSoonDays?: number | undefined;
}

export function assessFinding(input: FindingInput, options: AssessOptions): FindingAssessment {
  const { vulnerability: v, asset } = input;
  const overrides = input.overrides ?? [];
  const target = { assetId: asset.id, zoneId: asset.zone?.id, siteId: asset.site?.id };
  const inputs = input.assetInputs ?? deriveAssetInputs(asset);
  const ssvc = decideSsvc(v, inputs, overrides, target);
  const exposure = resolveInput('exposure', inputs.exposure, overrides, { ...target, vulnerabilityId: v.id });
  const bod = bodDeadline({
    kevListed: v.kev.listed,
    exposure: exposure.value,
    automatable: ssvc.automatable.value,
    technicalImpact: ssvc.technicalImpact.value,
    vulnrichment: v.vulnrichment.present,
    kevDateAdded: v.kev.dateAdded,
    kevDueDate: v.kev.dueDate,
    vulnrichmentDate: v.vulnrichment.date,
    firstSeen: input.firstSeen,
  });
  const policy = policyDeadline(ssvc.decision, options.policy ?? DEFAULT_POLICY, { decisionSince: input.decisionSince, firstSeen: input.firstSeen });
  const mode = options.mode ?? 'organisation';
  const record = input.remediation ? effectiveRecord(input.remediation, options.now) : undefined;
  const state = record?.state ?? 'open';
  const status = deadlineStatus(mode === 'bod-26-04' ? bod : policy, options.now, { dueSoonDays: options.dueSoonDays, state });
  const risk = findingRiskScore({
    decision: ssvc.decision,
    cvss: v.cvss.preferred?.scores.base,
    epss: v.epss?.score,
    kev: v.kev.listed,
    exposed: exposure.used === 'open',
    state,
  });
  const timing = record?.firstActionAt !== undefined ? exploitationTiming(record.firstActionAt, v.exploitationEvidence) : undefined;
  const deadlineLine = (d: Deadline): string => `${d.rule}${d.dueDate ? ` → due ${d.dueDate} (from ${d.clockStart?.from} ${d.clockStart?.date})` : ''}${d.forensicTriage ? ' + forensic triage' : ''}${d.notes.length ? `. Notes: ${d.notes.join('; ')}` : ''}`;
  const rationale = [
    ...ssvc.rationale,
    stepLine(exposure),
    deadlineLine(bod),
    deadlineLine(policy),
    `status against the ${mode === 'bod-26-04' ? 'BOD 26-04' : 'policy'} deadline: ${status} (state ${state})`,
    `risk score: ${risk.text}`,
  ];
  if (timing) rationale.push(`applied before exploitation: ${timing.outcome} — ${timing.reason}`);
  return { vulnerabilityId: v.id, assetId: asset.id, ssvc, exposure, bod, policy, mode, status, state, risk, timing, rationale };
}
