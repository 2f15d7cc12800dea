import { describe, expect, it } from 'vitest';
import { assetInputs } from './asset-inputs.js';
import type { InputOverride } from './overrides.js';
import { decideSsvc, resolveInput, UNKNOWN_POLICY } from './ssvc.js';
import { derived } from './values.js';
import { vulnerabilityInputs } from './vulnerability-inputs.js';

const log4shell = vulnerabilityInputs({
  id: 'CVE-2021-44228',
  kev: { dateAdded: '2021-12-10' },
  adp: { exploitation: 'active', automatable: 'yes', technicalImpact: 'total', version: '2.0.3' },
});
const nothingKnown = vulnerabilityInputs({ id: 'CVE-0' });
const plc = assetInputs({ id: 'plc-1', kind: 'plc' });
const target = { assetId: 'plc-1', zoneId: 'z1', siteId: 's1' };

describe('decideSsvc', () => {
  it('decides Act for an actively exploited, automatable, total-impact vulnerability on a PLC', () => {
    const result = decideSsvc(log4shell, plc);
    expect(result.decision).toBe('Act');
    expect(result.mwi.used).toBe('high');
    expect(result.unknown).toEqual([]);
    expect(result.table).toBe('CISA Coordinator v2.0.3');
  });

  it('gives a rationale line per input, then MWI and the table lookup', () => {
    const { rationale } = decideSsvc(log4shell, plc);
    expect(rationale).toEqual([
      'Exploitation: active — listed in CISA KEV → active [source: CISA KEV (added 2021-12-10)]',
      'Automatable: yes — CISA ADP Automatable = yes [source: CISA ADP (Vulnrichment) SSVC 2.0.3]',
      'Technical Impact: total — CISA ADP Technical Impact = total [source: CISA ADP (Vulnrichment) SSVC 2.0.3]',
      expect.stringMatching(/^Mission Prevalence: essential — kind plc: .* \[source: asset kind\]$/),
      'Public Well-being: material — kind plc acts on the physical process → material [source: asset kind]',
      'Mission & Well-being: high — Mission & Well-being: high if essential or irreversible; low if minimal × minimal; else medium (CISA SSVC guide): essential × material → high [source: Mission Prevalence and Public Well-being above]',
      'CISA Coordinator v2.0.3: (active, yes, total, high) → Act',
    ]);
  });

  it('makes every unknown input explicit and uses the documented conservative value', () => {
    const result = decideSsvc(nothingKnown, assetInputs({ id: 'x', kind: 'other' }));
    expect(result.unknown).toEqual(['exploitation', 'automatable', 'technicalImpact', 'missionPrevalence', 'publicWellbeing']);
    expect([result.exploitation.used, result.automatable.used, result.technicalImpact.used, result.missionPrevalence.used, result.publicWellbeing.used]).toEqual([
      'none', 'yes', 'total', 'support', 'material',
    ]);
    expect(result.exploitation.value).toBe('unknown');
    expect(result.decision).toBe('Track'); // (none, yes, total, medium)
    expect(result.rationale[1]).toMatch(/^Automatable: unknown → assumed yes — no CISA ADP Automatable and no valid CVSS vector; unknown → assumed yes \(conservative/);
  });

  it('an unknown asset with active exploitation still gets Act at the assumed medium MWI', () => {
    expect(decideSsvc(log4shell, assetInputs({ id: 'x' })).decision).toBe('Act');
  });

  it('applies overrides by precedence and records them with the derived value', () => {
    const overrides: InputOverride[] = [
      { scope: 'site', scopeId: 's1', input: 'automatable', value: 'yes', by: 'carol', at: '2025-01-01' },
      { scope: 'zone', scopeId: 'z1', input: 'automatable', value: 'no', by: 'bob', at: '2025-01-02', reason: 'cell behind a data diode' },
      { scope: 'asset', scopeId: 'plc-1', input: 'missionPrevalence', value: 'minimal', by: 'alice', at: '2025-01-03', reason: 'spare PLC' },
    ];
    const result = decideSsvc(log4shell, plc, overrides, target);
    expect(result.automatable).toMatchObject({ value: 'no', used: 'no', source: 'user override (zone z1)', override: { by: 'bob', scope: 'zone', reason: 'cell behind a data diode', derived: { value: 'yes' } } });
    expect(result.automatable.notes).toEqual(['override site s1 by carol at 2025-01-01 (yes) shadowed by a more specific one']);
    expect(result.automatable.rule).toBe('override: zone z1 by bob at 2025-01-02 (cell behind a data diode); derived value was yes (CISA ADP Automatable = yes)');
    expect(result.missionPrevalence.used).toBe('minimal');
    // (active, no, total, material → medium) → Attend
    expect(result.decision).toBe('Attend');
  });

  it('an override replaces an unknown, so the input is no longer assumed', () => {
    const overrides: InputOverride[] = [{ scope: 'asset', scopeId: 'plc-1', input: 'exploitation', value: 'public poc', vulnerabilityId: 'CVE-0', by: 'a', at: '2025-01-01' }];
    const result = decideSsvc(nothingKnown, plc, overrides, target);
    expect(result.exploitation).toMatchObject({ value: 'public poc', assumed: false });
    expect(result.unknown).toEqual(['automatable', 'technicalImpact']);
  });

  it('notes an override with an invalid value rather than applying or hiding it', () => {
    const bad = { scope: 'asset', scopeId: 'plc-1', input: 'technicalImpact', value: 'huge', by: 'a', at: '2025-01-01' } as unknown as InputOverride;
    const result = decideSsvc(log4shell, plc, [bad], target);
    expect(result.technicalImpact.used).toBe('total');
    expect(result.technicalImpact.notes).toEqual(['override asset plc-1 by a at 2025-01-01 ignored: "huge" is not a valid Technical Impact']);
  });
});

describe('resolveInput', () => {
  it('uses UNKNOWN_POLICY for every unknown input', () => {
    for (const input of Object.keys(UNKNOWN_POLICY) as Array<keyof typeof UNKNOWN_POLICY>) {
      const step = resolveInput(input, derived('unknown', 'nothing', 'none'));
      expect(step).toMatchObject({ assumed: true, used: UNKNOWN_POLICY[input].value, value: 'unknown' });
    }
  });
});
