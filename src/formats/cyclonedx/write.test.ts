import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flattenComponents, type SbomDocument, type VexStatement } from '../../model/sbom.js';
import { fixture, haveFixtures } from '../../../test/support/fixtures.js';
import { readOpenVex } from '../openvex/read.js';
import { readCycloneDxJson } from './read-json.js';
import { readCycloneDxXml } from './read-xml.js';
import { validateCycloneDxJsonText, validateCycloneDxXmlText } from './validate.js';
import { writeCycloneDxJson, writeCycloneDxXml } from './write.js';

const load = async (...parts: string[]) => (await readCycloneDxJson(readFileSync(fixture('sbom', ...parts)))).document;
const keys = (doc: SbomDocument) => flattenComponents(doc.components).map((c) => `${c.ref}|${c.name}|${c.version ?? ''}|${c.purl ?? ''}`).sort();

describe.skipIf(!haveFixtures)('CycloneDX writer', () => {
  it('laravel: JSON and XML 1.6 output are schema-valid and read back with no component lost', async () => {
    const doc = await load('cyclonedx', '1.4', 'laravel-7.12.0.bom.1.4.json');
    const json = writeCycloneDxJson(doc);
    expect(await validateCycloneDxJsonText(json, '1.6')).toEqual([]);
    const backJson = (await readCycloneDxJson(json)).document;
    expect(keys(backJson)).toEqual(keys(doc));
    expect(backJson.dependencies.length).toBe(doc.dependencies.length);
    const guzzle = backJson.components.find((c) => c.name === 'guzzle');
    expect(guzzle?.licenses).toEqual(['MIT']);

    const xml = writeCycloneDxXml(doc);
    expect(await validateCycloneDxXmlText(xml, '1.6')).toEqual([]);
    expect(keys((await readCycloneDxXml(xml)).document)).toEqual(keys(doc));
  });

  it('keeps the ML model card in JSON output', async () => {
    const doc = await load('cyclonedx', '1.6', 'valid-machine-learning-1.6.json');
    const json = writeCycloneDxJson(doc);
    expect(await validateCycloneDxJsonText(json, '1.6')).toEqual([]);
    const back = (await readCycloneDxJson(json)).document.components[0];
    expect(back?.modelCard).toEqual(doc.components[0]?.modelCard);
  });

  it('writes OpenVEX statements as vulnerabilities with analysis state, justification and response', async () => {
    const doc = await load('cyclonedx', '1.6', 'redhat-openssl-3.0.7-18.el9_2.cdx_1.6.sbom.json');
    const purl = doc.components[0]?.purl as string;
    const statement: VexStatement = {
      vulnerabilityId: 'CVE-2023-0001',
      aliases: [],
      productRefs: [purl],
      subcomponentRefs: [],
      status: 'not_affected',
      justification: 'vulnerable_code_not_in_execute_path',
      impactStatement: 'the vulnerable function is never called',
      responses: ['will_not_fix'],
      original: { format: 'openvex', status: 'not_affected' },
      place: {},
    };
    for (const [text, version] of [
      [writeCycloneDxJson(doc, [statement]), 'json'],
      [writeCycloneDxXml(doc, [statement]), 'xml'],
    ] as const) {
      const issues = version === 'json' ? await validateCycloneDxJsonText(text, '1.6') : await validateCycloneDxXmlText(text, '1.6');
      expect(issues).toEqual([]);
      const back = version === 'json' ? await readCycloneDxJson(text) : await readCycloneDxXml(text);
      expect(back.document.vex[0]).toMatchObject({
        vulnerabilityId: 'CVE-2023-0001',
        status: 'not_affected',
        justification: 'vulnerable_code_not_in_execute_path',
        impactStatement: 'the vulnerable function is never called',
        responses: ['will_not_fix'],
        original: { status: 'not_affected', justification: 'code_not_reachable' },
      });
      // The purl from OpenVEX was resolved to the component's bom-ref.
      expect(back.document.vex[0]?.productRefs).toEqual([doc.components[0]?.ref]);
    }
  });

  it('OpenVEX fixture statements write as valid CycloneDX VEX', async () => {
    const vex = readOpenVex(readFileSync(fixture('sbom', 'openvex', 'vexctl-sample-2vulns.openvex.json')));
    const doc = await load('cyclonedx', '1.6', 'valid-component-hashes-1.6.json');
    const json = writeCycloneDxJson(doc, vex.statements);
    expect(await validateCycloneDxJsonText(json, '1.6')).toEqual([]);
    expect((await readCycloneDxJson(json)).document.vex.map((s) => s.status)).toEqual(vex.statements.map((s) => s.status));
  });
});
