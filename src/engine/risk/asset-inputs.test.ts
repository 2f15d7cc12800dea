import { describe, expect, it } from 'vitest';
import type { AssetKind } from '../../model/asset.js';
import { deriveExposure, deriveMissionPrevalence, derivePublicWellbeing, type AssetContext } from './asset-inputs.js';

const asset = (extra: Partial<AssetContext>): AssetContext => ({ id: 'a1', ...extra });

describe('Mission Prevalence (standards §7 platform rule)', () => {
  it.each([
    ['plc', 'essential'], ['rtu', 'essential'], ['sis', 'essential'], ['ied', 'essential'], ['hmi', 'essential'],
    ['historian', 'support'], ['ews', 'support'], ['server', 'support'],
    ['workstation', 'minimal'], ['network', 'minimal'], ['gateway', 'minimal'], ['drive', 'minimal'], ['sensor', 'minimal'],
  ] as Array<[AssetKind, string]>)('kind %s → %s', (kind, value) => {
    expect(deriveMissionPrevalence(asset({ kind }))).toMatchObject({ value, source: 'asset kind' });
  });

  it('the owner’s criticality raises it: critical → essential, high → at least support', () => {
    expect(deriveMissionPrevalence(asset({ kind: 'workstation', criticality: 'critical' }))).toMatchObject({ value: 'essential', source: 'asset criticality' });
    expect(deriveMissionPrevalence(asset({ kind: 'network', criticality: 'high' })).value).toBe('support');
    expect(deriveMissionPrevalence(asset({ kind: 'historian', criticality: 'high' })).value).toBe('support');
    expect(deriveMissionPrevalence(asset({ kind: 'plc', criticality: 'low' })).value).toBe('essential');
  });

  it('is unknown for an unknown kind without criticality, minimal once the owner rated it low', () => {
    expect(deriveMissionPrevalence(asset({ kind: 'other' }))).toMatchObject({ value: 'unknown', source: 'none' });
    expect(deriveMissionPrevalence(asset({})).value).toBe('unknown');
    expect(deriveMissionPrevalence(asset({ kind: 'other', criticality: 'low' })).value).toBe('minimal');
  });
});

describe('Public Well-being', () => {
  it('sis or a safety tag → irreversible', () => {
    expect(derivePublicWellbeing(asset({ kind: 'sis' }))).toMatchObject({ value: 'irreversible', rule: 'kind sis (safety instrumented system) → irreversible' });
    expect(derivePublicWellbeing(asset({ kind: 'plc', tags: ['Boiler', 'Life-Safety'] }))).toMatchObject({ value: 'irreversible', source: 'asset tags' });
  });

  it('criticality high/critical or a process-acting kind → material', () => {
    expect(derivePublicWellbeing(asset({ kind: 'historian', criticality: 'critical' })).value).toBe('material');
    expect(derivePublicWellbeing(asset({ kind: 'server', criticality: 'high' })).value).toBe('material');
    for (const kind of ['plc', 'rtu', 'ied', 'drive'] as const) expect(derivePublicWellbeing(asset({ kind })).value).toBe('material');
  });

  it('other known kinds → minimal; nothing known → unknown', () => {
    expect(derivePublicWellbeing(asset({ kind: 'hmi', criticality: 'medium' })).value).toBe('minimal');
    expect(derivePublicWellbeing(asset({ kind: 'other', criticality: 'low' })).value).toBe('minimal');
    expect(derivePublicWellbeing(asset({ kind: 'other' }))).toMatchObject({ value: 'unknown', source: 'none' });
  });
});

describe('Exposure', () => {
  it('takes the asset attribute before the zone attribute', () => {
    expect(deriveExposure(asset({ exposure: 'small', zone: { id: 'z1', exposure: 'open' } }))).toMatchObject({ value: 'small', source: 'asset attribute' });
    expect(deriveExposure(asset({ zone: { id: 'z1', exposure: 'controlled' } }))).toMatchObject({ value: 'controlled', source: 'zone z1 attribute' });
  });

  it('is unknown without an attribute, whatever the Purdue level', () => {
    expect(deriveExposure(asset({ kind: 'plc' }))).toMatchObject({ value: 'unknown', rule: 'no exposure attribute on the asset or its zone' });
  });

  it('notes an invalid attribute value and falls through to the zone', () => {
    const result = deriveExposure(asset({ exposure: 'internet' as never, zone: { id: 'z1', exposure: 'open' } }));
    expect(result.value).toBe('open');
    expect(result.notes).toEqual(['asset exposure "internet" is not open|controlled|small (ignored)']);
  });
});
