/**
 * Golden answers of the engine, pinned before its performance work: a deterministic synthetic set
 * (the bench/match.ts generators at a small size, with version spellings the bench does not use)
 * and the real OSV records in ../shared/fixtures against components inside, on and outside their
 * ranges. Every finding's status, confidence, vulnerability and deciding tier is compared in
 * clear, the evidence, reasons and issues through a digest (files under ./golden). The
 * accuracy suites (csaf, nvd, cve5) record their answers the same way.
 */
import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { matchTargetDetailed, specMatchKeys, targetMatchKeys, type MatchableSpec } from '../../src/engine/match/index.js';
import { purlTypeForEcosystem } from '../../src/engine/match/purl-keys.js';
import { generateTargets, syntheticCorpus } from '../../src/engine/match/test-support/synthetic.js';
import { readOsv } from '../../src/formats/osv/index.js';
import type { ComponentMatchTarget, MatchTarget } from '../../src/model/finding.js';
import type { OsvRangeSpec } from '../../src/model/intel.js';
import { fixture, haveFixtures } from '../support/fixtures.js';
import { expectGolden, GoldenLog, jsonFiles } from './harness.js';

function index(specs: readonly MatchableSpec[]): (target: MatchTarget) => MatchableSpec[] {
  const byKey = new Map<string, MatchableSpec[]>();
  for (const spec of specs) for (const key of specMatchKeys(spec)) (byKey.get(key) ?? byKey.set(key, []).get(key))?.push(spec);
  return (target) => {
    const seen = new Set<MatchableSpec>();
    for (const key of targetMatchKeys(target)) for (const spec of byKey.get(key) ?? []) seen.add(spec);
    return [...seen];
  };
}

function run(golden: GoldenLog, specs: readonly MatchableSpec[], targets: readonly MatchTarget[]): void {
  const candidates = index(specs);
  for (const target of targets) {
    const { findings, issues } = matchTargetDetailed(target, candidates(target));
    golden.add(target, findings, issues);
  }
}

describe('golden answers', () => {
  it('synthetic corpus (bench generators)', () => {
    const corpus = syntheticCorpus(7);
    const specs: MatchableSpec[] = [...corpus.generateNvd(4_000), ...corpus.generateCsaf(80)];
    const base = generateTargets(1_500, 3);
    const targets: MatchTarget[] = [...base];
    // Version spellings and gaps the generators do not produce.
    const spellings = ['V2.1 SP1', '3.4.0 HF2', 'R5.2', '020.011', '', 'V4.5 SP2 HF1', '7.0.0-rc1', '*', 'garbage version!', '1.2.3.4.5'];
    base.forEach((t, i) => {
      if (i % 5 !== 0) return;
      const v = spellings[(i / 5) % spellings.length] as string;
      targets.push(t.kind === 'asset' ? { ...t, id: `${t.id}-s`, firmware: v || undefined } : { ...t, id: `${t.id}-s`, version: v || undefined, cpe: t.cpe?.replace(/:(\d+\.\d+\.\d+):/, `:${v.replace(/[^a-z0-9.*-]/gi, '_') || '-'}:`) });
    });
    // Targets aimed at the corpus (the random ones above mostly miss it): on and around the bounds of
    // NVD criteria, and the CSAF products by name, by order number and by a look-alike number.
    specs.slice(0, 700).forEach((spec, i) => {
      if (spec.kind !== 'cpe-config') return;
      const c = spec.configurations[0]?.nodes[0]?.cpeMatch[0];
      if (!c) return;
      const [, , part, vendor, product] = c.criteria.split(':') as string[];
      for (const [j, v] of [c.versionStartIncluding, c.versionEndExcluding, '0.1', `${c.versionEndExcluding ?? '1'}.1`, 'V1.5.0'].entries()) {
        if (v === undefined) continue;
        const version = j === 2 && i % 3 === 0 ? '*' : v;
        if (part === 'o') {
          const model = (product as string).replace(/_firmware$/, '');
          targets.push({ kind: 'asset', id: `nvd-${i}-${j}`, name: 'PLC', vendor, model: model.replace(/_/g, ' '), firmware: `V${version}`, orderNumbers: [], cpes: i % 2 === 0 ? [] : [`cpe:2.3:o:${vendor}:${product}:${version}:*:*:*:*:*:*:*`, `cpe:2.3:h:${vendor}:${model}:-:*:*:*:*:*:*:*`], purls: [] });
        } else targets.push({ kind: 'component', id: `nvd-${i}-${j}`, name: product as string, version, supplier: vendor, cpe: `cpe:2.3:a:${vendor}:${product}:${version}:*:*:*:*:*:*:*`, hashes: [] });
      }
    });
    specs.forEach((spec, i) => {
      if (spec.kind !== 'csaf-product' || i % 37 !== 0) return;
      const p = spec.product;
      const version = p.versionRange?.match(/V?(\d+\.\d+\.\d+)/)?.[1] ?? '1.0.0';
      const order = p.helpers.modelNumbers[0];
      for (const [j, firmware] of [`V${version}`, version, 'V0.0.1', 'V99.0'].entries()) {
        targets.push({ kind: 'asset', id: `csaf-${i}-${j}`, name: 'PLC', vendor: p.vendor, model: p.productName?.replace(/\s*\(.*\)$/, ''), firmware, orderNumbers: order && j % 2 === 0 ? [order] : [], cpes: [], purls: [] });
      }
      if (order) targets.push({ kind: 'asset', id: `csaf-${i}-lo`, name: 'PLC', vendor: p.vendor, model: p.productName?.replace(/\s*\(.*\)$/, ''), firmware: 'V0.0.1', orderNumbers: [order.replace(/AP00/, 'AQ00')], cpes: [], purls: [] });
    });
    const golden = new GoldenLog('synthetic');
    run(golden, specs, targets);
    expectGolden(golden);
  });

  it.skipIf(!haveFixtures)('OSV records against components', () => {
    const specs: OsvRangeSpec[] = [];
    for (const file of jsonFiles(fixture('osv'))) {
      try {
        for (const r of readOsv(readFileSync(file, 'utf8'), { file }).records) for (const s of r.specs) if (s.kind === 'osv-range') specs.push(s);
      } catch {
        // not an OSV document
      }
    }
    const targets: ComponentMatchTarget[] = [];
    specs.forEach((spec, i) => {
      const type = purlTypeForEcosystem(spec.ecosystem);
      const purlBase = spec.purl?.replace(/@.*$/, '') ?? (type && spec.packageName ? `pkg:${type}/${spec.packageName.startsWith('@') ? `%40${spec.packageName.slice(1)}` : spec.packageName.replace(/:/g, '/')}` : undefined);
      if (!purlBase) return;
      const versions = new Set<string>(['0.0.1', '999.0.0', ...spec.versions.slice(0, 3)]);
      for (const range of spec.ranges) for (const e of range.events) for (const v of Object.values(e)) if (typeof v === 'string' && v !== '0' && v.length < 40) versions.add(v);
      [...versions].slice(0, 8).forEach((version, j) => {
        targets.push({ kind: 'component', id: `osv-${i}-${j}`, name: spec.packageName ?? 'x', version, purl: `${purlBase}@${encodeURIComponent(version)}`, hashes: [] });
      });
    });
    const golden = new GoldenLog('osv');
    run(golden, specs, targets);
    expectGolden(golden);
  });
});

