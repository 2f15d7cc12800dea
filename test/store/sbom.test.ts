/**
 * SBOM store and service on both databases: every real document in ../shared/fixtures/sbom imports
 * (or is refused for a listed reason), product-version inheritance by assets, exports that read
 * back with no component lost and pass the official schema, VEX carried into exports, diff, and
 * hostile input that leaves the database exactly as it was.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { readCycloneDxJson } from '../../src/formats/cyclonedx/read-json.js';
import { readCycloneDxXml } from '../../src/formats/cyclonedx/read-xml.js';
import { validateCycloneDxJsonText, validateCycloneDxXmlText } from '../../src/formats/cyclonedx/validate.js';
import { readSpdxJson } from '../../src/formats/spdx/read.js';
import { validateSpdxJsonText } from '../../src/formats/spdx/validate.js';
import { BulwarkError, InputError, LimitError } from '../../src/model/errors.js';
import { flattenComponents, type SbomDocument } from '../../src/model/sbom.js';
import { importInventoryFile } from '../../src/services/inventory.js';
import { diffSbomSources, exportSbom, importSbom, parseProductSpec, sbomsOfAsset } from '../../src/services/sbom.js';
import { listAssets } from '../../src/store/repositories/assets.js';
import {
  countSbomRows, getSbom, listComponents, listProductVersions, listSboms, loadSbomDocument,
} from '../../src/store/repositories/sbom.js';
import { fixture, haveFixtures } from '../support/fixtures.js';
import { describeEachDialect } from '../support/stores.js';
import { ORG } from '../support/scope.js';

const SBOM_DIR = fixture('sbom');
const walk = (dir: string): string[] =>
  readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : name.endsWith('.md') ? [] : [path];
  });

/**
 * Fixtures that are refused, and why. These two carry no component at all: the SaaSBOM describes
 * services only, and the schema test resource holds nothing but a manufacturer in its metadata.
 */
const REFUSED: Record<string, RegExp> = {
  'cyclonedx/1.5/valid-metadata-manufacture-1.5.json': /lists no components/,
  'cyclonedx/1.5/valid-metadata-manufacture-1.5.xml': /lists no components/,
  'cyclonedx/1.6/valid-metadata-manufacture-1.6.json': /lists no components/,
  'cyclonedx/1.6/valid-metadata-manufacture-1.6.xml': /lists no components/,
};

const keys = (doc: SbomDocument) =>
  [...(doc.metadata.component ? [doc.metadata.component] : []), ...flattenComponents(doc.components)].map((c) => `${c.name}|${c.version ?? ''}|${c.purl ?? ''}`).sort();

const CSV = [
  'name,kind,vendor,model,firmware,serial',
  'PLC-A,plc,Siemens,SIMATIC S7-1500 CPU 1516-3 PN/DP,V3.1,S1',
  'PLC-B,plc,siemens ,SIMATIC  S7-1500 CPU 1516-3 PN/DP,3.1.0,S2',
  'PLC-C,plc,Siemens,SIMATIC S7-1500 CPU 1516-3 PN/DP,V2.9.4,S3',
  'HMI-1,hmi,Siemens,TP1200 Comfort,V17,S4',
].join('\n');

const FIRMWARE = (version: string, extra: object[] = []) =>
  JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    version: 1,
    metadata: {
      timestamp: '2025-01-01T00:00:00Z',
      tools: { components: [{ type: 'application', name: 'vendor-sbom-tool' }] },
      component: { type: 'firmware', 'bom-ref': 'fw', name: 'S7-1500 firmware', version, supplier: { name: 'Siemens' } },
    },
    components: [
      { type: 'library', 'bom-ref': 'openssl', name: 'openssl', version: version === 'V3.1' ? '3.0.7' : '1.1.1k', purl: `pkg:generic/openssl@${version === 'V3.1' ? '3.0.7' : '1.1.1k'}`, licenses: [{ expression: 'Apache-2.0' }], supplier: { name: 'OpenSSL' } },
      { type: 'library', 'bom-ref': 'zlib', name: 'zlib', version: '1.2.13', purl: 'pkg:generic/zlib@1.2.13', hashes: [{ alg: 'SHA-256', content: 'a'.repeat(64) }] },
      ...extra,
    ],
    dependencies: [{ ref: 'fw', dependsOn: ['openssl', 'zlib'] }, { ref: 'openssl', dependsOn: ['zlib'] }],
  });

async function rejection(promise: Promise<unknown>): Promise<BulwarkError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BulwarkError);
    return error as BulwarkError;
  }
  throw new Error('expected the import to be refused');
}

describeEachDialect('SBOM store', (h) => {
  it.skipIf(!haveFixtures)('imports every fixture through the service, or refuses it for a listed reason', { timeout: 120_000 }, async () => {
    const files = walk(SBOM_DIR);
    expect(files.length).toBeGreaterThanOrEqual(49);
    const outcomes: string[] = [];
    for (const file of files) {
      const name = relative(SBOM_DIR, file);
      const refused = REFUSED[name];
      const before = await countSbomRows(h.store.db);
      try {
        const report = await importSbom(h.store, { name, bytes: readFileSync(file) }, { scope: ORG });
        expect(refused, `${name} was expected to be refused`).toBeUndefined();
        expect(report.status).toBe('imported');
        const stored = await loadSbomDocument(h.store.db, ORG, report.id);
        if (report.kind === 'sbom') {
          const original = (await importSbom(h.store, { name, bytes: readFileSync(file) }, { scope: ORG })).id;
          expect(original).toBe(report.id); // the same bytes again: unchanged
          expect(stored!.components.length + (stored!.metadata.component ? 1 : 0)).toBeGreaterThan(0);
          expect(report.components).toBe(flattenComponents(stored!.components).length);
        } else {
          expect(report.vexStatements).toBeGreaterThan(0);
        }
        outcomes.push(`${report.kind}:${name}`);
      } catch (error) {
        if (!refused) throw new Error(`${name}: ${(error as Error).message}`, { cause: error });
        expect((error as Error).message).toMatch(refused);
        expect(await countSbomRows(h.store.db)).toEqual(before);
        outcomes.push(`refused:${name}`);
      }
    }
    expect(outcomes.filter((o) => o.startsWith('refused:'))).toHaveLength(Object.keys(REFUSED).length);
    // The OpenVEX documents and the CycloneDX VEX documents land as VEX.
    expect(outcomes.filter((o) => o.startsWith('vex:')).length).toBeGreaterThanOrEqual(11);
  });

  it('attaches to a product version that matching assets inherit (case, spacing and firmware spelling ignored)', async () => {
    await importInventoryFile(h.store, Buffer.from(CSV), { scope: ORG, sourceName: 'plant.csv' });
    const product = parseProductSpec('Siemens/SIMATIC S7-1500 CPU 1516-3 PN/DP/V3.1');
    expect(product).toEqual({ vendor: 'Siemens', product: 'SIMATIC S7-1500 CPU 1516-3 PN/DP', version: 'V3.1' });
    const report = await importSbom(h.store, { name: 'fw-3.1.cdx.json', bytes: Buffer.from(FIRMWARE('V3.1')) }, { scope: ORG, product });
    expect(report).toMatchObject({ status: 'imported', kind: 'sbom', components: 2, dependencies: 3, inheritedBy: 2 });
    expect(report.productVersion).toMatchObject({ vendor: 'Siemens', version: 'V3.1' });

    const { items } = await listAssets(h.store.db, ORG, { limit: 10, offset: 0 });
    const byName = new Map(items.map((a) => [a.name, a.id]));
    for (const name of ['PLC-A', 'PLC-B']) {
      const applied = await sbomsOfAsset(h.store, ORG, byName.get(name)!);
      expect(applied.sboms.map((s) => [s.sbom.id, s.via])).toEqual([[report.id, 'product-version']]);
    }
    expect((await sbomsOfAsset(h.store, ORG, byName.get('PLC-C')!)).sboms).toEqual([]);

    // A second product version (older firmware), an SBOM of the HMI itself, and the list of product versions.
    const older = await importSbom(h.store, { name: 'fw-2.9.cdx.json', bytes: Buffer.from(FIRMWARE('V2.9.4')) }, { scope: ORG, product: parseProductSpec('SIEMENS/simatic s7-1500 cpu 1516-3 pn/dp/v2.9.4') });
    expect(older.inheritedBy).toBe(1);
    const own = await importSbom(h.store, { name: 'hmi.cdx.json', bytes: Buffer.from(FIRMWARE('V17')) }, { scope: ORG, assetId: byName.get('HMI-1')! });
    expect(own.asset).toEqual({ id: byName.get('HMI-1'), name: 'HMI-1' });
    const pvs = await listProductVersions(h.store.db, ORG);
    expect(pvs.map((p) => [p.version, p.assetCount, p.sbomCount])).toEqual([['v2.9.4', 1, 1], ['V3.1', 2, 1]]);

    // Same bytes for the same product: unchanged, nothing new written.
    const rows = await countSbomRows(h.store.db);
    expect((await importSbom(h.store, { name: 'again.json', bytes: Buffer.from(FIRMWARE('V3.1')) }, { scope: ORG, product })).status).toBe('unchanged');
    expect(await countSbomRows(h.store.db)).toEqual(rows);

    // Diff of two product versions.
    const diff = await diffSbomSources(h.store, ORG, { product: parseProductSpec('Siemens/SIMATIC S7-1500 CPU 1516-3 PN/DP/V2.9.4') }, { product });
    expect(diff.changed.map((c) => [c.after.name, c.changes.map((x) => x.field)])).toEqual([
      ['S7-1500 firmware', ['version']],
      ['openssl', ['version']],
    ]);
    expect(diff.unchanged).toBe(1);

    const list = await listSboms(h.store.db, ORG, { limit: 10, offset: 0, q: 'v2.9.4' });
    expect(list.items.map((s) => s.id)).toEqual([older.id]);
    const comps = await listComponents(h.store.db, [report.id], { limit: 10, offset: 0, missing: 'hash' });
    expect(comps.items.map((c) => c.name)).toEqual(['openssl']);
    const mit = await listComponents(h.store.db, [report.id], { limit: 10, offset: 0, license: 'Apache-2.0' });
    expect(mit.items.map((c) => c.name)).toEqual(['openssl']);
    const detail = await getSbom(h.store.db, ORG, report.id);
    expect(detail?.quality?.licenses).toEqual([{ license: '(none)', count: 1 }, { license: 'Apache-2.0', count: 1 }]);
  });

  it.skipIf(!haveFixtures)('exports CycloneDX JSON/XML and SPDX that pass the schema and read back with no component lost, with VEX', { timeout: 60_000 }, async () => {
    const product = parseProductSpec('Red Hat/openssl/3.0.7-18.el9_2');
    const bom = await importSbom(h.store, { name: 'openssl.json', bytes: readFileSync(fixture('sbom', 'cyclonedx', '1.6', 'redhat-openssl-3.0.7-18.el9_2.cdx_1.6.sbom.json')) }, { scope: ORG, product });
    const original = (await loadSbomDocument(h.store.db, ORG, bom.id))!;
    const purl = original.components[0]!.purl!;
    // An OpenVEX document naming one of the components by purl, imported on its own.
    const openvex = JSON.stringify({
      '@context': 'https://openvex.dev/ns/v0.2.0',
      '@id': 'https://example.com/vex/1',
      author: 'PSIRT',
      timestamp: '2025-01-01T00:00:00Z',
      version: 1,
      statements: [{ vulnerability: { name: 'CVE-2023-0286' }, products: [{ '@id': purl }], status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' }],
    });
    await importSbom(h.store, { name: 'psirt.openvex.json', bytes: Buffer.from(openvex) }, { scope: ORG });
    const findings = [{
      vulnerabilityId: 'CVE-2024-9999', aliases: [], productRefs: [purl], subcomponentRefs: [], status: 'affected' as const,
      actionStatement: 'update to the next firmware', responses: ['update'], original: { format: 'openvex' as const, status: 'affected' }, place: {},
    }];

    const json = await exportSbom(h.store, ORG, { product }, 'cyclonedx-json', { statements: findings });
    expect(await validateCycloneDxJsonText(json.body, '1.6')).toEqual([]);
    const back = (await readCycloneDxJson(json.body)).document;
    expect(keys(back)).toEqual(keys(original));
    expect(back.vex.map((s) => [s.vulnerabilityId, s.status])).toEqual([['CVE-2023-0286', 'not_affected'], ['CVE-2024-9999', 'affected']]);
    expect(back.vex[1]?.responses).toEqual(['update']);

    const xml = await exportSbom(h.store, ORG, { sbomId: bom.id }, 'cyclonedx-xml');
    expect(await validateCycloneDxXmlText(xml.body, '1.6')).toEqual([]);
    expect(keys((await readCycloneDxXml(xml.body)).document)).toEqual(keys(original));

    const spdx = await exportSbom(h.store, ORG, { product }, 'spdx-json');
    expect(validateSpdxJsonText(spdx.body, '2.3')).toEqual([]);
    const spdxBack = readSpdxJson(spdx.body);
    expect(spdxBack.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(keys(spdxBack.document)).toEqual(keys(original));
  });

  it('exports an asset that has its own SBOM and inherits another as one valid document', async () => {
    await importInventoryFile(h.store, Buffer.from(CSV), { scope: ORG, sourceName: 'plant.csv' });
    const { items } = await listAssets(h.store.db, ORG, { limit: 10, offset: 0, q: 'PLC-A' });
    const asset = items[0]!;
    await importSbom(h.store, { name: 'fw.json', bytes: Buffer.from(FIRMWARE('V3.1')) }, { scope: ORG, product: parseProductSpec('Siemens/SIMATIC S7-1500 CPU 1516-3 PN/DP/V3.1') });
    await importSbom(h.store, { name: 'app.json', bytes: Buffer.from(FIRMWARE('V3.1', [{ type: 'application', 'bom-ref': 'plc-app', name: 'plant logic', version: '7' }])) }, { scope: ORG, assetId: asset.id });
    const out = await exportSbom(h.store, ORG, { assetId: asset.id }, 'cyclonedx-json');
    expect(await validateCycloneDxJsonText(out.body, '1.6')).toEqual([]);
    const back = (await readCycloneDxJson(out.body)).document;
    expect(back.metadata.component).toMatchObject({ type: 'device', name: 'SIMATIC S7-1500 CPU 1516-3 PN/DP', version: 'V3.1' });
    // 3 + 4 components (subjects included); the refs of the second document were renamed apart.
    expect(flattenComponents(back.components)).toHaveLength(7);
    expect(new Set(flattenComponents(back.components).map((c) => c.ref)).size).toBe(7);
  });

  it('refuses hostile and broken input with its place, leaving the database unchanged', async () => {
    const before = await countSbomRows(h.store.db);
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE bom [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"><components><component type="library"><name>&xxe;</name></component></components></bom>`;
    const laughs = `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component type="library"><name>&lol2;</name></component></components></bom>`;
    for (const [name, text, code, place] of [
      ['xxe.xml', xxe, 'xml-doctype-refused', { line: 2 }],
      ['laughs.xml', laughs, 'xml-doctype-refused', { line: 2 }],
      ['truncated.json', FIRMWARE('V3.1').slice(0, 200), 'invalid-json', { line: 1 }],
      ['schema.json', FIRMWARE('V3.1').replace('"type":"library"', '"type":"toaster"'), 'invalid-sbom', { pointer: '/components/0/type' }],
      ['not-an-sbom.json', '{"hello": "world"}', 'unknown-sbom-format', {}],
    ] as const) {
      const error = await rejection(importSbom(h.store, { name, bytes: Buffer.from(text) }, { scope: ORG, product: parseProductSpec('Acme/Widget/1.0') }));
      expect(error.code, name).toBe(code);
      const issues = error instanceof InputError ? error.issues : [];
      if ('line' in place) expect(error.place?.line ?? issues[0]?.line, name).toBe(place.line);
      if ('pointer' in place) expect(issues.map((i) => i.pointer), name).toContain(place.pointer);
      expect(await countSbomRows(h.store.db), name).toEqual(before);
    }
    const big = await rejection(importSbom(h.store, { name: 'big.json', bytes: Buffer.alloc(2048, 0x20) }, { scope: ORG, maxBytes: 1024 }));
    expect(big).toBeInstanceOf(LimitError);
    expect(await countSbomRows(h.store.db)).toEqual(before);
    await expect(importSbom(h.store, { name: 'x.json', bytes: Buffer.from(FIRMWARE('V3.1')) }, { scope: ORG, assetId: 'no-such-asset' })).rejects.toThrow(/asset no-such-asset not found/);
    expect(() => parseProductSpec('Siemens/V3.1')).toThrow(/VENDOR\/PRODUCT\/VERSION/);
    expect(await countSbomRows(h.store.db)).toEqual(before);
  });

  it('imports with warnings and their places: duplicate bom-refs, cycles, invalid purls and licences', async () => {
    const doc = JSON.parse(FIRMWARE('V3.1'));
    doc.components.push(
      { type: 'library', 'bom-ref': 'zlib', name: 'zlib-copy', version: '1' },
      { type: 'library', 'bom-ref': 'bad', name: 'bad', version: '1', purl: 'pkg:/nonsense', licenses: [{ expression: 'MIT AND AND GPL' }] },
    );
    doc.dependencies.push({ ref: 'zlib', dependsOn: ['openssl'] });
    const report = await importSbom(h.store, { name: 'flawed.json', bytes: Buffer.from(JSON.stringify(doc)) }, { scope: ORG });
    const byCode = new Map(report.issues.map((i) => [i.code, i]));
    expect(byCode.get('duplicate-ref')?.pointer).toBe('/components/2');
    expect(byCode.get('dependency-cycle')?.message).toMatch(/openssl → zlib → openssl|zlib → openssl → zlib/);
    expect(byCode.get('invalid-purl')?.pointer).toBe('/components/3');
    expect(byCode.get('invalid-license')?.pointer).toBe('/components/3');
    expect((await getSbom(h.store.db, ORG, report.id))?.issueCount).toBe(report.issueCount);
  });

  it('rolls back a failing import entirely', async () => {
    const before = await countSbomRows(h.store.db);
    // Two components with the same position cannot be written: the store refuses mid-import.
    const doc = JSON.parse(FIRMWARE('V3.1'));
    const bytes = Buffer.from(JSON.stringify(doc));
    const store = h.store;
    const originalTransaction = store.db.transaction.bind(store.db);
    let failed = false;
    // Fail after the SBOM row and its components were written, inside the transaction.
    (store.db as unknown as { transaction: () => unknown }).transaction = () => {
      const builder = originalTransaction();
      return {
        execute: (fn: (trx: unknown) => Promise<unknown>) =>
          builder.execute(async (trx) => {
            await fn(trx);
            failed = true;
            throw new Error('disk full');
          }),
      };
    };
    try {
      await expect(importSbom(store, { name: 'x.json', bytes }, { scope: ORG, product: parseProductSpec('Acme/Widget/2.0') })).rejects.toThrow(/disk full/);
    } finally {
      (store.db as unknown as { transaction: unknown }).transaction = originalTransaction;
    }
    expect(failed).toBe(true);
    expect(await countSbomRows(store.db)).toEqual(before);
  });
});
