import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, haveFixtures } from '../../../test/support/fixtures.js';
import { bindToFs, parseCpe23 } from './formatted.js';
import { compareAttribute, compareWfns, cpeMatches, isDisjoint, isEqual, isSubset, isSuperset, matchIgnoring, nameRelation } from './match.js';
import { ANY, NA } from './wfn.js';

const cpe = (s: string) => parseCpe23(s);

describe('attribute relations (NISTIR 7696 table; source = criterion, target = asset)', () => {
  it.each([
    [ANY, ANY, 'EQUAL'],
    [ANY, NA, 'SUPERSET'],
    [ANY, 'value', 'SUPERSET'],
    [ANY, 'val*', 'UNDEFINED'],
    [NA, ANY, 'SUBSET'],
    [NA, NA, 'EQUAL'],
    [NA, 'value', 'DISJOINT'],
    [NA, 'val*', 'UNDEFINED'],
    ['value', ANY, 'SUBSET'],
    ['value', NA, 'DISJOINT'],
    ['value', 'value', 'EQUAL'],
    ['value', 'other', 'DISJOINT'],
    ['value', 'val*', 'UNDEFINED'],
    ['val*', ANY, 'SUBSET'],
    ['val*', NA, 'DISJOINT'],
    ['val*', 'value', 'SUPERSET'],
    ['val*', 'other', 'DISJOINT'],
    ['val*', 'v?lue*', 'UNDEFINED'],
  ] as const)('%o vs %o → %s', (source, target, relation) => {
    expect(compareAttribute(source, target)).toBe(relation);
  });

  it('matches wildcards: * any run, ? exactly one character', () => {
    expect(compareAttribute('1\\.?', '1\\.5')).toBe('SUPERSET');
    expect(compareAttribute('1\\.?', '1\\.15')).toBe('DISJOINT');
    expect(compareAttribute('1\\.?', '1\\.')).toBe('DISJOINT');
    expect(compareAttribute('1\\.??', '1\\.15')).toBe('SUPERSET');
    expect(compareAttribute('8\\.*', '8\\.0\\.6001')).toBe('SUPERSET');
    expect(compareAttribute('8\\.*', '9\\.0')).toBe('DISJOINT');
    expect(compareAttribute('*6001', '8\\.0\\.6001')).toBe('SUPERSET');
    expect(compareAttribute('*0\\.6*', '8\\.0\\.6001')).toBe('SUPERSET');
    expect(compareAttribute('*0\\.7*', '8\\.0\\.6001')).toBe('DISJOINT');
    expect(compareAttribute('?\\.0*', '8\\.0\\.6001')).toBe('SUPERSET');
    expect(compareAttribute('??\\.0*', '8\\.0\\.6001')).toBe('DISJOINT');
    expect(compareAttribute('*\\.600?', '8\\.0\\.6001')).toBe('SUPERSET');
    expect(compareAttribute('sp?', 'sp1')).toBe('SUPERSET');
    expect(compareAttribute('sp?', 'sp')).toBe('DISJOINT');
  });
  it('treats a quoted wildcard as a literal', () => {
    expect(compareAttribute('a\\*', 'a\\*')).toBe('EQUAL');
    expect(compareAttribute('a\\*', 'ab')).toBe('DISJOINT');
    expect(compareAttribute('a*', 'a\\*')).toBe('SUPERSET');
    expect(compareAttribute('a\\?', 'a\\?')).toBe('EQUAL');
  });
  it('ignores case', () => {
    expect(compareAttribute('Siemens', 'siemens')).toBe('EQUAL');
    expect(compareAttribute('SIMATIC*', 'simatic_s7')).toBe('SUPERSET');
  });
});

describe('name relations', () => {
  it('passes the standards reference vectors', () => {
    const asset = cpe('cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*');
    expect(nameRelation(cpe('cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*'), asset)).toBe('SUPERSET');
    expect(cpeMatches(cpe('cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*'), asset)).toBe(true);
    const fw = cpe('cpe:2.3:o:siemens:simatic_s7-1500_firmware:2.9.4:*:*:*:*:*:*:*');
    expect(nameRelation(cpe('cpe:2.3:o:siemens:simatic_s7-1500_firmware:-:*:*:*:*:*:*:*'), fw)).toBe('DISJOINT');
    expect(nameRelation(cpe('cpe:2.3:a:v:p:1.?:*:*:*:*:*:*:*'), cpe('cpe:2.3:a:v:p:1.5:*:*:*:*:*:*:*'))).toBe('SUPERSET');
    expect(nameRelation(cpe('cpe:2.3:a:v:p:1.?:*:*:*:*:*:*:*'), cpe('cpe:2.3:a:v:p:1.15:*:*:*:*:*:*:*'))).toBe('DISJOINT');
  });
  it('gives EQUAL, SUBSET and UNDEFINED where they apply', () => {
    const a = cpe('cpe:2.3:a:v:p:1.0:*:*:*:*:*:*:*');
    expect(nameRelation(a, a)).toBe('EQUAL');
    expect(isEqual(a, a)).toBe(true);
    // Inventory with version unknown (*) against a criterion with version NA: SUBSET, not a match.
    const inventory = cpe('cpe:2.3:h:siemens:plc:*:*:*:*:*:*:*:*');
    const criterion = cpe('cpe:2.3:h:siemens:plc:-:*:*:*:*:*:*:*');
    expect(nameRelation(criterion, inventory)).toBe('SUBSET');
    expect(isSubset(criterion, inventory)).toBe(true);
    expect(cpeMatches(criterion, inventory)).toBe(false);
    // Mixed directions.
    expect(nameRelation(cpe('cpe:2.3:a:v:*:1.0:*:*:*:*:*:*:*'), cpe('cpe:2.3:a:v:p:*:*:*:*:*:*:*:*'))).toBe('UNDEFINED');
    // Wildcards in the target are refused.
    expect(nameRelation(cpe('cpe:2.3:a:v:p:*:*:*:*:*:*:*:*'), cpe('cpe:2.3:a:v:p:1.*:*:*:*:*:*:*:*'))).toBe('UNDEFINED');
    expect(isSuperset(cpe('cpe:2.3:a:v:p:*:*:*:*:*:*:*:*'), cpe('cpe:2.3:a:v:p:1.*:*:*:*:*:*:*:*'))).toBe(false);
  });
  it('reports per-attribute relations and disjointness', () => {
    const r = compareWfns(cpe('cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*'), cpe('cpe:2.3:a:microsoft:internet_explorer:8.0.6001:sp1:*:*:*:*:*:*'));
    expect(r).toMatchObject({ part: 'EQUAL', vendor: 'EQUAL', version: 'SUPERSET', update: 'SUPERSET', edition: 'EQUAL' });
    expect(isDisjoint(cpe('cpe:2.3:a:x:y:*:*:*:*:*:*:*:*'), cpe('cpe:2.3:o:x:y:*:*:*:*:*:*:*:*'))).toBe(true);
  });
  it('can leave the version to a range check', () => {
    const criterion = cpe('cpe:2.3:o:siemens:simatic_s7-1500_firmware:-:*:*:*:*:*:*:*');
    const asset = cpe('cpe:2.3:o:siemens:simatic_s7-1500_firmware:2.9.4:*:*:*:*:*:*:*');
    const result = matchIgnoring(criterion, asset, ['version']);
    expect(result.matches).toBe(true);
    expect(result.relations.version).toBe('EQUAL');
  });
  it('stays fast on long wildcard values', () => {
    const body = 'a'.repeat(900);
    const source = cpe(`cpe:2.3:a:v:*${body}b*:*:*:*:*:*:*:*:*`);
    const target = cpe(`cpe:2.3:a:v:${'a'.repeat(1900)}:*:*:*:*:*:*:*:*`);
    expect(nameRelation(source, target)).toBe('DISJOINT');
  });
});

describe.skipIf(!haveFixtures)('real CPEs from the NVD and CVE 5 fixtures', () => {
  function* jsonFiles(dir: string): Generator<string> {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) yield* jsonFiles(path);
      else if (name.endsWith('.json')) yield path;
    }
  }
  it('unbinds and rebinds every cpe:2.3 string unchanged', () => {
    const seen = new Set<string>();
    for (const dir of ['nvd', 'cve5']) {
      for (const file of jsonFiles(fixture(dir))) {
        for (const m of readFileSync(file, 'utf8').matchAll(/"(cpe:2\.3:(?:[^"\\]|\\.)*)"/g)) seen.add(JSON.parse(`"${m[1]}"`) as string);
      }
    }
    expect(seen.size).toBeGreaterThan(1000);
    for (const s of seen) expect(bindToFs(parseCpe23(s, { strict: true }))).toBe(s.toLowerCase());
  });
});
