/**
 * One finding's live assessment (`assessFinding`), as the finding's risk answer carries it
 * (`GET /api/risk/findings/:id`, field `assessment`): one definition for the engine, the service
 * and the web UI (type-only there). No runtime imports.
 */
import type { BodDeadline } from './bod.js';
import type { Deadline, DeadlineStatus } from './deadline.js';
import type { DeadlineMode } from './queue-view.js';
import type { RemediationState } from './remediation.js';
import type { RiskScore } from './rollup.js';
import type { InputStep, SsvcAssessment } from './ssvc.js';
import type { TimingResult } from './timing-view.js';
import type { Exposure } from './values.js';

export interface FindingAssessment {
  vulnerabilityId: string;
  assetId: string;
  ssvc: SsvcAssessment;
  exposure: InputStep<Exposure>;
  bod: BodDeadline;
  policy: Deadline;
  mode: DeadlineMode;
  /** Against the governing deadline. */
  status: DeadlineStatus;
  /** Remediation state at `now` (a lapsed acceptance is open). */
  state: RemediationState;
  risk: RiskScore;
  /** Only once a mitigation or remediation is in place (left out of the answer otherwise). */
  timing?: TimingResult | undefined;
  /** The SSVC rationale, then exposure, deadline and score lines. */
  rationale: string[];
}
