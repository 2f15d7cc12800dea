import { describe, expect, it } from 'vitest';
import { bodCell, bodDeadline, type BodInputs } from './bod.js';

// CERTCC/SSVC data/csv/cisa/cisa_bod_26_04_1_0_0.csv, verbatim (standards §15 table).
const CSV = `row,In KEV v1.0.0 (cisa),Asset Exposure v1.0.0 (cisa),Automatable v2.0.0,Technical Impact v1.0.0,CISA BOD 26-04 Remediation Timelines v1.0.0 (cisa)
0,no,no,no,partial,fix on system upgrade
1,yes,no,no,partial,14 days
2,no,yes,no,partial,60 days
3,no,no,yes,partial,60 days
4,no,no,no,total,fix on system upgrade
5,yes,yes,no,partial,14 days
6,yes,no,yes,partial,14 days
7,no,yes,yes,partial,14 days
8,yes,no,no,total,14 days
9,no,yes,no,total,14 days
10,no,no,yes,total,60 days
11,yes,yes,yes,partial,3 days
12,yes,yes,no,total,3 days & forensic investigation
13,yes,no,yes,total,3 days & forensic investigation
14,no,yes,yes,total,3 days
15,yes,yes,yes,total,3 days & forensic investigation`;

const rows = CSV.split('\n').slice(1).map((line) => line.split(','));
const published = (text: string) =>
  text === 'fix on system upgrade'
    ? { days: undefined, forensicTriage: false }
    : { days: Number.parseInt(text, 10), forensicTriage: text.includes('forensic') };

const inputs = (extra: Partial<BodInputs>): BodInputs => ({
  kevListed: false, exposure: 'open', automatable: 'no', technicalImpact: 'partial', vulnrichment: true, ...extra,
});

describe('BOD 26-04 table: every cell', () => {
  it('has 16 cells', () => expect(rows).toHaveLength(16));

  it.each(rows)('row %s: KEV %s, exposed %s, A:%s, TI:%s → %s', (_row, kev, exposed, a, t, outcome) => {
    const cell = bodCell(kev === 'yes', exposed === 'yes', a as 'yes' | 'no', t as 'partial' | 'total');
    expect({ days: cell.days, forensicTriage: cell.forensicTriage }).toEqual(published(outcome!));
  });

  it.each(rows)('row %s as a dated deadline from the KEV / Vulnrichment date', (_row, kev, exposed, a, t, outcome) => {
    const deadline = bodDeadline(inputs({
      kevListed: kev === 'yes', exposure: exposed === 'yes' ? 'open' : 'controlled', automatable: a as 'yes' | 'no', technicalImpact: t as 'partial' | 'total',
      kevDateAdded: '2026-07-01', vulnrichmentDate: '2026-07-01', firstSeen: '2026-06-01',
    }));
    const { days, forensicTriage } = published(outcome!);
    expect(deadline.forensicTriage).toBe(forensicTriage);
    if (days === undefined) {
      expect(deadline.kind).toBe('next-upgrade');
      expect(deadline.dueDate).toBeUndefined();
    } else {
      expect(deadline).toMatchObject({ kind: 'date', days, dueDate: { 3: '2026-07-04', 14: '2026-07-15', 60: '2026-08-30' }[days] });
    }
  });
});

describe('bodDeadline rules', () => {
  it('no Vulnrichment data and not in KEV ⇒ 60 days from first seen, whatever the other inputs', () => {
    const deadline = bodDeadline(inputs({ vulnrichment: false, automatable: 'yes', technicalImpact: 'total', firstSeen: '2026-07-01T08:00:00Z' }));
    expect(deadline).toMatchObject({ kind: 'date', days: 60, dueDate: '2026-08-30', cell: 'not in KEV · no Vulnrichment data', rule: 'BOD 26-04: no Vulnrichment data ⇒ 60 days' });
    expect(deadline.clockStart).toEqual({ date: '2026-07-01', from: 'finding first seen' });
  });

  it('a KEV entry without Vulnrichment data still uses the table, unknowns taken as yes / total', () => {
    const deadline = bodDeadline(inputs({ kevListed: true, vulnrichment: false, exposure: 'small', automatable: 'unknown', technicalImpact: 'unknown', kevDateAdded: '2026-07-01' }));
    expect(deadline).toMatchObject({ days: 3, forensicTriage: true, cell: 'KEV yes · exposed no · Automatable yes · Technical Impact total' });
    expect(deadline.notes).toEqual(['Automatable unknown → taken as yes', 'Technical Impact unknown → taken as total', 'no Vulnrichment data; KEV-listed, so the table applies with the values above']);
  });

  it('unknown exposure counts as exposed, and says so', () => {
    const deadline = bodDeadline(inputs({ exposure: 'unknown', technicalImpact: 'total', vulnrichmentDate: '2026-07-01' }));
    expect(deadline).toMatchObject({ days: 14, cell: 'KEV no · exposed yes · Automatable no · Technical Impact total' });
    expect(deadline.notes).toContain('exposure unknown → counted as publicly exposed');
  });

  it('controlled and small exposure are not publicly exposed', () => {
    expect(bodDeadline(inputs({ exposure: 'controlled', automatable: 'yes' })).days).toBe(60);
    expect(bodDeadline(inputs({ exposure: 'small', automatable: 'no' })).kind).toBe('next-upgrade');
  });

  it('keeps the KEV dueDate for reference without using it', () => {
    const deadline = bodDeadline(inputs({ kevListed: true, kevDateAdded: '2026-07-01', kevDueDate: '2026-07-22' }));
    expect(deadline).toMatchObject({ kevDueDate: '2026-07-22', dueDate: '2026-07-15', directive: 'BOD 26-04' });
    expect(deadline.notes).toContain('KEV (BOD 22-01) dueDate 2026-07-22, for reference');
  });

  it('starts the clock at the later of first seen and the data date', () => {
    const later = bodDeadline(inputs({ kevListed: true, kevDateAdded: '2026-07-01', firstSeen: '2026-08-01' }));
    expect(later).toMatchObject({ dueDate: '2026-08-15', clockStart: { date: '2026-08-01', from: 'finding first seen (after KEV dateAdded)' } });
    const earlier = bodDeadline(inputs({ kevListed: true, kevDateAdded: '2026-07-01', firstSeen: '2026-06-01' }));
    expect(earlier.clockStart).toEqual({ date: '2026-07-01', from: 'KEV dateAdded (after the finding was first seen)' });
  });

  it('gives an explicit unknown, not a made-up date, when there is no date to start from', () => {
    const deadline = bodDeadline(inputs({ kevListed: true, kevDateAdded: 'not a date' }));
    expect(deadline).toMatchObject({ kind: 'unknown', days: 14 });
    expect(deadline.dueDate).toBeUndefined();
    expect(deadline.rule).toMatch(/no date to start the clock/);
    expect(deadline.notes).toContain('unreadable KEV dateAdded "not a date"');
  });
});
