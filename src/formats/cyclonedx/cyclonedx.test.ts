import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError, LimitError } from '../../model/errors.js';
import { flattenComponents } from '../../model/sbom.js';
import { fixture, haveFixtures } from '../../../test/support/fixtures.js';
import { readCycloneDxJson } from './read-json.js';
import { readCycloneDxXml } from './read-xml.js';

const cdx = (...parts: string[]) => readFileSync(fixture('sbom', 'cyclonedx', ...parts));
const read = (name: string, file: string) => (file.endsWith('.xml') ? readCycloneDxXml(cdx(name, file)) : readCycloneDxJson(cdx(name, file)));

function bom(components: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components, ...extra });
}

describe.skipIf(!haveFixtures)('CycloneDX fixtures', () => {
  const folders = ['1.4', '1.5', '1.6', 'vex'];
  const files = folders.flatMap((f) => readdirSync(fixture('sbom', 'cyclonedx', f)).map((file) => [f, file] as const));

  it.each(files)('%s/%s reads, schema-valid, with no error-level issue', async (folder, file) => {
    const { document, issues } = await read(folder, file);
    expect(document.format).toBe('cyclonedx');
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('laravel 1.4 JSON: 62 components, guzzle with purl, version, licence and 113 dependency edges', async () => {
    const { document } = await read('1.4', 'laravel-7.12.0.bom.1.4.json');
    expect(document.specVersion).toBe('1.4');
    expect(document.components).toHaveLength(62);
    const guzzle = document.components.find((c) => c.name === 'guzzle');
    expect(guzzle).toMatchObject({ group: 'guzzlehttp', version: '6.5.8', purl: 'pkg:composer/guzzlehttp/guzzle@6.5.8', licenses: ['MIT'] });
    expect(guzzle?.place).toEqual({ pointer: expect.stringMatching(/^\/components\/\d+$/) });
    expect(document.dependencies).toHaveLength(113);
    expect(document.metadata.tools.length).toBe(1);
  });

  it('laravel 1.4 XML gives the same components and edges as the JSON, with lines as places', async () => {
    const json = (await read('1.4', 'laravel-7.12.0.bom.1.4.json')).document;
    const xml = (await read('1.4', 'laravel-7.12.0.bom.1.4.xml')).document;
    const strip = (v: unknown) => JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === 'place' ? undefined : x))) as unknown;
    expect(strip(xml.components)).toEqual(strip(json.components));
    expect(strip(xml.dependencies)).toEqual(strip(json.dependencies));
    expect(xml.components[0]?.place.line).toBeGreaterThan(1);
  });

  it('Red Hat 1.6: subject component, supplier, tools in the 1.5+ shape, rpm purls', async () => {
    const { document } = await read('1.6', 'redhat-openssl-3.0.7-18.el9_2.cdx_1.6.sbom.json');
    expect(document.metadata.component).toMatchObject({ name: 'openssl', version: '3.0.7-18.el9_2', licenses: ['Apache-2.0'] });
    expect(document.metadata.supplier?.name).toBe('Red Hat');
    expect(document.metadata.tools[0]).toMatchObject({ name: 'rpm-manifest-generator', version: '0.0.1' });
    expect(document.metadata.timestamp).toBe('2024-12-17T05:38:26.655298+00:00');
    expect(document.components).toHaveLength(37);
    expect(document.components[0]?.purl).toBe('pkg:rpm/redhat/openssl@3.0.7-18.el9_2?arch=src');
  });

  it.each(['valid-machine-learning-1.5.json', 'valid-machine-learning-1.5.xml'])('ML-BOM %s keeps the model card', async (file) => {
    const { document } = await read('1.5', file);
    const model = document.components[0];
    expect(model).toMatchObject({ type: 'machine-learning-model', name: 'stable-diffusion', group: 'CompVis', version: '1.4' });
    const card = model?.modelCard as { modelParameters: { task: string; datasets: Array<{ name: string }> } };
    expect(card.modelParameters.task).toBe('task goes here');
    expect(card.modelParameters.datasets[0]?.name).toBe('Training Data');
  });

  it('component types 1.6 include device, firmware and data', async () => {
    const { document } = await read('1.6', 'valid-component-types-1.6.json');
    const types = document.components.map((c) => c.type);
    expect(types).toEqual(['application', 'library', 'framework', 'container', 'operating-system', 'firmware', 'device', 'file', 'data']);
  });

  it('hashes are normalised (alg upper-case, digest lower-case)', async () => {
    const { document } = await read('1.6', 'valid-component-hashes-1.6.json');
    const hashes = document.components[0]?.hashes ?? [];
    expect(hashes.length).toBeGreaterThan(3);
    expect(hashes.map((h) => h.alg)).toContain('SHA-256');
    for (const h of hashes) expect(h.value).toMatch(/^[0-9a-f]+$/);
  });

  it('metadata.manufacture (1.5) and manufacturer (1.6) both land in metadata.manufacturer', async () => {
    expect((await read('1.5', 'valid-metadata-manufacture-1.5.json')).document.metadata.manufacturer?.name).toBeTruthy();
    expect((await read('1.6', 'valid-metadata-manufacture-1.6.json')).document.metadata.manufacturer?.name).toBeTruthy();
  });

  it('VEX 1.6 JSON and XML: state, mapped justification, responses, timestamps', async () => {
    for (const file of ['valid-vulnerability-1.6.json', 'valid-vulnerability-1.6.xml']) {
      const { document } = await read('1.6', file);
      expect(document.vex).toHaveLength(1);
      expect(document.vex[0]).toMatchObject({
        vulnerabilityId: 'SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111',
        status: 'not_affected',
        justification: 'vulnerable_code_not_in_execute_path',
        responses: ['will_not_fix', 'update'],
        productRefs: ['pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4'],
        original: { format: 'cyclonedx', status: 'not_affected', justification: 'code_not_reachable' },
        lastUpdated: '2022-02-01T00:00:00.000Z',
      });
    }
  });

  it('CISA case 2 VEX: 19 statements', async () => {
    const { document } = await read('vex', 'cisa-case2-vex.json');
    expect(document.vex).toHaveLength(19);
    expect(document.vex[0]?.vulnerabilityId).toBe('CVE-2020-11896');
  });
});

describe('CycloneDX JSON: problems are reported with their place', () => {
  it('schema errors carry a JSON pointer', async () => {
    const text = bom([{ type: 'not-a-type', name: 'x' }]);
    const { issues } = await readCycloneDxJson(text);
    const schema = issues.filter((i) => i.code === 'schema');
    expect(schema.length).toBeGreaterThan(0);
    expect(schema[0]?.pointer).toBe('/components/0/type');
    await expect(readCycloneDxJson(text, { strict: true })).rejects.toBeInstanceOf(InputError);
  });

  it('long lists are validated in slices, with pointers into the whole document', async () => {
    const components = Array.from({ length: 180 }, (_, i) => ({ type: 'library', name: `c${i}`, 'bom-ref': `c${i}` }));
    (components[137] as Record<string, unknown>).type = 'bogus';
    const { issues } = await readCycloneDxJson(bom(components));
    expect(issues.filter((i) => i.code === 'schema').map((i) => i.pointer)).toEqual(['/components/137/type']);
  });

  it('identical items of a long list are the schema error ajv gives, found across the whole list', async () => {
    const components = Array.from({ length: 300 }, (_, i) => ({ type: 'library', name: `c${i}`, 'bom-ref': `c${i}` }));
    // Same content, other key order: still identical under JSON Schema equality.
    components[250] = { 'bom-ref': 'c3', name: 'c3', type: 'library' };
    const { issues } = await readCycloneDxJson(bom(components));
    expect(issues.filter((i) => i.code === 'schema')).toEqual([
      { severity: 'error', code: 'schema', message: 'schema: must NOT have duplicate items (items ## 3 and 250 are identical)', pointer: '/components' },
    ]);
  });

  it('every invalid item of a long list is reported, each with its pointer', async () => {
    const components = Array.from({ length: 120 }, (_, i) => ({ type: 'library', name: `c${i}`, 'bom-ref': `c${i}` }));
    for (const i of [5, 6, 99]) (components[i] as Record<string, unknown>).type = 'bogus';
    const { issues } = await readCycloneDxJson(bom(components));
    expect(issues.filter((i) => i.code === 'schema').map((i) => i.pointer)).toEqual(['/components/5/type', '/components/6/type', '/components/99/type']);
  });

  it('duplicate bom-refs are a warning at the second occurrence', async () => {
    const { document, issues } = await readCycloneDxJson(bom([{ type: 'library', name: 'a', 'bom-ref': 'x' }, { type: 'library', name: 'b', 'bom-ref': 'x' }]), { validate: false });
    expect(document.components).toHaveLength(2);
    expect(issues).toContainEqual(expect.objectContaining({ code: 'duplicate-ref', severity: 'warning', pointer: '/components/1' }));
  });

  it('dependency cycles are reported with the cycle and its place', async () => {
    const text = bom(
      [{ type: 'library', name: 'a', 'bom-ref': 'a' }, { type: 'library', name: 'b', 'bom-ref': 'b' }, { type: 'library', name: 'c', 'bom-ref': 'c' }],
      { dependencies: [{ ref: 'a', dependsOn: ['b'] }, { ref: 'b', dependsOn: ['c'] }, { ref: 'c', dependsOn: ['a'] }] },
    );
    const { issues } = await readCycloneDxJson(text);
    const cycle = issues.find((i) => i.code === 'dependency-cycle');
    expect(cycle?.message).toContain('a → b → c → a');
    expect(cycle?.pointer).toMatch(/^\/dependencies\/\d$/);
  });

  it('a long dependency chain does not overflow the cycle search', async () => {
    const n = 20_000;
    const components = Array.from({ length: n }, (_, i) => ({ type: 'library', name: `c${i}`, 'bom-ref': `c${i}` }));
    const dependencies = components.map((_, i) => ({ ref: `c${i}`, dependsOn: i + 1 < n ? [`c${i + 1}`] : ['c0'] }));
    const { issues } = await readCycloneDxJson(bom(components, { dependencies }), { validate: false });
    expect(issues.filter((i) => i.code === 'dependency-cycle')).toHaveLength(1);
  });

  it('invalid purls and licence expressions are warnings, not crashes', async () => {
    const text = bom([
      { type: 'library', name: 'a', purl: 'pkg:3nginx/nginx@0.8.9' },
      { type: 'library', name: 'b', licenses: [{ expression: 'MIT AND' }] },
      { type: 'library', name: 'c', purl: 'pkg:npm/ok@1.0.0', licenses: [{ expression: 'Apache-2.0 OR MIT' }] },
    ]);
    const { issues } = await readCycloneDxJson(text);
    expect(issues).toContainEqual(expect.objectContaining({ code: 'invalid-purl', pointer: '/components/0' }));
    expect(issues).toContainEqual(expect.objectContaining({ code: 'invalid-license', pointer: '/components/1' }));
    expect(issues.filter((i) => i.pointer === '/components/2')).toEqual([]);
  });

  it('licenses mixing license and expression are an error (standards §10 test vector)', async () => {
    const text = bom([{ type: 'library', name: 'a', licenses: [{ license: { id: 'MIT' } }, { expression: 'Apache-2.0' }] }]);
    const { issues } = await readCycloneDxJson(text, { validate: false });
    expect(issues).toContainEqual(expect.objectContaining({ code: 'mixed-licenses', severity: 'error', pointer: '/components/0/licenses' }));
  });

  it('deeply nested components are cut at the depth limit with a warning', async () => {
    let node: Record<string, unknown> = { type: 'library', name: 'leaf' };
    for (let i = 0; i < 100; i++) node = { type: 'library', name: `n${i}`, components: [node] };
    const { document, issues } = await readCycloneDxJson(bom([node]), { validate: false });
    expect(flattenComponents(document.components)).toHaveLength(64);
    expect(issues).toContainEqual(expect.objectContaining({ code: 'nesting-too-deep' }));
  });

  it('absurd JSON nesting is refused before parsing', async () => {
    const text = `{"bomFormat":"CycloneDX","specVersion":"1.6","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    await expect(readCycloneDxJson(text)).rejects.toBeInstanceOf(LimitError);
  });

  it('truncated JSON is an InputError with line and column', async () => {
    const text = bom([{ type: 'library', name: 'a' }]).slice(0, 60);
    const error = await readCycloneDxJson(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).place?.line).toBe(1);
  });

  it('refuses what is not CycloneDX', async () => {
    await expect(readCycloneDxJson('{"spdxVersion":"SPDX-2.3"}')).rejects.toThrow(/bomFormat/);
    await expect(readCycloneDxJson('[1,2]')).rejects.toBeInstanceOf(InputError);
    await expect(readCycloneDxJson(new Uint8Array([0xff, 0xfe, 0x00]))).rejects.toThrow(/UTF-8/);
  });

  it('an input over the size cap is a LimitError', async () => {
    await expect(readCycloneDxJson(bom([]), { maxBytes: 10 })).rejects.toBeInstanceOf(LimitError);
  });
});

describe('CycloneDX XML: hostile input', () => {
  const xmlBom = (body: string, prologue = '') =>
    `<?xml version="1.0"?>${prologue}<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">${body}</bom>`;

  it('refuses XML too large to read within bounded memory, with a clear error, before parsing it', async () => {
    const components = Array.from({ length: 200 }, (_, i) => `<component type="library"><name>c${i}</name><version>1.${i}</version></component>`).join('');
    const text = xmlBom(`<components>${components}</components>`);
    const error = await readCycloneDxXml(text, { maxXmlBytes: 4096 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitError);
    expect(String((error as Error).message)).toMatch(/larger than the .* MiB .* as CycloneDX JSON/);
    // The same document under the limit reads.
    expect(flattenComponents((await readCycloneDxXml(text, { validate: false })).document.components)).toHaveLength(200);
  });

  it('refuses an external entity (XXE) without reading the file', async () => {
    const text = xmlBom('<components><component type="library"><name>&xxe;</name></component></components>', '<!DOCTYPE bom [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>');
    const error = await readCycloneDxXml(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('xml-doctype-refused');
    expect(String((error as Error).message)).not.toContain('root:');
  });

  it('refuses a billion-laughs entity bomb quickly without expanding it', async () => {
    const entities = ['<!ENTITY a "aaaaaaaaaa">', ...'bcdefghij'.split('').map((e, i) => `<!ENTITY ${e} "${`&${'abcdefghij'[i]};`.repeat(10)}">`)];
    const text = xmlBom('<components><component type="library"><name>&j;</name></component></components>', `<!DOCTYPE bom [${entities.join('')}]>`);
    const error = await readCycloneDxXml(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).place?.line).toBe(1);
  });

  it('decodes predefined entities and character references only', async () => {
    const text = xmlBom('<components><component type="library"><name>a&amp;b &#x41;&#66; &unknown;</name><purl>pkg:npm/x@1?a=1&amp;b=2</purl></component></components>');
    const { document } = await readCycloneDxXml(text, { validate: false });
    expect(document.components[0]?.name).toBe('a&b AB &unknown;');
    expect(document.components[0]?.purl).toBe('pkg:npm/x@1?a=1&b=2');
  });

  it('schema errors carry a line number', async () => {
    const text = xmlBom('\n<components>\n<component type="no-such-type"><name>x</name></component></components>');
    const { issues } = await readCycloneDxXml(text);
    const schema = issues.find((i) => i.code === 'schema');
    expect(schema?.line).toBe(3);
  });

  it('malformed XML is an InputError with a line', async () => {
    const error = await readCycloneDxXml(xmlBom('<components>\n<component type="library"><name>x</nam></component></components>')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).place?.line).toBe(2);
  });

  it('text runs, comments, CDATA and line ends are read as before', async () => {
    const text = xmlBom('\r\n<components>\r\n<component type="library" bom-ref=" r\r\n1 "><name> a <!-- note --> b </name><description>x<![CDATA[ <raw> & ]]>y</description></component></components>');
    const { document } = await readCycloneDxXml(text, { validate: false });
    expect(document.components[0]).toMatchObject({ ref: 'r\n1', name: 'a  b', description: 'x <raw> & y' });
    expect(document.components[0]?.place.line).toBe(3);
  });

  it.each([
    ['a second root element', xmlBom('') + '<bom/>'],
    ['an XML declaration inside the document', xmlBom('<?xml version="1.0"?>')],
    ['an attribute without a value', xmlBom('<components><component type><name>x</name></component></components>')],
    ['a repeated attribute', xmlBom('<components><component type="a" type="b"/></components>')],
    ['an unclosed element', xmlBom('<components><component>')],
    ["a bare '<' in text", xmlBom('<components>a < b</components>')],
  ])('refuses %s as not well-formed, with a line', async (_what, text) => {
    const error = await readCycloneDxXml(text, { validate: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('invalid-xml');
    expect((error as InputError).place?.line).toBe(1);
  });

  it('refuses a DOCTYPE anywhere, and element names that reach Object.prototype', async () => {
    const inside = await readCycloneDxXml(xmlBom('<components><!DOCTYPE x></components>')).catch((e: unknown) => e);
    expect((inside as InputError).code).toBe('xml-doctype-refused');
    const proto = await readCycloneDxXml(xmlBom('<components><component type="library"><__proto__>x</__proto__></component></components>')).catch((e: unknown) => e);
    expect((proto as InputError).code).toBe('invalid-xml');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('deep element nesting is a LimitError', async () => {
    const text = xmlBom(`${'<components><component type="library"><name>x</name>'.repeat(200)}${'</component></components>'.repeat(200)}`);
    await expect(readCycloneDxXml(text, { validate: false })).rejects.toBeInstanceOf(LimitError);
  });

  it('refuses a root that is not a CycloneDX <bom>', async () => {
    await expect(readCycloneDxXml('<bom xmlns="urn:other"><components/></bom>')).rejects.toThrow(/namespace/);
    await expect(readCycloneDxXml('<html/>')).rejects.toThrow(/<bom>/);
  });
});
