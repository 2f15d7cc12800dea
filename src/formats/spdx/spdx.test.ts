import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../model/errors.js';
import { fixture, haveFixtures } from '../../../test/support/fixtures.js';
import { readSpdxJson, readSpdxTagValue } from './read.js';
import { validateSpdxJsonText } from './validate.js';
import { writeSpdxJson } from './write.js';
import { readCycloneDxJson } from '../cyclonedx/read-json.js';

const spdx = (...parts: string[]) => readFileSync(fixture('sbom', 'spdx', ...parts));
const readAny = (folder: string, file: string) => (file.endsWith('.json') ? readSpdxJson(spdx(folder, file)) : readSpdxTagValue(spdx(folder, file)));

describe.skipIf(!haveFixtures)('SPDX fixtures', () => {
  const files = ['2.2', '2.3'].flatMap((folder) => readdirSync(fixture('sbom', 'spdx', folder)).map((file) => [folder, file] as const));

  it.each(files)('%s/%s reads with no error-level issue', (folder, file) => {
    const { document, issues } = readAny(folder, file);
    expect(document.format).toBe('spdx');
    expect(document.components.length).toBeGreaterThan(0);
    expect(document.metadata.describes.length).toBeGreaterThan(0);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('example11 (2.3 JSON): purls, DESCRIBES, creation info', () => {
    const { document } = readAny('2.3', 'example11-rust-sbom.spdx.json');
    expect(document.specVersion).toBe('2.3');
    expect(document.components).toHaveLength(4);
    expect(document.components[0]).toMatchObject({ name: 'hello-server-src', version: '0.1.0', licenses: ['Apache-2.0'] });
    expect(document.components.some((c) => c.purl === 'pkg:deb/debian/libselinux1-dev@3.1-3?arch=s390x')).toBe(true);
    expect(document.metadata.timestamp).toBe('2022-11-03T07:10:10Z');
    expect(document.metadata.tools[0]?.name).toBe('sigs.k8s.io/bom/pkg/spdx');
  });

  it('example6-lib (2.2 tag-value): packages, supplier, checksums, lines', () => {
    const { document } = readAny('2.2', 'example6-lib.spdx');
    expect(document.components).toHaveLength(5);
    const go = document.components[0];
    expect(go).toMatchObject({ name: 'go-1.15', version: '1.15.4', licenses: ['LicenseRef-Golang-BSD-plus-Patents'] });
    expect(go?.supplier).toMatchObject({ kind: 'organization', name: 'Canonical Ltd.' });
    expect(go?.place.line).toBeGreaterThan(1);
    expect(document.components.some((c) => c.hashes.length > 0)).toBe(true);
    expect(document.dependencies.length).toBe(4);
  });

  it('example1 (tag-value): DESCRIBES, tools from creators, SHA1 normalised', () => {
    const { document } = readAny('2.2', 'example1.spdx');
    expect(document.metadata.describes).toEqual(['SPDXRef-Package-hello']);
    expect(document.metadata.authors[0]).toMatchObject({ kind: 'person', name: 'Steve Winslow', email: 'steve@swinslow.net' });
    expect(document.metadata.tools.map((t) => t.name)).toContain('github.com/spdx/tools-golang/builder');
    expect(document.otherRefs).toContain('SPDXRef-hello-binary');
  });

  it('NOASSERTION supplier means no supplier, and is counted', () => {
    const { document } = readAny('2.3', 'example14-examplemaven-0.0.1-enriched.spdx.json');
    expect(document.components).toHaveLength(6);
    expect(document.metadata.noAssertionCount).toBeGreaterThan(0);
    for (const c of document.components) expect(c.supplier?.name).not.toBe('NOASSERTION');
  });

  it('writes SPDX 2.3 that reads back with no package lost', () => {
    for (const [folder, file] of files) {
      const before = readAny(folder, file).document;
      const after = readSpdxJson(writeSpdxJson(before)).document;
      expect(after.components.map((c) => [c.name, c.version, c.purl]).sort()).toEqual(before.components.map((c) => [c.name, c.version, c.purl]).sort());
      // Described files are not packages and are not written; described packages all survive.
      const describedPackages = before.metadata.describes.filter((ref) => before.components.some((c) => c.ref === ref));
      expect(after.metadata.describes).toHaveLength(describedPackages.length);
    }
  });

  it('CycloneDX → SPDX → read back keeps components, purls, licences and dependencies', async () => {
    const cdx = (await readCycloneDxJson(readFileSync(fixture('sbom', 'cyclonedx', '1.4', 'laravel-7.12.0.bom.1.4.json')))).document;
    const back = readSpdxJson(writeSpdxJson(cdx)).document;
    expect(back.components).toHaveLength(cdx.components.length + (cdx.metadata.component ? 1 : 0));
    const guzzle = back.components.find((c) => c.name === 'guzzle');
    expect(guzzle).toMatchObject({ version: '6.5.8', purl: 'pkg:composer/guzzlehttp/guzzle@6.5.8', licenses: ['MIT'] });
    expect(back.dependencies.filter((d) => d.kind === 'depends-on').length).toBeGreaterThan(0);
  });
});

describe('SPDX 3.0 JSON-LD', () => {
  const graph = {
    '@context': 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld',
    '@graph': [
      { type: 'CreationInfo', '@id': '_:ci', specVersion: '3.0.1', created: '2024-05-01T00:00:00Z', createdBy: ['urn:acme'], createdUsing: ['urn:tool'] },
      { type: 'Organization', spdxId: 'urn:acme', name: 'ACME', creationInfo: '_:ci' },
      { type: 'Tool', spdxId: 'urn:tool', name: 'acme-sbom', creationInfo: '_:ci' },
      { type: 'SpdxDocument', spdxId: 'urn:doc', creationInfo: '_:ci', rootElement: ['urn:app'] },
      {
        type: 'software_Package', spdxId: 'urn:app', name: 'plc-app', software_packageVersion: '2.1', software_primaryPurpose: 'firmware', suppliedBy: 'urn:acme',
        software_packageUrl: 'pkg:generic/acme/plc-app@2.1', creationInfo: '_:ci',
        verifiedUsing: [{ type: 'Hash', algorithm: 'sha256', hashValue: 'ABCDEF' }],
      },
      { type: 'software_Package', spdxId: 'urn:lib', name: 'zlib', software_packageVersion: '1.3', externalIdentifier: [{ type: 'ExternalIdentifier', externalIdentifierType: 'packageUrl', identifier: 'pkg:generic/zlib@1.3' }], creationInfo: '_:ci' },
      { type: 'simplelicensing_LicenseExpression', spdxId: 'urn:lic', simplelicensing_licenseExpression: 'Zlib', creationInfo: '_:ci' },
      { type: 'Relationship', spdxId: 'urn:r1', from: 'urn:app', to: ['urn:lib'], relationshipType: 'dependsOn', creationInfo: '_:ci' },
      { type: 'Relationship', spdxId: 'urn:r2', from: 'urn:lib', to: ['urn:lic'], relationshipType: 'hasDeclaredLicense', creationInfo: '_:ci' },
    ],
  };

  it('reads packages, versions, purls, hashes, licences, relationships and creation info', () => {
    const { document, issues } = readSpdxJson(JSON.stringify(graph));
    expect(issues).toEqual([]);
    expect(document).toMatchObject({ format: 'spdx', encoding: 'json-ld', specVersion: '3.0.1', serialNumber: 'urn:doc' });
    expect(document.components.map((c) => [c.name, c.version, c.purl, c.type])).toEqual([
      ['plc-app', '2.1', 'pkg:generic/acme/plc-app@2.1', 'firmware'],
      ['zlib', '1.3', 'pkg:generic/zlib@1.3', 'library'],
    ]);
    expect(document.components[0]?.supplier?.name).toBe('ACME');
    expect(document.components[0]?.hashes).toEqual([{ alg: 'SHA-256', value: 'abcdef' }]);
    expect(document.components[1]?.licenses).toEqual(['Zlib']);
    expect(document.dependencies).toEqual([expect.objectContaining({ from: 'urn:app', to: 'urn:lib', kind: 'depends-on' })]);
    expect(document.metadata).toMatchObject({ timestamp: '2024-05-01T00:00:00Z', describes: ['urn:app'], tools: [{ name: 'acme-sbom' }] });
  });
});

describe('SPDX bad input', () => {
  it('refuses JSON without spdxVersion, and SPDX 3 without a graph', () => {
    expect(() => readSpdxJson('{"name":"x"}')).toThrow(InputError);
    expect(() => readSpdxJson('{"spdxVersion":"SPDX-3.0"}')).toThrow(/not supported/);
  });

  it('tag-value: unclosed <text> and malformed lines are reported with their line', () => {
    const text = 'SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nnot a tag line\nPackageName: a\nSPDXID: SPDXRef-a\nPackageComment: <text>never closed\n';
    const { document, issues } = readSpdxTagValue(text);
    expect(document.components[0]?.name).toBe('a');
    expect(issues).toContainEqual(expect.objectContaining({ line: 3, code: 'tag-value-syntax' }));
    expect(issues).toContainEqual(expect.objectContaining({ line: 6, severity: 'error' }));
  });

  it('tag-value without SPDXVersion is refused', () => {
    expect(() => readSpdxTagValue('PackageName: a\n')).toThrow(/SPDXVersion/);
  });

  it('a missing package name and an invalid licence are reported with a pointer', () => {
    const doc = { spdxVersion: 'SPDX-2.3', SPDXID: 'SPDXRef-DOCUMENT', name: 'd', documentNamespace: 'https://x', dataLicense: 'CC0-1.0', creationInfo: { created: '2024-01-01T00:00:00Z', creators: ['Tool: t'] },
      packages: [{ SPDXID: 'SPDXRef-a', downloadLocation: 'NONE', licenseDeclared: 'MIT OR' }] };
    const { issues } = readSpdxJson(JSON.stringify(doc));
    expect(issues).toContainEqual(expect.objectContaining({ code: 'missing-name', pointer: '/packages/0' }));
    expect(issues).toContainEqual(expect.objectContaining({ code: 'invalid-license', pointer: '/packages/0' }));
  });
});

describe.skipIf(!haveFixtures)('SPDX schema validation (published SPDX 2.2 / 2.3 JSON schemas)', () => {
  const files = ['2.2', '2.3'].flatMap((folder) => readdirSync(fixture('sbom', 'spdx', folder)).map((file) => [folder, file] as const));
  const jsonFiles = files.filter(([, file]) => file.endsWith('.json'));
  // Every SPDX JSON fixture validates; none needs to be listed as an exception.
  const notValid: Record<string, string> = {};

  it.each(jsonFiles)('%s/%s validates against the schema of its spdxVersion', (folder, file) => {
    const text = spdx(folder, file).toString('utf8');
    const version = /^SPDX-(\d+\.\d+)$/.exec((JSON.parse(text) as { spdxVersion: string }).spdxVersion)?.[1];
    expect(version).toBe(folder);
    if (notValid[file]) return;
    expect(validateSpdxJsonText(text, version)).toEqual([]);
  });

  it.each(files)('the SPDX 2.3 export of %s/%s validates', (folder, file) => {
    expect(validateSpdxJsonText(writeSpdxJson(readAny(folder, file).document), '2.3')).toEqual([]);
  });

  it('a CycloneDX BOM exported as SPDX 2.3 validates', async () => {
    const cdx = (await readCycloneDxJson(readFileSync(fixture('sbom', 'cyclonedx', '1.6', 'valid-bom-1.6.json')))).document;
    expect(validateSpdxJsonText(writeSpdxJson(cdx), '2.3')).toEqual([]);
  });
});

describe('SPDX JSON schema errors', () => {
  const base = { spdxVersion: 'SPDX-2.3', SPDXID: 'SPDXRef-DOCUMENT', name: 'd', documentNamespace: 'https://x', dataLicense: 'CC0-1.0', creationInfo: { created: '2024-01-01T00:00:00Z', creators: ['Tool: t'] } };

  it('every broken element is an error with its JSON pointer', () => {
    const doc = {
      ...base,
      packages: [
        { SPDXID: 'SPDXRef-a', name: 'a', downloadLocation: 'NONE' },
        { SPDXID: 'SPDXRef-b', name: 'b', downloadLocation: 'NONE', primaryPackagePurpose: 'GADGET' },
        { SPDXID: 'SPDXRef-c', name: 'c', downloadLocation: 'NONE', checksums: [{ algorithm: 'CRC32', checksumValue: 'ab' }] },
      ],
      relationships: [{ spdxElementId: 'SPDXRef-a', relatedSpdxElement: 'SPDXRef-b', relationshipType: 'LIKES' }],
    };
    const { issues } = readSpdxJson(JSON.stringify(doc));
    expect(issues.filter((i) => i.code === 'schema').map((i) => [i.severity, i.pointer])).toEqual([
      ['error', '/packages/1/primaryPackagePurpose'],
      ['error', '/packages/2/checksums/0/algorithm'],
      ['error', '/relationships/0/relationshipType'],
    ]);
  });

  it('2.2 requires what 2.3 made optional (a package without licenseConcluded)', () => {
    const pkg = { SPDXID: 'SPDXRef-a', name: 'a', downloadLocation: 'NONE' };
    expect(readSpdxJson(JSON.stringify({ ...base, packages: [pkg] })).issues.filter((i) => i.code === 'schema')).toEqual([]);
    const old = readSpdxJson(JSON.stringify({ ...base, spdxVersion: 'SPDX-2.2', packages: [pkg] })).issues.filter((i) => i.code === 'schema');
    expect(old[0]).toMatchObject({ severity: 'error', pointer: '/packages/0' });
    expect(old[0]?.message).toMatch(/required property/);
  });

  it('unknown top-level properties are errors; validation can be turned off', () => {
    const text = JSON.stringify({ ...base, packages: [{ SPDXID: 'SPDXRef-a', name: 'a', downloadLocation: 'NONE' }], madeUp: true });
    expect(readSpdxJson(text).issues).toContainEqual(expect.objectContaining({ code: 'schema', pointer: '', message: expect.stringContaining('madeUp') }));
    expect(readSpdxJson(text, { validate: false }).issues.filter((i) => i.code === 'schema')).toEqual([]);
  });

  it('a version without a published 2.x schema is a warning, not an error', () => {
    const { issues } = readSpdxJson(JSON.stringify({ ...base, spdxVersion: 'SPDX-2.1', packages: [{ SPDXID: 'SPDXRef-a', name: 'a', downloadLocation: 'NONE' }] }));
    expect(issues).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'unknown-spec-version' }));
  });
});
