/**
 * Accuracy of the NVD configuration matcher over the real records in ../shared/fixtures/nvd (API
 * 2.0 pages, single CVE objects, the legacy 1.1 feed): for every vulnerable criterion, target CPEs
 * on, just above and just below each bound (with the platform CPEs an AND configuration needs),
 * look-alike products of the same vendor, and — for device and software criteria — assets without
 * any CPE, matched through derived CPE candidates. Expected answers come from a small independent
 * evaluator of configurations (plain numeric versions only; other points are skipped).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readNvdDocument } from '../../src/formats/nvd/index.js';
import type { AssetMatchTarget, MatchTarget } from '../../src/model/finding.js';
import type { CpeConfigSpec, CpeMatchCriterion } from '../../src/model/intel.js';
import { fixture, haveFixtures } from '../support/fixtures.js';
import { above, below, expectGolden, formatOracleVersion, jsonFiles, KeyIndex, oracleCompare, readOracleVersion, recordGolden, Scoreboard } from './harness.js';

const EXACT = 'nvd: exact CPE';
const DERIVED = 'nvd: derived CPE (asset without CPE)';

/** Splits a CPE 2.3 formatted string on unescaped colons. */
function fields(cpe: string): string[] | undefined {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < cpe.length; i++) {
    const c = cpe[i] as string;
    if (c === '\\' && i + 1 < cpe.length) {
      cur += c + (cpe[i + 1] as string);
      i++;
    } else if (c === ':') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.length === 13 && out[0] === 'cpe' && out[1] === '2.3' ? out.slice(2).map((f) => f.toLowerCase()) : undefined;
}

function withVersion(cpe: string, version: string): string {
  const f = fields(cpe) as string[];
  f[3] = version;
  return `cpe:2.3:${f.join(':')}`;
}

type Tri = boolean | undefined; // undefined = the oracle cannot tell

/** The oracle's criterion test: plain field equality, `*` in the criterion matches anything, numeric bounds. */
function oracleCriterion(c: CpeMatchCriterion, target: string): Tri {
  const s = fields(c.criteria);
  const t = fields(target);
  if (!s || !t) return undefined;
  if (s.some((x) => /(^|[^\\])[?]|.\*|\*./.test(x))) return undefined;
  for (let i = 0; i < 11; i++) {
    if (i === 3) continue;
    if (s[i] !== '*' && s[i] !== t[i]) return false;
  }
  const sv = s[3] as string;
  const tv = t[3] as string;
  const bounds: Array<[string | undefined, (n: number) => boolean]> = [
    [c.versionStartIncluding, (n) => n >= 0],
    [c.versionStartExcluding, (n) => n > 0],
    [c.versionEndIncluding, (n) => n <= 0],
    [c.versionEndExcluding, (n) => n < 0],
  ];
  if (sv === '*') {
    const present = bounds.filter(([b]) => b !== undefined && b !== '');
    if (present.length === 0) return true;
    const v = readOracleVersion(tv);
    if (!v) return undefined;
    for (const [b, holds] of present) {
      const bv = readOracleVersion(b as string);
      if (!bv) return undefined;
      if (!holds(oracleCompare(v, bv))) return false;
    }
    return true;
  }
  if (sv === tv) return true;
  const a = readOracleVersion(sv);
  const b = readOracleVersion(tv);
  if (!a || !b) return sv === '-' || tv === '-' ? false : undefined;
  return oracleCompare(a, b) === 0;
}

function anyTrue(values: Tri[]): Tri {
  if (values.includes(true)) return true;
  return values.includes(undefined) ? undefined : false;
}
function allTrue(values: Tri[]): Tri {
  if (values.includes(false)) return false;
  return values.includes(undefined) ? undefined : true;
}
function not(v: Tri): Tri {
  return v === undefined ? undefined : !v;
}

/** Is a target with these CPEs vulnerable to the spec? */
function oracle(spec: CpeConfigSpec, targets: string[]): Tri {
  const perConfig = spec.configurations.map((cfg) => {
    let vulnerableHit: Tri = false;
    const nodes = cfg.nodes.map((node) => {
      const results = node.cpeMatch.map((c) => {
        const r = anyTrue(targets.map((t) => oracleCriterion(c, t)));
        if (!node.negate && c.vulnerable) vulnerableHit = anyTrue([vulnerableHit, r]);
        return r;
      });
      const v = node.operator === 'AND' ? allTrue(results) : anyTrue(results);
      return node.negate ? not(v) : v;
    });
    let value = cfg.operator === 'AND' ? allTrue(nodes) : anyTrue(nodes);
    if (cfg.negate) value = not(value);
    return allTrue([value, vulnerableHit]);
  });
  return anyTrue(perConfig);
}

/** Versions on, above and below each bound of a criterion (or its own version). */
function testVersions(c: CpeMatchCriterion): string[] {
  const f = fields(c.criteria);
  if (!f) return [];
  const own = f[3] as string;
  if (own !== '*') {
    const v = readOracleVersion(own);
    return v ? [own, formatOracleVersion(above(v))] : [own];
  }
  const out: string[] = [];
  for (const b of [c.versionStartIncluding, c.versionStartExcluding, c.versionEndIncluding, c.versionEndExcluding]) {
    const v = b ? readOracleVersion(b) : undefined;
    if (!v) continue;
    const lower = below(v);
    out.push(formatOracleVersion(v), formatOracleVersion(above(v)), ...(lower ? [formatOracleVersion(lower)] : []));
  }
  return out.length > 0 ? out : ['1.0'];
}

/** A CPE that satisfies a platform criterion. */
function platformCpe(c: CpeMatchCriterion): string | undefined {
  const f = fields(c.criteria);
  if (!f) return undefined;
  if (f[3] !== '*') return c.criteria;
  const bound = c.versionStartIncluding ?? c.versionEndIncluding;
  return withVersion(c.criteria, bound ?? '-');
}

function specsOf(file: string): CpeConfigSpec[] {
  try {
    const doc = readNvdDocument(readFileSync(file), { file });
    return doc.records.flatMap((r) => (r.record ? r.specs.filter((s): s is CpeConfigSpec => s.kind === 'cpe-config') : []));
  } catch {
    return [];
  }
}

function record(board: Scoreboard, bucket: string, index: KeyIndex, spec: CpeConfigSpec, target: MatchTarget, cpes: string[], label: string): void {
  const expected = oracle(spec, cpes);
  if (expected === undefined) {
    board.skip(bucket);
    return;
  }
  const finding = index.match(target).find((f) => f.vulnerabilityId === spec.vulnerabilityId);
  board.record(bucket, expected, finding, label);
}

describe.skipIf(!haveFixtures)('accuracy: NVD configurations', () => {
  it('matches CPEs inside, outside and on every bound', () => {
    const board = new Scoreboard();
    const golden = recordGolden('nvd');
    const specs = jsonFiles(fixture('nvd')).flatMap(specsOf);
    expect(specs.length).toBeGreaterThan(300);
    let n = 0;
    for (const spec of specs) {
      const index = new KeyIndex([spec]);
      spec.configurations.forEach((cfg) => {
        cfg.nodes.forEach((node, ni) => {
          if (node.negate) return;
          for (const c of node.cpeMatch) {
            if (!c.vulnerable || !fields(c.criteria)) continue;
            const platforms = cfg.nodes.flatMap((other, oi) => (oi === ni || other.negate ? [] : [platformCpe(other.cpeMatch[0] as CpeMatchCriterion)].filter((x): x is string => !!x)));
            for (const version of testVersions(c)) {
              const cpe = withVersion(c.criteria, version);
              const cpes = [cpe, ...platforms];
              record(board, EXACT, index, spec, { kind: 'asset', id: `t${n++}`, name: 't', orderNumbers: [], cpes, purls: [] }, cpes, `${spec.vulnerabilityId} ${cpes.join(' + ')}`);
              // Look-alikes: another product of the same vendor, and the same product of another vendor.
              const f = fields(cpe) as string[];
              const other = `cpe:2.3:${[f[0], f[1], `${f[2] as string}_pro`, ...f.slice(3)].join(':')}`;
              const foreign = `cpe:2.3:${[f[0], `${f[1] as string}_industrial`, ...f.slice(2)].join(':')}`;
              for (const look of [other, foreign]) record(board, EXACT, index, spec, { kind: 'asset', id: `t${n++}`, name: 't', orderNumbers: [], cpes: [look, ...platforms], purls: [] }, [look, ...platforms], `look-alike ${spec.vulnerabilityId} ${look}`);
              // The same device or software known only by vendor, model and version.
              const [part, vendor, product] = f as [string, string, string];
              const hardware = platforms.map((p) => fields(p)).find((p) => p?.[0] === 'h');
              const fwOfHardware = part === 'o' && hardware && product === `${hardware[2] as string}_firmware` && hardware[1] === vendor;
              const plain = platforms.length === 0 && (part === 'a' || (part === 'o' && product.endsWith('_firmware'))) && f.slice(4).every((x) => x === '*');
              if ((fwOfHardware || plain) && /^[a-z0-9_.-]+$/.test(product) && version !== '-') {
                const model = (fwOfHardware ? (hardware as string[])[2] : product.replace(/_firmware$/, '')) as string;
                const target: AssetMatchTarget = { kind: 'asset', id: `t${n++}`, name: 't', vendor, model: model.replace(/_/g, ' '), firmware: version, orderNumbers: [], cpes: [], purls: [] };
                record(board, DERIVED, index, spec, target, [cpe, ...platforms], `derived ${spec.vulnerabilityId} ${vendor} ${model} ${version}`);
              }
            }
          }
        });
      });
    }
    board.print(`NVD accuracy over ${specs.length} records`);
    expectGolden(golden);
    const exact = board.bucket(EXACT);
    expect(exact.tp).toBeGreaterThan(100);
    expect(Scoreboard.recall(exact)).toBe(1);
    expect(Scoreboard.precision(exact)).toBeGreaterThanOrEqual(0.99);
    // Derived matches are lower confidence by design: measured and printed, held to a looser bar.
    expect(Scoreboard.precision(board.bucket(DERIVED))).toBeGreaterThanOrEqual(0.95);
  });
});
