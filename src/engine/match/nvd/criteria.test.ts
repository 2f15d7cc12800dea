import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCpe } from '../../../formats/cpe/index.js';
import { fixture, haveFixtures } from '../../../../test/support/fixtures.js';
import { parseCriterion, parseSimpleCpe23 } from './criteria.js';

function slow(text: string): unknown {
  try {
    return parseCpe(text);
  } catch {
    return 'error';
  }
}

const VECTORS = [
  'cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:*',
  'cpe:2.3:o:Siemens:SIMATIC_S7-1500_firmware:V2.9.3:-:*:*:*:*:*:*',
  'cpe:2.3:h:siemens:6es7518-4ap00-0ab0:-:*:*:*:*:*:*:*',
  'cpe:2.3:A:Vendor:Product:*:*:*:*:*:*:*:*',
  'cpe:2.3:x:vendor:product:1.0:*:*:*:*:*:*:*',
  'cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*',
  'cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:*:*',
  'cpe:2.3:a:vendor::1.0:*:*:*:*:*:*:*',
  'cpe:2.3:a:vendor:prod\\:uct:1.0:*:*:*:*:*:*:*',
  'cpe:2.3:a:vendor:product*:1.0:*:*:*:*:*:*:*',
  'cpe:2.3:a:vendor:product:1.0 beta:*:*:*:*:*:*:*',
  'cpe:2.3:a:vendor:product:1.0+:*:*:*:*:*:*:*',
  ' cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:*',
  'CPE:2.3:a:vendor:product:1.0:*:*:*:*:*:*:*',
  'cpe:2.3:a:vendor:product:-:-:-:-:-:-:-:-',
  'cpe:2.3:a:vendor:product:--:*:*:*:*:*:*:*',
  'cpe:2.3:a:vendor:product:.:*:*:*:*:*:*:*',
  'cpe:2.3:*:vendor:product:1:*:*:*:*:*:*:*',
  'cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:',
  'cpe:/a:vendor:product:1.0',
];

function criteriaIn(value: unknown, out: Set<string>): void {
  if (typeof value === 'string') {
    if (value.startsWith('cpe:')) out.add(value);
  } else if (Array.isArray(value)) for (const v of value) criteriaIn(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) criteriaIn(v, out);
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith('.json') ? [path] : [];
  });
}

describe('parseSimpleCpe23 (fast path of parseCriterion)', () => {
  it('gives exactly what parseCpe gives, or steps aside', () => {
    for (const text of VECTORS) {
      const fast = parseSimpleCpe23(text);
      if (fast !== undefined) expect(fast, text).toStrictEqual(slow(text));
      expect(parseCriterion(text).wfn ?? 'error', text).toStrictEqual(slow(text));
    }
    expect(parseSimpleCpe23(VECTORS[0] as string)).toBeDefined();
    expect(parseSimpleCpe23(VECTORS[1] as string)).toBeDefined();
  });

  it.skipIf(!haveFixtures)('agrees with parseCpe on every CPE of the NVD, CVE 5 and CSAF fixtures', () => {
    const all = new Set<string>();
    for (const dir of ['nvd', 'cve5', 'csaf']) for (const file of jsonFiles(fixture(dir))) criteriaIn(JSON.parse(readFileSync(file, 'utf8')) as unknown, all);
    let fast = 0;
    for (const text of all) {
      const f = parseSimpleCpe23(text);
      if (f === undefined) continue;
      fast++;
      expect(f, text).toStrictEqual(slow(text));
    }
    expect(fast).toBeGreaterThan(all.size / 2);
  });
});
