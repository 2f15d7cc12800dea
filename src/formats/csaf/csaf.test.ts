import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, haveFixtures } from '../../../test/support/fixtures.js';
import { InputError } from '../../model/errors.js';
import { extractCsaf, fixedVersionFromText, readCsafDocument } from './index.js';

/** Fixtures that the validator rejects, and why a person would agree. They are still extracted. */
const KNOWN_INVALID: Record<string, string> = {
  // Red Hat VEX: tracking.version does not equal the last revision_history number (CSAF 6.1.16).
  'redhat-CVE-2023-20862.json': 'mandatoryTest_6_1_16',
  'redhat-cve-2023-0044.json': 'mandatoryTest_6_1_16',
};

function minimal(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    document: {
      category: 'csaf_base',
      csaf_version: '2.0',
      publisher: { category: 'vendor', name: 'Example', namespace: 'https://example.com' },
      title: 'Example',
      tracking: { id: 'EX-1', status: 'final', version: '1', initial_release_date: '2024-01-01T00:00:00Z', current_release_date: '2024-01-01T00:00:00Z', revision_history: [{ number: '1', date: '2024-01-01T00:00:00Z', summary: 'Initial' }] },
    },
    ...extra,
  };
}

describe.runIf(haveFixtures)('CSAF fixtures', () => {
  const files = ['cisa-ot', 'vendor', 'vex'].flatMap((dir) => readdirSync(fixture('csaf', dir)).filter((name) => name.endsWith('.json')).map((name) => ({ dir, name })));

  it('reads all 42 documents; only the listed ones fail validation', async () => {
    expect(files).toHaveLength(42);
    for (const { dir, name } of files) {
      const result = await readCsafDocument(readFileSync(fixture('csaf', dir, name)), { file: name });
      expect(result.advisory.products.length, name).toBeGreaterThan(0);
      expect(result.specs.length, name).toBeGreaterThan(0);
      const expected = KNOWN_INVALID[name];
      expect(result.valid, name).toBe(expected === undefined);
      expect(result.issues.map((issue) => issue.code), name).toEqual(expected ? [expected] : []);
    }
  });

  it('resolves the Siemens SCALANCE advisory ICSA-24-046-01', async () => {
    const { advisory, specs } = await readCsafDocument(readFileSync(fixture('csaf', 'cisa-ot', 'icsa-24-046-01.json')));
    expect(advisory).toMatchObject({ id: 'ICSA-24-046-01', category: 'csaf_security_advisory', tlp: { label: 'WHITE' }, publisher: { name: 'CISA' } });
    expect(advisory.products).toHaveLength(3);
    expect(advisory.vulnerabilities).toHaveLength(14);
    const product = advisory.products.find((item) => item.productId === 'CSAFPID-0001');
    expect(product).toMatchObject({ vendor: 'Siemens', productName: 'SCALANCE W1750D (JP) (6GK5750-2HX01-1AD0)', versionRange: 'vers:all/*' });
    expect(product?.helpers.modelNumbers).toEqual(['6GK5750-2HX01-1AD0']);
    const first = advisory.vulnerabilities[0];
    expect(first).toMatchObject({ id: 'CVE-2023-45614', productStatus: { known_affected: ['CSAFPID-0001', 'CSAFPID-0002', 'CSAFPID-0003'] } });
    expect(first?.scores[0]).toMatchObject({ vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C', baseScore: 9.8, productIds: ['CSAFPID-0001', 'CSAFPID-0002', 'CSAFPID-0003'] });
    const spec = specs.find((item) => item.vulnerabilityId === 'CVE-2023-45614' && item.product.productId === 'CSAFPID-0002');
    expect(spec).toMatchObject({ kind: 'csaf-product', status: 'affected', csafStatus: 'known_affected', advisoryId: 'ICSA-24-046-01' });
  });

  it('keeps "<V…" and "All versions" names verbatim and finds vendor_fix versions', async () => {
    const { advisory } = await readCsafDocument(readFileSync(fixture('csaf', 'vendor', 'ssa-054046.json')));
    expect(advisory.products).toHaveLength(138);
    expect(advisory.products.some((product) => product.versionRange?.startsWith('vers:'))).toBe(true);
    expect(advisory.vulnerabilities[0]?.remediations.some((remediation) => remediation.fixedVersion === 'V3.1.4')).toBe(true);
  });

  it('reads VEX not-affected statements with their impact justification', async () => {
    const { advisory, specs } = await readCsafDocument(readFileSync(fixture('csaf', 'vex', 'oasis-2022-evd-uc-01-na-001.json')));
    expect(advisory.category).toBe('csaf_vex');
    expect(specs).toHaveLength(1);
    expect(specs[0]).toMatchObject({ vulnerabilityId: 'CVE-2021-44228', status: 'not_affected', impactStatements: ['Class with vulnerable code was removed before shipping.'] });
    const multi = await readCsafDocument(readFileSync(fixture('csaf', 'vex', 'oasis-2022-evd-uc-03-ms-001.json')));
    expect(new Set(multi.specs.map((spec) => spec.status))).toEqual(new Set(['fixed', 'affected', 'not_affected', 'under_investigation']));
  });

  it('resolves relationship products (Red Hat VEX) to their components', async () => {
    const { advisory } = await readCsafDocument(readFileSync(fixture('csaf', 'vex', 'redhat-CVE-2024-34502.json')));
    const related = advisory.products.filter((product) => product.relationship);
    expect(related.length).toBeGreaterThan(0);
    for (const product of related) expect(product.componentIds).toEqual([product.relationship?.productReference, product.relationship?.relatesToProductReference]);
  });
});

describe('CSAF hostile and invalid input', () => {
  it('turns validation failures into issues with JSON pointers and can reject', async () => {
    const document = minimal({ vulnerabilities: [{ cve: 'CVE-2024-1', product_status: { known_affected: ['MISSING'] } }] });
    const result = await readCsafDocument(JSON.stringify(document));
    expect(result.valid).toBe(false);
    expect(result.issues).toContainEqual(expect.objectContaining({ code: 'mandatoryTest_6_1_1', pointer: '/vulnerabilities/0/product_status/known_affected/0' }));
    expect(result.issues).toContainEqual(expect.objectContaining({ code: 'unknown-product' }));
    await expect(readCsafDocument(JSON.stringify(document), { rejectInvalid: true })).rejects.toBeInstanceOf(InputError);
  });

  it('does not loop on relationship cycles', () => {
    const relation = (id: string, a: string, b: string) => ({ category: 'installed_on', product_reference: a, relates_to_product_reference: b, full_product_name: { name: id, product_id: id } });
    const { advisory } = extractCsaf(
      minimal({
        product_tree: {
          full_product_names: [{ name: 'Base', product_id: 'BASE' }],
          relationships: [relation('R1', 'R2', 'BASE'), relation('R2', 'R1', 'BASE'), relation('R3', 'R3', 'R3')],
        },
      }),
    );
    expect(advisory.products.find((product) => product.productId === 'R1')?.componentIds).toEqual(['BASE']);
    expect(advisory.products.find((product) => product.productId === 'R3')?.componentIds).toEqual([]);
  });

  it('bounds branch depth and rejects non-CSAF documents', () => {
    let branch: Record<string, unknown> = { category: 'product_version', name: '1.0', product: { name: 'deep', product_id: 'DEEP' } };
    for (let i = 0; i < 100; i++) branch = { category: 'product_family', name: `f${i}`, branches: [branch] };
    const { advisory, issues } = extractCsaf(minimal({ product_tree: { branches: [branch] } }));
    expect(advisory.products).toHaveLength(0);
    expect(issues[0]?.code).toBe('branch-depth');
    expect(() => extractCsaf({ document: {} })).toThrow(/not a CSAF document/);
  });

  it('extracts fixed versions from remediation text only when clear', () => {
    expect(fixedVersionFromText('Update to V3.1.4 or later version')).toBe('V3.1.4');
    expect(fixedVersionFromText('Upgrade firmware to version 2.07.2')).toBe('2.07.2');
    expect(fixedVersionFromText('Restrict network access')).toBeUndefined();
  });
});
