/**
 * The work queue as the API answers it (`GET /api/risk/queue`): one shape for the service that
 * builds it, the CLI that prints it and the web UI that shows it (type-only there).
 */
import type { DeadlineStatus } from './deadline.js';
import type { RemediationState } from './remediation.js';
import type { SsvcDecision } from './values.js';

export const DEADLINE_MODES = ['organisation', 'bod-26-04'] as const;
export type DeadlineMode = (typeof DEADLINE_MODES)[number];

export interface QueueItem {
  findingId: string;
  vulnerability: { id: string; title: string | null; cvss: number | null; severity: string | null; epss: number | null; epssPercentile: number | null; kev: boolean; kevDueDate: string | null };
  target: { kind: string; name: string };
  asset: { id: string; name: string } | null;
  site: { id: string; name: string } | null;
  zone: { id: string; name: string } | null;
  decision: SsvcDecision;
  /** When the finding reached this decision (starts the policy clock). */
  decisionSince: string;
  deadline: {
    /** Which deadline governs (the organisation policy's mode). */
    governing: DeadlineMode;
    kind: 'date' | 'next-upgrade' | 'unknown';
    dueDate: string | null;
    /** Days until the due date (negative: overdue). */
    daysLeft: number | null;
    status: DeadlineStatus;
    bod: { dueDate: string | null; outcome: string; forensicTriage: boolean; noVulnrichment: boolean };
    policyDueDate: string | null;
  };
  risk: number;
  exposed: boolean;
  state: RemediationState;
  remediation: { owner: string | null; dueDate: string | null; planId: string | null; acceptedUntil: string | null };
  firstSeen: string;
  computedAt: string;
}

export interface QueuePage {
  items: QueueItem[];
  limit: number;
  offset: number;
  /** Open findings matching the filters (exact when totalExact). */
  total: number;
  totalExact: boolean;
  /** Per decision, capped at COUNT_CAP each. */
  counts: Record<SsvcDecision, number>;
  today: string;
  mode: DeadlineMode;
  dueSoonDays: number;
  site: { id: string; name: string } | null;
  /** When the organisation was last recomputed (null: never; the queue is empty until then). */
  computedAt: string | null;
}
