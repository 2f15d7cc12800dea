/**
 * The remediation states and the manual transitions between them: one table for the state machine
 * (remediation.ts), the service, the routes and the web UI (which offers only the moves the server
 * allows). No imports, so the web can import it at runtime.
 */
export const REMEDIATION_STATES = ['open', 'planned', 'mitigated', 'remediated', 'verified', 'risk-accepted'] as const;
export type RemediationState = (typeof REMEDIATION_STATES)[number];

/** Manual transitions. `verified` is also reachable from any other state by an observed fixed version. */
export const TRANSITIONS: Readonly<Record<RemediationState, readonly RemediationState[]>> = {
  open: ['planned', 'mitigated', 'remediated', 'risk-accepted'],
  planned: ['open', 'planned', 'mitigated', 'remediated', 'risk-accepted'],
  mitigated: ['open', 'planned', 'remediated', 'risk-accepted'],
  remediated: ['open', 'verified'],
  verified: ['open'],
  'risk-accepted': ['open', 'planned', 'mitigated', 'remediated', 'risk-accepted'],
};
