/**
 * Accuracy of the CVE 5 matcher over the real records in ../shared/fixtures/cve5: for every
 * `affected[]` entry with a vendor and product, assets of that vendor and product with versions on,
 * above and below every bound of `versions[]`, and look-alike products of the same vendor. The
 * expected status is the CVE 5 version-status algorithm run with the oracle's plain numeric
 * comparator (points it cannot read are skipped).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateCve5Status, readCve5Record } from '../../src/formats/cve5/index.js';
import type { AssetMatchTarget } from '../../src/model/finding.js';
import type { Cve5AffectedSpec } from '../../src/model/intel.js';
import { fixture, haveFixtures } from '../support/fixtures.js';
import { above, below, expectGolden, formatOracleVersion, jsonFiles, KeyIndex, mutateName, norm, oracleCompare, readOracleVersion, recordGolden, Scoreboard } from './harness.js';

const NAME = 'cve5: vendor + product + versions';

function numeric(a: string, b: string): number | undefined {
  if (a === b) return 0;
  const x = readOracleVersion(a);
  const y = readOracleVersion(b);
  return x && y ? oracleCompare(x, y) : undefined;
}

function pointsOf(spec: Cve5AffectedSpec): string[] {
  const out = new Set<string>();
  for (const entry of spec.versions) {
    for (const text of [entry.version, entry.lessThan, entry.lessThanOrEqual, ...(entry.changes ?? []).map((c) => c.at)]) {
      const v = text ? readOracleVersion(text) : undefined;
      if (!v || text === '0') continue;
      out.add(formatOracleVersion(v));
      out.add(formatOracleVersion(above(v)));
      const b = below(v);
      if (b) out.add(formatOracleVersion(b));
    }
  }
  return [...out];
}

describe.skipIf(!haveFixtures)('accuracy: CVE 5 records', () => {
  it('finds affected vendor/product versions and rejects look-alikes', () => {
    const board = new Scoreboard();
    const golden = recordGolden('cve5');
    let n = 0;
    for (const file of jsonFiles(fixture('cve5'))) {
      const outcome = readCve5Record(readFileSync(file), { file });
      if (!outcome.record) continue;
      const specs = outcome.specs.filter((s): s is Cve5AffectedSpec => s.kind === 'cve5-affected');
      const index = new KeyIndex(specs);
      for (const spec of specs) {
        if (!spec.vendor || !spec.product || /^n\/?a$/i.test(spec.vendor) || /^n\/?a$/i.test(spec.product)) continue;
        // The platform's rule, restated: the CNA's entries decide; ADP enrichment (CISA) only for
        // products of vendors the CNA names nowhere in the record. ADP points of such vendors are skipped.
        const isAdp = (s: Cve5AffectedSpec): boolean => (s.source.pointer ?? '').includes('/containers/adp');
        const vendorKey = (v: string | undefined): string => (v ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
        if (isAdp(spec) && specs.some((s) => !isAdp(s) && (vendorKey(s.vendor) === vendorKey(spec.vendor) || vendorKey(s.vendor).startsWith(vendorKey(spec.vendor))))) {
          board.skip(NAME, pointsOf(spec).length);
          continue;
        }
        const same = specs.filter((s) => isAdp(s) === isAdp(spec) && s.vendor?.toLowerCase() === spec.vendor?.toLowerCase() && s.product?.toLowerCase() === spec.product?.toLowerCase());
        for (const version of pointsOf(spec)) {
          const statusOf = (s: Cve5AffectedSpec): string | undefined => {
            let unknown = false;
            const r = evaluateCve5Status(s, version, (a, b) => {
              const c = numeric(a, b);
              if (c === undefined) unknown = true;
              return c;
            });
            return unknown || r.uncertain ? undefined : r.status;
          };
          const statuses = same.map(statusOf);
          if (statuses.includes(undefined)) {
            board.skip(NAME);
            continue;
          }
          const expected = statuses.includes('affected');
          const target: AssetMatchTarget = { kind: 'asset', id: `c${n++}`, name: 't', vendor: spec.vendor, model: spec.product, firmware: version, orderNumbers: [], cpes: [], purls: [] };
          board.record(NAME, expected, index.match(target).find((f) => f.vulnerabilityId === spec.vulnerabilityId), `${spec.vulnerabilityId} ${spec.vendor} ${spec.product} ${version}`);
        }
        const taken = new Set(specs.map((s) => norm(s.product ?? '')));
        const mutated = mutateName(spec.product.replace(/\([^()]*\)?/g, ' ').replace(/\s+/g, ' ').trim(), taken);
        const lookAlike: AssetMatchTarget = { kind: 'asset', id: `c${n++}`, name: 't', vendor: spec.vendor, model: mutated, firmware: pointsOf(spec)[0] ?? '1.0', orderNumbers: [], cpes: [], purls: [] };
        if (mutated && spec.product.split(/\s+/).length <= 12) board.record(NAME, false, index.match(lookAlike).find((f) => f.vulnerabilityId === spec.vulnerabilityId), `look-alike ${spec.vulnerabilityId} ${lookAlike.model ?? ''}`);
      }
    }
    board.print('CVE 5 accuracy');
    expectGolden(golden);
    const c = board.bucket(NAME);
    expect(c.tp).toBeGreaterThan(50);
    expect(Scoreboard.recall(c)).toBe(1);
    expect(Scoreboard.precision(c)).toBeGreaterThanOrEqual(0.99);
  });
});
