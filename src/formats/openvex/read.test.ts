import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../model/errors.js';
import { fixture, haveFixtures } from '../../../test/support/fixtures.js';
import { readOpenVex } from './read.js';

const doc = (statements: unknown[]) => JSON.stringify({ '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'x', author: 'a', timestamp: '2024-01-01T00:00:00Z', version: 1, statements });

describe.skipIf(!haveFixtures)('OpenVEX fixtures', () => {
  it.each(readdirSync(fixture('sbom', 'openvex')))('%s reads', (file) => {
    const result = readOpenVex(readFileSync(fixture('sbom', 'openvex', file)));
    expect(result.statements.length).toBeGreaterThan(0);
    for (const s of result.statements) expect(s.productRefs.length).toBeGreaterThan(0);
  });

  it('guac not_affected: subcomponents, justification, impact statement', () => {
    const { statements, author } = readOpenVex(readFileSync(fixture('sbom', 'openvex', 'guac-open-vex-not-affected.json')));
    expect(author).toBe('Wolfi J. Inkinson');
    expect(statements[0]).toMatchObject({
      vulnerabilityId: 'CVE-2023-12345',
      status: 'not_affected',
      justification: 'inline_mitigations_already_exist',
      productRefs: ['pkg:oci/git@sha256:23a264e6e429852221a963e9f17338ba3f5796dc7086e46439a6f4482cf6e0cb'],
      subcomponentRefs: ['pkg:apk/alpine/git@2.38.1-r0?arch=x86_64', 'pkg:apk/alpine/git@2.38.1-r0?arch=ppc64le'],
    });
  });

  it('sample history: aliases kept, the statement without a timestamp inherits the document one', () => {
    const { statements } = readOpenVex(readFileSync(fixture('sbom', 'openvex', 'vexctl-sample-history.openvex.json')));
    expect(statements[0]?.aliases).toEqual(['SNYK-DEBIAN12-LIBDE265-3361563']);
    expect(statements[0]?.timestamp).toBe('2023-08-15T19:55:22.076684217-06:00');
    expect(statements[1]?.timestamp).toBe('2023-08-16T19:55:22.076684217-06:00');
  });
});

describe('OpenVEX rules', () => {
  it('rejects not_affected without justification or impact_statement (standards §9 test vector)', () => {
    const text = doc([{ vulnerability: { name: 'CVE-1' }, products: [{ '@id': 'pkg:npm/a@1' }], status: 'not_affected' }]);
    const error = (() => {
      try {
        readOpenVex(text);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues).toEqual([expect.objectContaining({ code: 'vex-missing-justification', pointer: '/statements/0' })]);
  });

  it('rejects an unknown status and an unknown justification', () => {
    expect(() => readOpenVex(doc([{ vulnerability: { name: 'CVE-1' }, products: ['p'], status: 'maybe' }]))).toThrow(InputError);
    expect(() => readOpenVex(doc([{ vulnerability: { name: 'CVE-1' }, products: ['p'], status: 'not_affected', justification: 'trust_me' }]))).toThrow(InputError);
  });

  it('accepts the v0.0.x shape (string vulnerability and products)', () => {
    const { statements } = readOpenVex(doc([{ vulnerability: 'CVE-2', products: ['pkg:npm/a@1'], status: 'fixed' }]));
    expect(statements[0]).toMatchObject({ vulnerabilityId: 'CVE-2', productRefs: ['pkg:npm/a@1'], status: 'fixed' });
  });

  it('affected without action_statement is only a warning', () => {
    const result = readOpenVex(doc([{ vulnerability: { name: 'CVE-3' }, products: ['p'], status: 'affected' }]));
    expect(result.statements).toHaveLength(1);
    expect(result.issues).toContainEqual(expect.objectContaining({ code: 'vex-missing-action', severity: 'warning' }));
  });

  it('refuses what is not OpenVEX', () => {
    expect(() => readOpenVex('{"bomFormat":"CycloneDX"}')).toThrow(/OpenVEX/);
    expect(() => readOpenVex('{"@context": "x", "statements": [')).toThrow(InputError);
  });
});
