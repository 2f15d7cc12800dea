import { describe, expect, it } from 'vitest';
import { COORDINATOR_ROWS, coordinatorDecision, missionAndWellbeing } from './ssvc-table.js';
import { MISSION_PREVALENCES, PUBLIC_WELLBEINGS, type Automatable, type Exploitation, type Mwi, type TechnicalImpact } from './values.js';

// CERTCC/SSVC data/csv/cisa/cisa_coordinator_2_0_3.csv, verbatim: the table is checked against the
// published file, not against a copy of itself.
const CSV = `row,Exploitation v1.1.0,Automatable v2.0.0,Technical Impact v1.0.0,Mission and Well-Being Impact v1.0.0,CISA Levels v1.1.0 (cisa)
0,none,no,partial,low,track
1,none,no,partial,medium,track
2,none,no,partial,high,track
3,none,no,total,low,track
4,none,no,total,medium,track
5,none,no,total,high,track*
6,none,yes,partial,low,track
7,none,yes,partial,medium,track
8,none,yes,partial,high,attend
9,none,yes,total,low,track
10,none,yes,total,medium,track
11,none,yes,total,high,attend
12,public poc,no,partial,low,track
13,public poc,no,partial,medium,track
14,public poc,no,partial,high,track*
15,public poc,no,total,low,track
16,public poc,no,total,medium,track*
17,public poc,no,total,high,attend
18,public poc,yes,partial,low,track
19,public poc,yes,partial,medium,track
20,public poc,yes,partial,high,attend
21,public poc,yes,total,low,track
22,public poc,yes,total,medium,track*
23,public poc,yes,total,high,attend
24,active,no,partial,low,track
25,active,no,partial,medium,track
26,active,no,partial,high,attend
27,active,no,total,low,track
28,active,no,total,medium,attend
29,active,no,total,high,act
30,active,yes,partial,low,attend
31,active,yes,partial,medium,attend
32,active,yes,partial,high,act
33,active,yes,total,low,attend
34,active,yes,total,medium,act
35,active,yes,total,high,act`;

const OUTCOME: Record<string, string> = { track: 'Track', 'track*': 'Track*', attend: 'Attend', act: 'Act' };
const cells = CSV.split('\n').slice(1).map((line) => line.split(','));

describe('CISA coordinator table v2.0.3', () => {
  it('has the 36 cells of the published table', () => {
    expect(cells).toHaveLength(36);
    expect(COORDINATOR_ROWS).toHaveLength(12);
  });

  it.each(cells)('row %s: (%s, %s, %s, %s) → %s', (_row, e, a, t, m, outcome) => {
    expect(coordinatorDecision(e as Exploitation, a as Automatable, t as TechnicalImpact, m as Mwi)).toBe(OUTCOME[outcome!]);
  });

  it.each([
    ['active', 'yes', 'total', 'high', 'Act'],
    ['none', 'no', 'total', 'high', 'Track*'],
    ['public poc', 'no', 'total', 'medium', 'Track*'],
    ['active', 'yes', 'partial', 'low', 'Attend'],
  ] as const)('standards §7 test vector (%s, %s, %s, %s) → %s', (e, a, t, m, outcome) => {
    expect(coordinatorDecision(e, a, t, m)).toBe(outcome);
  });
});

describe('Mission & Well-being', () => {
  // Rows: prevalence minimal, support, essential; columns: well-being minimal, material, irreversible.
  const expected: Mwi[][] = [
    ['low', 'medium', 'high'],
    ['medium', 'medium', 'high'],
    ['high', 'high', 'high'],
  ];
  it.each(MISSION_PREVALENCES.flatMap((p, i) => PUBLIC_WELLBEINGS.map((w, j) => [p, w, expected[i]![j]!] as const)))('%s × %s → %s', (p, w, mwi) => {
    expect(missionAndWellbeing(p, w)).toBe(mwi);
  });
});
