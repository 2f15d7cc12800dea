import { describe, expect, it } from 'vitest';
import type { AssetFacts, AssetProvenance, Provenance } from '../../model/asset.js';
import { decodeProvenance, encodeProvenance } from './provenance-codec.js';

const imported: Provenance = { observationId: 'o1', sourceKind: 'import', sourceName: 'plant.csv', observedAt: '2026-01-01T00:00:00.000Z', confidence: 0.9 };
const manual: Provenance = { observationId: 'o2', sourceKind: 'manual', sourceName: 'ana', observedAt: '2026-02-01T00:00:00.000Z', confidence: 1 };

describe('provenance codec', () => {
  it('round-trips mixed sources, list values and custom keys', () => {
    const facts: AssetFacts = { name: 'PLC-1', kind: 'plc', vendor: 'Siemens', ips: ['10.0.0.1', '10.0.0.2'], custom: { rack: '4', bay: '2' } };
    const p: AssetProvenance = {
      name: imported, kind: imported, vendor: manual,
      ips: { '10.0.0.1': imported, '10.0.0.2': manual },
      custom: { rack: imported, bay: manual },
    };
    const text = encodeProvenance(p, facts);
    expect(decodeProvenance(text, facts)).toEqual(p);
    // The common source is written once and not repeated per attribute.
    expect(text.split('plant.csv').length - 1).toBe(1);
    expect(JSON.parse(text).a).not.toHaveProperty('name');
  });

  it('keeps a value the platform filled in without provenance', () => {
    const facts: AssetFacts = { name: 'RTU-9', kind: 'other', tags: ['x'] };
    const p: AssetProvenance = { name: imported };
    const decoded = decodeProvenance(encodeProvenance(p, facts), facts);
    expect(decoded.name).toEqual(imported);
    expect(decoded.kind).toBeUndefined();
    expect(decoded.tags).toEqual({});
  });

  it('reads rows written in the earlier compact and expanded forms', () => {
    const facts: AssetFacts = { name: 'HMI', kind: 'hmi' };
    const older = JSON.stringify({ s: [['o1', 'import', 'plant.csv', imported.observedAt, 0.9]], a: { name: 0, kind: 0 } });
    expect(decodeProvenance(older, facts)).toEqual({ name: imported, kind: imported });
    expect(decodeProvenance(JSON.stringify({ name: manual }), facts)).toEqual({ name: manual });
  });
});
