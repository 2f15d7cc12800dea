import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readCycloneDxXml } from '../../src/formats/cyclonedx/read-xml.js';
import { validateCycloneDxXmlText } from '../../src/formats/cyclonedx/validate.js';
import { readSpdxJson } from '../../src/formats/spdx/read.js';
import { runCli } from '../support/cli.js';
import { fixture, haveFixtures } from '../support/fixtures.js';
import { describeEachDialect } from '../support/stores.js';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-sbom-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OPENSSL = fixture('sbom', 'cyclonedx', '1.6', 'redhat-openssl-3.0.7-18.el9_2.cdx_1.6.sbom.json');
const LARAVEL_XML = fixture('sbom', 'cyclonedx', '1.4', 'laravel-7.12.0.bom.1.4.xml');

describeEachDialect('bulwark sbom CLI', (h) => {
  it.skipIf(!haveFixtures)('imports to a product that assets inherit, lists, shows, exports and diffs', { timeout: 300_000 }, async () => {
    const db = ['--db', h.location];
    const inventory = join(dir, `plant-${h.dialect}.csv`);
    writeFileSync(inventory, 'name,kind,vendor,model,firmware\nRTU-7,rtu,Red Hat,openssl,3.0.7-18.el9_2\n');
    expect(runCli([...db, 'assets', 'import', inventory]).code).toBe(0);

    const imported = runCli([...db, 'sbom', 'import', OPENSSL, '--product', 'Red Hat/openssl/3.0.7-18.el9_2', '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    const report = JSON.parse(imported.stdout);
    expect(report).toMatchObject({ status: 'imported', kind: 'sbom', format: 'cyclonedx', specVersion: '1.6', inheritedBy: 1 });
    expect(report.productVersion).toMatchObject({ vendor: 'Red Hat', product: 'openssl', version: '3.0.7-18.el9_2' });

    const plain = runCli([...db, 'sbom', 'import', LARAVEL_XML]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/imported laravel-7\.12\.0\.bom\.1\.4\.xml: cyclonedx 1\.4 xml, 62 component\(s\)/);
    const laravelId = /^id (\S+)$/m.exec(plain.stdout)?.[1];

    const list = JSON.parse(runCli([...db, 'sbom', 'list', '--json']).stdout);
    expect(list.map((s: { id: string }) => s.id)).toEqual([laravelId, report.id]);

    const show = runCli([...db, 'sbom', 'show', report.id]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/attached to product Red Hat\/openssl\/3\.0\.7-18\.el9_2/);
    const shown = JSON.parse(runCli([...db, 'sbom', 'show', report.id, '--json']).stdout);
    expect(shown.components).toHaveLength(report.components);

    const quality = runCli([...db, 'sbom', 'quality', report.id, '--json']);
    expect(JSON.parse(quality.stdout).quality.ntiaScore).toBeCloseTo(report.quality.ntiaScore, 6);

    const out = join(dir, `export-${h.dialect}.xml`);
    const exported = runCli([...db, 'sbom', 'export', '--product', 'Red Hat/openssl/3.0.7-18.el9_2', '--format', 'cyclonedx-xml', '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    const xml = readFileSync(out, 'utf8');
    expect(await validateCycloneDxXmlText(xml, '1.6')).toEqual([]);
    expect((await readCycloneDxXml(xml)).document.components).toHaveLength(report.components);

    const assets = JSON.parse(runCli([...db, 'assets', 'list', '--json']).stdout);
    const spdx = runCli([...db, 'sbom', 'export', '--asset', assets[0].id, '--format', 'spdx-json']);
    expect(spdx.code, spdx.stderr).toBe(0);
    expect(readSpdxJson(spdx.stdout).document.components.length).toBeGreaterThanOrEqual(report.components);

    const diff = runCli([...db, 'sbom', 'diff', report.id, laravelId!, '--json']);
    expect(diff.code, diff.stderr).toBe(0);
    expect(JSON.parse(diff.stdout)).toMatchObject({ unchanged: 0 });

    // Bad input: exit 2 with the place; nothing written.
    const xxe = join(dir, 'xxe.xml');
    writeFileSync(xxe, '<?xml version="1.0"?>\n<!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6"/>');
    const bad = runCli([...db, 'sbom', 'import', xxe, '--product', 'Acme/X/1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/line 2, column 1: XML with a DOCTYPE is refused/);
    expect(runCli([...db, 'sbom', 'import', '/no/such/file.json']).code).toBe(2);
    expect(runCli([...db, 'sbom', 'import', OPENSSL, '--product', 'just-a-name']).stderr).toMatch(/VENDOR\/PRODUCT\/VERSION/);
    expect(runCli([...db, 'sbom', 'show', 'nope']).code).toBe(2);
    expect(runCli([...db, 'sbom', 'export', '--format', 'cyclonedx-json']).code).toBe(2);
    expect(runCli([...db, 'sbom', 'export', '--product', 'Acme/None/1', '--format', 'pdf']).code).toBe(2);
    expect(JSON.parse(runCli([...db, 'sbom', 'list', '--json']).stdout)).toHaveLength(2);
  });
});

it.skipIf(!haveFixtures)('sbom quality and diff work on files without a database', { timeout: 300_000 }, () => {
  const quality = runCli(['--db', join(dir, 'unused', 'never.db'), 'sbom', 'quality', fixture('sbom', 'spdx', '2.3', 'ACME-v2.3.spdx.json'), '--json']);
  expect(quality.code, quality.stderr).toBe(0);
  const q = JSON.parse(quality.stdout);
  expect(q).toMatchObject({ format: 'spdx', specVersion: '2.3' });
  expect(q.quality.components.find((c: { element: string }) => c.element === 'supplier')).toMatchObject({ present: 1, total: 4 });
  expect(q.quality.gaps.length).toBeGreaterThan(0);
  const text = runCli(['sbom', 'quality', fixture('sbom', 'spdx', '2.3', 'ACME-v2.3.spdx.json')]);
  expect(text.stdout).toMatch(/NTIA minimum elements: \d+%/);

  const diff = runCli(['sbom', 'diff', fixture('sbom', 'cyclonedx', '1.5', 'valid-bom-1.5.json'), fixture('sbom', 'cyclonedx', '1.6', 'valid-bom-1.6.json'), '--json']);
  expect(diff.code, diff.stderr).toBe(0);
  expect(JSON.parse(diff.stdout)).toHaveProperty('added');
  expect(runCli(['sbom', 'quality', '/no/such.json']).code).toBe(2);
});
