/**
 * Accuracy of the CSAF matcher over the real advisories in ../shared/fixtures/csaf: for every
 * product an advisory gives a status for, synthetic assets inside, outside and on each bound of its
 * range (by vendor + name, and by order number when the advisory lists one), plus look-alikes of the
 * same vendor with another model or order number, and the same product from another vendor. The
 * expected answer is the advisory's own product status, read by the independent oracle of harness.ts.
 */
import { describe, expect, it } from 'vitest';
import { extractCsaf } from '../../src/formats/csaf/index.js';
import { withCsafComponents } from '../../src/engine/match/index.js';
import { toCpe23 } from '../../src/formats/cpe/index.js';
import type { AssetMatchTarget } from '../../src/model/finding.js';
import type { AdvisoryRecord, CsafProduct, CsafProductSpec } from '../../src/model/intel.js';
import { fixture, haveFixtures } from '../support/fixtures.js';
import { jsonFiles, KeyIndex, mutateName, norm, oracleContains, readJson, expectGolden, readOracleRange, recordGolden, Scoreboard, versionsAround, type OracleRange } from './harness.js';

const NAME = 'csaf: vendor + name + range';
const ORDER = 'csaf: order number';
const RELATION = 'csaf: relationship (CPE platform)';

function displayName(p: CsafProduct): string {
  return p.productName ?? p.productFamily ?? p.name;
}

/** The name as an inventory would hold it: the advisory's name without parenthesised qualifiers. */
function stripped(name: string): string {
  return name.replace(/\([^()]*\)/g, ' ').replace(/\s+/g, ' ').trim();
}

function modelNumbers(p: CsafProduct): string[] {
  const inName = [...displayName(p).matchAll(/\(([A-Za-z0-9][A-Za-z0-9*?#x -]{8,})\)/g)].map((m) => (m[1] as string).trim()).filter((x) => /\d{3}/.test(x) && x.includes('-'));
  return [...p.helpers.modelNumbers, ...p.helpers.skus, ...inName];
}

/** An order number as printed on a device that fits the advisory's pattern. */
function instantiate(pattern: string): string {
  const lowerX = /[A-Z]/.test(pattern);
  return pattern.replace(/\*+/g, 'A1').replace(/[?#]/g, '0').replace(/x/g, (c) => (lowerX ? 'S' : c));
}

/** The order number with its last literal (non-wildcard) letter or digit changed. */
function mutateOrder(pattern: string): string {
  const order = instantiate(pattern);
  const star = pattern.search(/[*?#]/);
  const lastLiteral = star >= 0 ? star - 1 : order.length - 1;
  const chars = [...order];
  for (let i = lastLiteral; i >= 0; i--) {
    const c = chars[i] as string;
    if (/[0-8]/.test(c)) chars[i] = String(Number(c) + 1);
    else if (c === '9') chars[i] = '7';
    else if (/[A-Y]/.test(c)) chars[i] = String.fromCharCode(c.charCodeAt(0) + 1);
    else continue;
    return chars.join('');
  }
  return `${order}9`;
}

/** Another model of the same vendor: a digit of the first model token changed, or the last word replaced. */
/** The oracle's reading of a product's version statement (service pack below the version is the version). */
function oracleRangeOf(p: CsafProduct): OracleRange | undefined {
  if (p.productName === undefined && p.productFamily === undefined) return p.versionRange === undefined ? { kind: 'all' } : readOracleRange(p.versionRange);
  const sp = [...p.attributes].reverse().find((a) => a.category === 'service_pack' || a.category === 'patch_level')?.name;
  return readOracleRange(p.versionRange, sp ?? p.version);
}

interface Case {
  bucket: string;
  target: AssetMatchTarget;
  /** Products the asset may be (same vendor, same name, order number not excluding it). */
  candidates: CsafProduct[];
  label: string;
}

function evaluate(board: Scoreboard, index: KeyIndex, specs: CsafProductSpec[], c: Case): void {
  const versionsTested = c.target.firmware;
  const findings = index.match(c.target);
  const vulns = [...new Set(specs.map((s) => s.vulnerabilityId))];
  const candidateIds = new Set(c.candidates.map((p) => p.productId));
  for (const vuln of vulns) {
    const relevant = specs.filter((s) => s.vulnerabilityId === vuln && candidateIds.has(s.product.productId));
    let expected = false;
    let unreadable = false;
    for (const s of relevant) {
      const range = oracleRangeOf(s.product);
      if (!range) {
        unreadable = true;
        continue;
      }
      if (s.status !== 'affected') continue;
      if (oracleContains(range, versionsTested)) expected = true;
    }
    if (unreadable && !expected) {
      board.skip(c.bucket);
      if (process.env.ACCURACY_VERBOSE) console.log(`skipped ${c.label} ${vuln}: ${relevant.map((s) => s.product.versionRange ?? s.product.version).join(' | ')}`);
      continue;
    }
    board.record(c.bucket, expected, findings.find((f) => f.vulnerabilityId === vuln), `${c.label} ${vuln}`);
  }
}

describe.skipIf(!haveFixtures)('accuracy: CSAF advisories', () => {
  it('finds every affected product and almost nothing else', () => {
    const board = new Scoreboard();
    const golden = recordGolden('csaf');
    const files = ['cisa-ot', 'vendor', 'vex'].flatMap((d) => jsonFiles(fixture('csaf', d)));
    expect(files.length).toBeGreaterThan(30);
    let advisories = 0;
    for (const file of files) {
      let advisory: AdvisoryRecord;
      let specs: CsafProductSpec[];
      try {
        ({ advisory, specs } = extractCsaf(readJson(file), file));
      } catch {
        continue;
      }
      advisories++;
      const matchable = withCsafComponents(specs, advisory.products);
      const index = new KeyIndex(matchable);
      const inStatus = new Map<string, CsafProduct>();
      for (const s of specs) inStatus.set(s.product.productId, s.product);
      const plain = [...inStatus.values()].filter((p) => !p.relationship && p.vendor);
      const taken = new Set(plain.map((p) => norm(stripped(displayName(p)))));
      const productsOf = (vendor: string, name: string, order?: string): CsafProduct[] =>
        plain.filter((q) => q.vendor === vendor && norm(stripped(displayName(q))) === norm(name) && (order === undefined || modelNumbers(q).length === 0 || modelNumbers(q).some((m) => instantiate(m) === order)));

      for (const p of plain) {
        const vendor = p.vendor as string;
        const name = stripped(displayName(p));
        if (name === '') continue;
        const range = oracleRangeOf(p);
        const points: Array<string | undefined> = range ? versionsAround(range) : [p.version ?? '1.0'];
        const spelled = (v: string | undefined, _i: number): string | undefined => v;
        const base = { kind: 'asset' as const, name: 'synthetic', vendor, cpes: [], purls: [] };
        // By vendor + name.
        points.forEach((v, i) => {
          const target: AssetMatchTarget = { ...base, id: `${p.productId}-n${i}`, model: name, firmware: spelled(v, i), orderNumbers: [] };
          evaluate(board, index, specs, { bucket: NAME, target, candidates: productsOf(vendor, name), label: `${advisory.id} ${name} @${target.firmware ?? '-'}` });
        });
        // By order number.
        const numbers = modelNumbers(p);
        if (numbers.length > 0) {
          const order = instantiate(numbers[0] as string);
          points.forEach((v, i) => {
            const target: AssetMatchTarget = { ...base, id: `${p.productId}-o${i}`, model: name, firmware: spelled(v, i), orderNumbers: [order] };
            evaluate(board, index, specs, { bucket: ORDER, target, candidates: productsOf(vendor, name, order), label: `${advisory.id} ${order} @${target.firmware ?? '-'}` });
          });
          // Look-alike: same name, another order number.
          const other = mutateOrder(numbers[0] as string);
          if (!plain.some((q) => modelNumbers(q).some((m) => instantiate(m) === other))) {
            const inside = points.find((v) => !range || oracleContains(range, v));
            const target: AssetMatchTarget = { ...base, id: `${p.productId}-lo`, model: name, firmware: spelled(inside, 0), orderNumbers: [other] };
            evaluate(board, index, specs, { bucket: ORDER, target, candidates: productsOf(vendor, name, other), label: `look-alike ${advisory.id} ${other}` });
          }
        }
        // Look-alike model of the same vendor, and the same product from another vendor: never affected.
        const inside = points.find((v) => !range || oracleContains(range, v)) ?? '1.0';
        const lookAlike = mutateName(name, taken);
        if (lookAlike) {
          const target: AssetMatchTarget = { ...base, id: `${p.productId}-lm`, model: lookAlike, firmware: spelled(inside, 0), orderNumbers: [] };
          evaluate(board, index, specs, { bucket: NAME, target, candidates: [], label: `look-alike ${advisory.id} ${lookAlike}` });
        }
        const foreign: AssetMatchTarget = { ...base, id: `${p.productId}-ov`, vendor: 'Acme Industrial Controls', model: name, firmware: spelled(inside, 0), orderNumbers: [] };
        evaluate(board, index, specs, { bucket: NAME, target: foreign, candidates: [], label: `other vendor ${advisory.id} ${name}` });
      }

      // Relationship products whose platform has a CPE (Red Hat style: component of a platform).
      for (const spec of matchable) {
        if (spec.kind !== 'csaf-product' || !spec.product.relationship || !spec.components) continue;
        const productSide = spec.components.find((c) => c.productId === spec.product.relationship?.productReference);
        const platform = spec.components.find((c) => c.productId === spec.product.relationship?.relatesToProductReference);
        if (!productSide || !platform?.helpers.cpe || productSide.relationship || platform.relationship) continue;
        const cpe = toCpe23(platform.helpers.cpe);
        const named = productSide.productName !== undefined || productSide.productFamily !== undefined;
        const range = readOracleRange(productSide.versionRange, named ? productSide.version : undefined);
        const v = range && range.kind !== 'all' ? versionsAround(range)[0] : undefined;
        const target: AssetMatchTarget = { kind: 'asset', id: `${spec.product.productId}-r`, name: 'synthetic', vendor: productSide.vendor, model: displayName(productSide), firmware: v, orderNumbers: [], cpes: [cpe], purls: productSide.helpers.purls };
        const findings = index.match(target);
        const expected = spec.status === 'affected';
        const f = findings.find((x) => x.vulnerabilityId === spec.vulnerabilityId);
        if (!range && !expected) {
          board.skip(RELATION);
          continue;
        }
        // Statuses other than affected must come back as that status (the vendor's VEX), counted as negatives.
        if (!expected && f && f.status !== 'affected' && f.status !== spec.status) board.skip(RELATION);
        board.record(RELATION, expected, f, `${advisory.id} ${spec.product.productId}`);
      }
    }
    board.print(`CSAF accuracy over ${advisories} advisories`);
    expectGolden(golden);
    for (const bucket of [NAME, ORDER]) {
      const c = board.bucket(bucket);
      expect(c.tp, bucket).toBeGreaterThan(0);
      expect(Scoreboard.recall(c), bucket).toBe(1);
      expect(Scoreboard.precision(c), bucket).toBeGreaterThanOrEqual(0.99);
    }
  });
});
