import { describe, expect, it } from 'vitest';
import type { SbomComponent, SbomDocument } from '../../model/sbom.js';
import { componentKey, diffSboms } from './diff.js';

function component(name: string, extra: Partial<SbomComponent> = {}): SbomComponent {
  return { ref: name, type: 'library', name, hashes: [], licenses: [], licenseNames: [], externalReferences: [], properties: [], components: [], place: {}, ...extra };
}

function document(components: SbomComponent[]): SbomDocument {
  return {
    format: 'cyclonedx', specVersion: '1.6', encoding: 'json', components, dependencies: [], otherRefs: [], vex: [],
    metadata: { tools: [], authors: [], lifecycles: [], describes: [], completeness: [] },
  };
}

describe('componentKey', () => {
  it('uses the purl without its version, keeping qualifiers', () => {
    expect(componentKey(component('x', { purl: 'pkg:rpm/redhat/openssl@3.0.7?arch=x86_64' }))).toBe('pkg:rpm/redhat/openssl?arch=x86_64');
    expect(componentKey(component('x', { purl: 'pkg:3bad/x@1?a=b' }))).toBe('pkg:3bad/x?a=b');
  });
  it('falls back to group/name', () => {
    expect(componentKey(component('Core', { group: 'Acme' }))).toBe('name:acme/core');
  });
});

describe('diffSboms', () => {
  it('finds added, removed and changed components with the changed fields', () => {
    const before = document([
      component('a', { purl: 'pkg:npm/a@1.0.0', version: '1.0.0', licenses: ['MIT'], hashes: [{ alg: 'SHA-256', value: '11' }] }),
      component('gone', { version: '1' }),
      component('same', { version: '2' }),
      component('firmware', { version: '4.2', supplier: { kind: 'organization', name: 'Old Co' } }),
    ]);
    const after = document([
      component('a', { purl: 'pkg:npm/a@1.1.0', version: '1.1.0', licenses: ['Apache-2.0'], hashes: [{ alg: 'SHA-256', value: '22' }] }),
      component('same', { version: '2' }),
      component('firmware', { version: '4.2', supplier: { kind: 'organization', name: 'New Co' } }),
      component('new', { version: '0.1' }),
    ]);
    const diff = diffSboms(before, after);
    expect(diff.added.map((c) => c.name)).toEqual(['new']);
    expect(diff.removed.map((c) => c.name)).toEqual(['gone']);
    expect(diff.unchanged).toBe(1);
    const a = diff.changed.find((c) => c.key === 'pkg:npm/a');
    expect(a?.changes.map((c) => c.field)).toEqual(['version', 'hashes', 'licenses']);
    expect(a?.changes[0]).toEqual({ field: 'version', before: '1.0.0', after: '1.1.0' });
    expect(diff.changed.find((c) => c.key === 'name:firmware')?.changes).toEqual([{ field: 'supplier', before: 'Old Co', after: 'New Co' }]);
  });

  it('pairs several versions of one package like with like', () => {
    const before = document([component('l1', { name: 'lodash', purl: 'pkg:npm/lodash@4.17.20', version: '4.17.20' }), component('l2', { name: 'lodash', purl: 'pkg:npm/lodash@3.10.1', version: '3.10.1' })]);
    const after = document([component('l2', { name: 'lodash', purl: 'pkg:npm/lodash@3.10.1', version: '3.10.1' }), component('l3', { name: 'lodash', purl: 'pkg:npm/lodash@4.17.21', version: '4.17.21' })]);
    const diff = diffSboms(before, after);
    expect(diff.unchanged).toBe(1);
    expect(diff.changed).toHaveLength(1);
    expect(diff.changed[0]?.changes[0]).toEqual({ field: 'version', before: '4.17.20', after: '4.17.21' });
  });

  it('a newly added hash algorithm is not a change', () => {
    const before = document([component('a', { version: '1', hashes: [{ alg: 'SHA-1', value: 'aa' }] })]);
    const after = document([component('a', { version: '1', hashes: [{ alg: 'SHA-1', value: 'aa' }, { alg: 'SHA-256', value: 'bb' }] })]);
    expect(diffSboms(before, after)).toMatchObject({ changed: [], unchanged: 1 });
  });

  it('compares nested components too', () => {
    const before = document([component('dev', { components: [component('fw', { version: '1' })] })]);
    const after = document([component('dev', { components: [component('fw', { version: '2' })] })]);
    expect(diffSboms(before, after).changed[0]?.key).toBe('name:fw');
  });
});
