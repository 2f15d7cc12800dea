import { describe, expect, it } from 'vitest';
import { cvssSeverity, parseCvssVector, scoreCvssVector, validateCvssVector } from './index.js';

function score(vector: string) {
  const result = scoreCvssVector(vector);
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.value;
}

const V4_BASE = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';

describe('CVSS scoring (standards §6 vectors)', () => {
  it.each([
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, 'CRITICAL'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10.0, 'CRITICAL'],
    ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8, 'HIGH'],
    ['AV:N/AC:L/Au:N/C:P/I:P/A:P', 7.5, 'HIGH'],
    ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, 'CRITICAL'],
    [V4_BASE, 9.3, 'CRITICAL'],
    ['CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H', 9.4, 'CRITICAL'],
  ])('%s → %d', (vector, base, severity) => {
    const scores = score(vector);
    expect(scores.base).toBe(base);
    expect(scores.severity).toBe(severity);
  });

  it('computes the v3.1 temporal score', () => {
    const scores = score('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C');
    expect(scores.base).toBe(9.8);
    expect(scores.temporal).toBe(8.5);
  });

  it('computes v4 threat and environmental scores with nomenclature', () => {
    expect(score(V4_BASE).nomenclature).toBe('CVSS-B');
    expect(score(`${V4_BASE}/E:U`)).toMatchObject({ overall: 8.1, nomenclature: 'CVSS-BT', base: 9.3 });
    expect(score(`${V4_BASE}/E:P`).overall).toBe(8.9);
    expect(score(`${V4_BASE}/MSI:S`)).toMatchObject({ overall: 10, nomenclature: 'CVSS-BE' });
  });

  it('accepts v2 vectors wrapped in parentheses', () => {
    expect(score('(AV:N/AC:L/Au:N/C:P/I:P/A:P)').base).toBe(7.5);
  });
});

describe('CVSS validation', () => {
  it('rejects v4 metrics out of order', () => {
    expect(validateCvssVector('CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N').join()).toMatch(/out of the order/);
    expect(scoreCvssVector('CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N').ok).toBe(false);
  });

  it('rejects unknown metrics and values, duplicates, missing base metrics and wrong prefixes', () => {
    expect(validateCvssVector('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/FOO:X').join()).toMatch(/unknown metric FOO/);
    expect(validateCvssVector('CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H').join()).toMatch(/invalid value Q/);
    expect(validateCvssVector('CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H').join()).toMatch(/duplicate metric AV/);
    expect(validateCvssVector('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H').join()).toMatch(/missing base metric A/);
    expect(validateCvssVector('CVSS:3.2/AV:N').join()).toMatch(/unknown CVSS prefix/);
    expect(validateCvssVector('AV:N/AC:L/Au:N/C:P/I:P')).toContain('missing base metric A');
    expect(validateCvssVector('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:red').join()).toMatch(/invalid value red/);
    expect(validateCvssVector('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:Red')).toEqual([]);
    expect(validateCvssVector('')).not.toEqual([]);
  });

  it('checks the declared version', () => {
    expect(parseCvssVector('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', '3.0').ok).toBe(false);
  });

  it('maps scores to severity bands', () => {
    expect(cvssSeverity('3.1', 0)).toBe('NONE');
    expect(cvssSeverity('3.1', 3.9)).toBe('LOW');
    expect(cvssSeverity('4.0', 4.0)).toBe('MEDIUM');
    expect(cvssSeverity('3.1', 8.9)).toBe('HIGH');
    expect(cvssSeverity('2.0', 7.0)).toBe('HIGH');
    expect(cvssSeverity('2.0', 0)).toBe('LOW');
  });
});
