import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SbomComponent, SbomDocument } from '../../model/sbom.js';
import { fixture, haveFixtures } from '../../../test/support/fixtures.js';
import { readCycloneDxJson } from '../../formats/cyclonedx/read-json.js';
import { readSpdxJson } from '../../formats/spdx/read.js';
import { scoreSbom } from './quality.js';

function component(ref: string, extra: Partial<SbomComponent> = {}): SbomComponent {
  return { ref, type: 'library', name: ref, hashes: [], licenses: [], licenseNames: [], externalReferences: [], properties: [], components: [], place: {}, ...extra };
}

function document(components: SbomComponent[], extra: Partial<SbomDocument> = {}): SbomDocument {
  return {
    format: 'cyclonedx', specVersion: '1.6', encoding: 'json', components, dependencies: [], otherRefs: [], vex: [],
    metadata: { tools: [], authors: [], lifecycles: [], describes: [], completeness: [] },
    ...extra,
  };
}

describe('scoreSbom', () => {
  it('computes per-element coverage and per-component gaps', () => {
    const full = component('a', {
      version: '1', supplier: { kind: 'organization', name: 'ACME' }, purl: 'pkg:generic/a@1',
      hashes: [{ alg: 'SHA-256', value: 'ab' }], licenses: ['MIT'],
    });
    const bare = component('b');
    const report = scoreSbom(document([full, bare], { dependencies: [{ from: 'a', to: 'x', kind: 'depends-on' }] }));
    expect(report.componentCount).toBe(2);
    const ratio = (e: string) => report.components.find((c) => c.element === e)?.ratio;
    expect(ratio('name')).toBe(1);
    expect(ratio('supplier')).toBe(0.5);
    expect(ratio('dependency')).toBe(0.5);
    expect(ratio('hash')).toBe(0.5);
    expect(report.gaps).toEqual([{ ref: 'b', name: 'b', version: undefined, missing: ['supplier', 'version', 'identifier', 'dependency', 'hash', 'license'] }]);
  });

  it('document elements: author, ISO-8601 timestamp, tool name, lifecycle', () => {
    const good = scoreSbom(document([], {
      metadata: { timestamp: '2024-01-02T03:04:05Z', tools: [{ name: 'syft' }], authors: [{ kind: 'person', name: 'Jo' }], lifecycles: ['build'], describes: [], completeness: [] },
    }));
    expect(good.document.every((d) => d.present)).toBe(true);
    const bad = scoreSbom(document([], { metadata: { timestamp: 'yesterday', tools: [], authors: [], lifecycles: [], describes: [], completeness: [] } }));
    expect(bad.document.find((d) => d.element === 'timestamp')).toMatchObject({ present: false, note: 'not ISO-8601: yesterday' });
    expect(bad.ntiaScore).toBe(0);
  });

  it('nested components count as part of the dependency graph', () => {
    const parent = component('p', { components: [component('child')] });
    const report = scoreSbom(document([parent]));
    expect(report.components.find((c) => c.element === 'dependency')?.present).toBe(2);
  });
});

describe.skipIf(!haveFixtures)('scoreSbom on real SBOMs', () => {
  it('Red Hat 1.6 SBOM: full supplier, version and identifier coverage', async () => {
    const { document: doc } = await readCycloneDxJson(readFileSync(fixture('sbom', 'cyclonedx', '1.6', 'redhat-openssl-3.0.7-18.el9_2.cdx_1.6.sbom.json')));
    const report = scoreSbom(doc);
    expect(report.componentCount).toBe(37);
    for (const e of ['name', 'version', 'identifier']) expect(report.components.find((c) => c.element === e)?.ratio).toBe(1);
    expect(report.document.find((d) => d.element === 'tool-name')?.present).toBe(true);
    expect(report.ntiaScore).toBeGreaterThan(0.5);
  });

  it('SPDX NOASSERTION supplier counts as missing (standards §10 test vector)', () => {
    const { document: doc } = readSpdxJson(readFileSync(fixture('sbom', 'spdx', '2.3', 'example14-examplemaven-0.0.1-enriched.spdx.json')));
    const report = scoreSbom(doc);
    expect(report.gaps.filter((g) => g.missing.includes('supplier')).length).toBeGreaterThan(0);
    expect(report.completeness.noAssertionCount).toBeGreaterThan(0);
  });
});
