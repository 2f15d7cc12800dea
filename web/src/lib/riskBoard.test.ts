import { describe, expect, it } from 'vitest';
import type { BoardItem, QueueItem } from '../api/riskTypes';
import { cardFromBoardItem, openColumn, planDone, planOverdue, planProgress } from './riskBoard';

const queueItem = (id: string, state: QueueItem['state'] = 'open'): QueueItem =>
  ({
    findingId: id,
    vulnerability: { id: 'CVE-2023-27997', title: null, cvss: 9.8, severity: 'CRITICAL', epss: null, epssPercentile: null, kev: true, kevDueDate: '2023-07-04' },
    target: { kind: 'asset', name: `asset ${id}` },
    asset: { id: `a-${id}`, name: `asset ${id}` },
    site: { id: 's', name: 'North' },
    zone: null,
    decision: 'Act',
    decisionSince: '2026-11-26',
    deadline: { governing: 'organisation', kind: 'date', dueDate: '2026-12-03', daysLeft: 7, status: 'due-soon', bod: { dueDate: null, outcome: '', forensicTriage: false, noVulnrichment: false }, policyDueDate: '2026-12-03' },
    risk: 92.3,
    exposed: true,
    state,
    remediation: { owner: null, dueDate: null, planId: null, acceptedUntil: null },
    firstSeen: '2026-11-26T00:00:00Z',
    computedAt: '2026-11-26T00:00:00Z',
  }) as QueueItem;

const record = (id: string, state: BoardItem['state']): BoardItem =>
  ({
    findingId: id, vulnerabilityId: 'CVE-1', assetId: 'a', planId: 'p', state, since: '', plan: { owner: 'ot', dueDate: '2026-12-01', action: 'patch' }, acceptance: null,
    firstActionAt: null, verification: null, history: [], evidence: [], updatedBy: null, updatedAt: null, targetName: 'plc', asset: { id: 'a', name: 'PLC-1' }, site: null, decision: 'Attend', risk: 50,
  }) as BoardItem;

describe('remediation board cards', () => {
  it('fills the Open column from reopened records, then the queue, each finding once', () => {
    const cards = openColumn([record('r1', 'open'), record('q1', 'open'), record('x', 'planned')], [queueItem('q1'), queueItem('q2'), queueItem('q3', 'planned')]);
    expect(cards.map((c) => c.findingId)).toEqual(['r1', 'q1', 'q2']);
    expect(cards[2]).toMatchObject({ decision: 'Act', deadline: '2026-12-03', targetName: 'asset q2', siteName: 'North' });
  });

  it('carries the plan onto the card and flags a missed plan date', () => {
    const card = cardFromBoardItem(record('f', 'planned'));
    expect(card).toMatchObject({ owner: 'ot', dueDate: '2026-12-01', action: 'patch', targetName: 'PLC-1' });
    expect(planOverdue(card, '2026-12-02')).toBe(true);
    expect(planOverdue(card, '2026-12-01')).toBe(false);
    expect(planOverdue({ ...card, state: 'mitigated' }, '2027-01-01')).toBe(false);
  });

  it('reads a plan\'s progress in board order', () => {
    const plan = { findings: 4, states: { verified: 1, planned: 2, mitigated: 1 } };
    expect(planProgress(plan)).toEqual([
      { state: 'planned', count: 2, percent: 50 },
      { state: 'mitigated', count: 1, percent: 25 },
      { state: 'verified', count: 1, percent: 25 },
    ]);
    expect(planDone(plan)).toBe(0.5);
    expect(planDone({ findings: 0, states: {} })).toBe(0);
  });
});
