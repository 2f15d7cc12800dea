/**
 * The remediation board's cards: one shape for a finding whether it comes from the work queue (open,
 * nothing recorded yet) or from a remediation record, and how a plan's progress reads. Pure.
 */
import type { BoardItem, PlanView, QueueItem, RemediationState, SsvcDecision } from '../api/riskTypes';
import { REMEDIATION_STATES } from '../api/riskTypes';

export interface BoardCard {
  findingId: string;
  vulnerabilityId: string;
  targetName: string;
  assetId: string | null;
  siteName: string | null;
  decision: SsvcDecision | null;
  risk: number | null;
  state: RemediationState;
  owner: string | null;
  dueDate: string | null;
  action: string | null;
  acceptedUntil: string | null;
  planId: string | null;
  /** The finding's governing deadline (queue cards only), to suggest a plan's due date. */
  deadline: string | null;
}

export function cardFromQueueItem(item: QueueItem): BoardCard {
  return {
    findingId: item.findingId,
    vulnerabilityId: item.vulnerability.id,
    targetName: item.asset?.name ?? item.target.name,
    assetId: item.asset?.id ?? null,
    siteName: item.site?.name ?? null,
    decision: item.decision,
    risk: item.risk,
    state: item.state,
    owner: item.remediation.owner,
    dueDate: item.remediation.dueDate,
    action: null,
    acceptedUntil: item.remediation.acceptedUntil,
    planId: item.remediation.planId,
    deadline: item.deadline.dueDate,
  };
}

export function cardFromBoardItem(item: BoardItem): BoardCard {
  return {
    findingId: item.findingId,
    vulnerabilityId: item.vulnerabilityId,
    targetName: item.asset?.name ?? item.targetName,
    assetId: item.asset?.id ?? item.assetId,
    siteName: item.site?.name ?? null,
    decision: item.decision,
    risk: item.risk,
    state: item.state,
    owner: item.plan?.owner ?? null,
    dueDate: item.plan?.dueDate ?? null,
    action: item.plan?.action ?? null,
    acceptedUntil: item.acceptance?.expiresAt ?? null,
    planId: item.planId,
    deadline: null,
  };
}

/**
 * The Open column: recorded open remediations (reopened findings) first, then the work queue's open
 * findings (Act and Attend first), each finding once.
 */
export function openColumn(recorded: readonly BoardItem[], queue: readonly QueueItem[]): BoardCard[] {
  const cards = recorded.filter((r) => r.state === 'open').map(cardFromBoardItem);
  const seen = new Set(cards.map((c) => c.findingId));
  for (const item of queue) {
    if (item.state !== 'open' || seen.has(item.findingId)) continue;
    seen.add(item.findingId);
    cards.push(cardFromQueueItem(item));
  }
  return cards;
}

/** True when a planned card's own due date has passed (`today` as `YYYY-MM-DD`). */
export function planOverdue(card: Pick<BoardCard, 'state' | 'dueDate'>, today: string): boolean {
  return card.state === 'planned' && card.dueDate !== null && card.dueDate.slice(0, 10) < today;
}

export interface PlanProgress {
  state: RemediationState;
  count: number;
  /** Percentage of the plan's findings, 0–100. */
  percent: number;
}

/** A plan's findings per state, in board order, leaving out empty states. */
export function planProgress(plan: Pick<PlanView, 'states' | 'findings'>): PlanProgress[] {
  const total = plan.findings || Object.values(plan.states).reduce((a, b) => a + (b ?? 0), 0);
  return REMEDIATION_STATES.map((state) => ({ state, count: plan.states[state] ?? 0 }))
    .filter((p) => p.count > 0)
    .map((p) => ({ ...p, percent: total > 0 ? (p.count / total) * 100 : 0 }));
}

/** Share of a plan's findings that are done (mitigated, remediated, verified), 0–1. */
export function planDone(plan: Pick<PlanView, 'states' | 'findings'>): number {
  const done = (plan.states.mitigated ?? 0) + (plan.states.remediated ?? 0) + (plan.states.verified ?? 0);
  return plan.findings > 0 ? done / plan.findings : 0;
}
