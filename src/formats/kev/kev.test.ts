import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, haveFixtures } from '../../../test/support/fixtures.js';
import { InputError } from '../../model/errors.js';
import { readKevCatalog, splitKevCwes, splitKevNotes } from './index.js';

describe.runIf(haveFixtures)('KEV catalog fixture', () => {
  const { catalog, issues } = readKevCatalog(readFileSync(fixture('kev', 'known_exploited_vulnerabilities.json')), { file: 'kev.json' });

  it('reads all 1,404 entries of catalog 2025.08.25', () => {
    expect(issues).toEqual([]);
    expect(catalog).toMatchObject({ catalogVersion: '2025.08.25', declaredCount: 1404 });
    expect(catalog.entries).toHaveLength(1404);
  });

  it('keeps dueDate as published, even before dateAdded (overdue on arrival)', () => {
    const entry = catalog.entries.find((item) => item.cveId === 'CVE-2020-0601');
    expect(entry).toMatchObject({ dateAdded: '2021-11-03', dueDate: '2020-01-29', vendorProject: 'Microsoft', cwes: ['CWE-295'], knownRansomwareCampaignUse: 'unknown' });
    expect(entry?.notes).toHaveLength(1); // one remark, no ' ; ' separator
    expect(entry?.notes[0]).toMatch(/ED 20-02.*CVE-2020-0601$/);
    expect(entry?.source).toMatchObject({ kind: 'kev', document: 'kev.json' });
  });

  it('maps ransomware use and multiple CWEs', () => {
    expect(catalog.entries.filter((entry) => entry.knownRansomwareCampaignUse === 'known')).toHaveLength(293);
    const git = catalog.entries.find((entry) => entry.cveId === 'CVE-2025-48384');
    expect(git?.cwes.length).toBeGreaterThan(1);
    expect(git?.notes).toHaveLength(6);
    expect(git?.notes[5]).toBe('https://nvd.nist.gov/vuln/detail/CVE-2025-48384');
  });
});

describe('KEV edge cases', () => {
  it('splits CSV-style CWE cells and notes', () => {
    expect(splitKevCwes('CWE-59, CWE-436')).toEqual(['CWE-59', 'CWE-436']);
    expect(splitKevCwes([])).toEqual([]);
    expect(splitKevNotes('https://a.example/x ; https://b.example/y')).toEqual(['https://a.example/x', 'https://b.example/y']);
    expect(splitKevNotes(undefined)).toEqual([]);
  });

  it('skips incomplete entries, reports count mismatches, treats non-Known as unknown', () => {
    const entry = { cveID: 'CVE-2024-1', vendorProject: 'V', product: 'P', vulnerabilityName: 'N', dateAdded: '2024-01-01', shortDescription: 'S', requiredAction: 'R', dueDate: '2024-01-22', knownRansomwareCampaignUse: 'known?', cwes: ['CWE-1'] };
    const { catalog, issues } = readKevCatalog(JSON.stringify({ count: 3, vulnerabilities: [entry, { cveID: 'CVE-2024-2' }] }));
    expect(catalog.entries).toHaveLength(1);
    expect(catalog.entries[0]?.knownRansomwareCampaignUse).toBe('unknown');
    expect(issues.map((issue) => issue.pointer)).toEqual(['/vulnerabilities/1', '/count']);
    expect(issues[0]?.message).toMatch(/missing vendorProject/);
    expect(() => readKevCatalog('{"title": "x"}')).toThrow(InputError);
  });
});
