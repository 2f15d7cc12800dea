import { describe, expect, it } from 'vitest';
import type { InputStep, SsvcAssessment } from '../api/riskTypes';
import {
  addDays, allowedTransitions, canMove, daysBetween, decisionLook, describeDaysLeft, emptyTransitionForm, formatRate, rationaleRows, transitionErrors,
  transitionFields, transitionRequest, transitionVerb, DECISION_LOOK, STATE_LOOK,
} from './riskFormat';

describe('risk looks', () => {
  it('gives every decision and state its own colour', () => {
    const decisionColors = Object.values(DECISION_LOOK).map((l) => l.color);
    expect(new Set(decisionColors).size).toBe(decisionColors.length);
    expect(decisionLook('Act').color).toBe('red');
    expect(decisionLook(null).label).toBe('not assessed');
    const stateColors = Object.values(STATE_LOOK).map((l) => l.color);
    expect(new Set(stateColors).size).toBe(stateColors.length);
  });

  it('words deadlines and rates', () => {
    expect(describeDaysLeft(0)).toBe('due today');
    expect(describeDaysLeft(1)).toBe('due in 1 day');
    expect(describeDaysLeft(-3)).toBe('overdue by 3 days');
    expect(describeDaysLeft(null)).toBe('no fixed date');
    expect(formatRate(2 / 3)).toBe('66.7%');
    expect(formatRate(null)).toBe('n/a');
  });

  it('counts days in UTC', () => {
    expect(addDays('2026-12-30', 5)).toBe('2027-01-04');
    expect(daysBetween('2026-11-26', '2026-12-03')).toBe(7);
    expect(daysBetween('2026-11-26T23:00:00Z', '2026-11-25')).toBe(-1);
  });
});

describe('remediation transitions', () => {
  it('follows the state machine: changes need write, a risk acceptance approve', () => {
    const all = { write: true, approve: true };
    expect(allowedTransitions('open', all)).toEqual(['planned', 'mitigated', 'remediated', 'risk-accepted']);
    expect(allowedTransitions('open', { write: true, approve: false })).toEqual(['planned', 'mitigated', 'remediated']);
    // An operator approves but does not change: only the acceptance is offered.
    expect(allowedTransitions('planned', { write: false, approve: true })).toEqual(['risk-accepted']);
    expect(allowedTransitions('open', { write: false, approve: false })).toEqual([]);
    expect(canMove('remediated', 'verified', all)).toBe(true);
    expect(canMove('planned', 'verified', all)).toBe(false);
    expect(canMove('verified', 'planned', all)).toBe(false);
    expect(transitionVerb('planned', 'planned')).toBe('Re-plan');
  });

  it('asks for what the API requires and checks it before sending', () => {
    expect(transitionFields('planned')).toEqual(['owner', 'dueDate', 'action']);
    expect(transitionFields('risk-accepted')).toEqual(['expiresAt', 'reason']);
    const today = '2026-11-26';
    expect(Object.keys(transitionErrors('planned', emptyTransitionForm(), today))).toEqual(['owner', 'dueDate']);
    expect(transitionErrors('risk-accepted', { ...emptyTransitionForm(), reason: 'r', expiresAt: today }, today)).toEqual({ expiresAt: 'The expiry must be in the future' });
    expect(transitionErrors('mitigated', { ...emptyTransitionForm(), appliedAt: '2026-12-01' }, today)).toEqual({ appliedAt: 'Not in the future' });
    expect(transitionErrors('verified', emptyTransitionForm(), today)).toEqual({});
  });

  it('builds the request, leaving empty optional fields out', () => {
    const form = { ...emptyTransitionForm(), owner: ' OT team ', dueDate: '2026-12-20', note: '  ' };
    expect(transitionRequest('planned', form)).toEqual({ kind: 'change', change: { to: 'planned', owner: 'OT team', dueDate: '2026-12-20' } });
    expect(transitionRequest('risk-accepted', { ...form, expiresAt: '2027-01-01', reason: 'isolated cell', note: 'until the outage' })).toEqual({
      kind: 'accept',
      request: { expiresAt: '2027-01-01', reason: 'isolated cell', note: 'until the outage' },
    });
    expect(transitionRequest('mitigated', form)).toEqual({ kind: 'change', change: { to: 'mitigated' } });
  });
});

describe('rationale rows', () => {
  const step = (input: string, value: string, used: string, extra: Partial<InputStep<string>> = {}): InputStep<string> =>
    ({ input, value, used, assumed: value === 'unknown', rule: `rule of ${input}`, source: `source of ${input}`, notes: [], ...extra }) as InputStep<string>;
  it('lists every input in table order, naming assumed and overridden ones', () => {
    const ssvc = {
      decision: 'Attend',
      table: 'CISA Coordinator v2.0.3',
      exploitation: step('exploitation', 'unknown', 'none'),
      automatable: step('automatable', 'yes', 'yes'),
      technicalImpact: step('technicalImpact', 'partial', 'partial', { override: { by: 'a', at: 'b', scope: 'site', scopeId: 's', derived: { value: 'total', rule: '', source: '', notes: [] } } }),
      missionPrevalence: step('missionPrevalence', 'essential', 'essential'),
      publicWellbeing: step('publicWellbeing', 'material', 'material'),
      mwi: step('mwi', 'high', 'high'),
      unknown: ['exploitation'],
      rationale: [],
    } as unknown as SsvcAssessment;
    const rows = rationaleRows(ssvc, step('exposure', 'unknown', 'open'));
    expect(rows.map((r) => r.label)).toEqual(['Exploitation', 'Automatable', 'Technical Impact', 'Mission Prevalence', 'Public Well-being', 'Mission & Well-being', 'Exposure']);
    expect(rows.filter((r) => r.assumed).map((r) => `${r.key}→${r.used}`)).toEqual(['exploitation→none', 'exposure→open']);
    expect(rows.find((r) => r.key === 'technicalImpact')?.overridden).toBe(true);
  });
});
