import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, haveFixtures } from '../../../test/support/fixtures.js';
import { detectSbomKind, readSbom } from './read.js';

describe('detectSbomKind', () => {
  it('recognises each encoding', () => {
    expect(detectSbomKind('{"bomFormat":"CycloneDX","specVersion":"1.6"}')).toBe('cyclonedx-json');
    expect(detectSbomKind('<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.6"/>')).toBe('cyclonedx-xml');
    expect(detectSbomKind('{"spdxVersion":"SPDX-2.3"}')).toBe('spdx-json');
    expect(detectSbomKind('SPDXVersion: SPDX-2.2\nDataLicense: CC0-1.0')).toBe('spdx-tag-value');
    expect(detectSbomKind('hello')).toBe('unknown');
  });
});

describe.skipIf(!haveFixtures)('readSbom', () => {
  it('reads each kind through one entry point', async () => {
    expect((await readSbom(readFileSync(fixture('sbom', 'cyclonedx', '1.5', 'valid-bom-1.5.xml')))).document.encoding).toBe('xml');
    expect((await readSbom(readFileSync(fixture('sbom', 'spdx', '2.2', 'example1.spdx')))).document.encoding).toBe('tag-value');
    await expect(readSbom('plain text')).rejects.toThrow(/not a recognised SBOM/);
  });
});
