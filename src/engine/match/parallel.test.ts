import { describe, expect, it } from 'vitest';
import { specMatchKeys, targetMatchKeys } from './index.js';
import { MatchPool, matchBatch, matchBatchParallel, sliceBatch, type MatchBatch } from './parallel.js';
import { generateTargets, syntheticCorpus } from './test-support/synthetic.js';
import type { MatchableSpec } from './types.js';

function batchOf(nTargets: number): MatchBatch {
  const corpus = syntheticCorpus(5);
  const specs: MatchableSpec[] = [...corpus.generateNvd(2_000), ...corpus.generateCsaf(40)];
  const byKey = new Map<string, number[]>();
  specs.forEach((s, i) => {
    for (const k of specMatchKeys(s)) (byKey.get(k) ?? byKey.set(k, []).get(k))?.push(i);
  });
  const items = generateTargets(nTargets, 9).map((target) => {
    const seen = new Set<number>();
    for (const k of targetMatchKeys(target)) for (const i of byKey.get(k) ?? []) seen.add(i);
    return { target, candidates: [...seen] };
  });
  return { specs, items };
}

describe('parallel matching', () => {
  it('slices a batch without changing any answer', () => {
    const batch = batchOf(300);
    const whole = matchBatch(batch);
    const parts = [...matchBatch(sliceBatch(batch, 0, 120)), ...matchBatch(sliceBatch(batch, 120, 300))];
    expect(parts).toStrictEqual(whole);
    expect(whole.some((r) => r.findings.length > 0)).toBe(true);
  });

  it('gives the calling thread’s answers through worker threads (or on the calling thread when workers cannot start)', async () => {
    const batch = batchOf(400);
    const pool = await MatchPool.create({ workers: 2 });
    try {
      expect([0, 2]).toContain(pool.size);
      expect(await pool.match(batch)).toStrictEqual(matchBatch(batch));
      // The pool is reusable.
      const again = sliceBatch(batch, 100, 200);
      expect(await pool.match(again)).toStrictEqual(matchBatch(again));
    } finally {
      await pool.close();
    }
    expect(await matchBatchParallel(sliceBatch(batch, 0, 50), { workers: 1 })).toStrictEqual(matchBatch(sliceBatch(batch, 0, 50)));
  });

  it('rebuilds function options from data', () => {
    const batch = batchOf(50);
    const withIds: MatchBatch = { ...batch, canonicalIds: Object.fromEntries(batch.specs.map((s) => [s.vulnerabilityId, `X-${s.vulnerabilityId}`])) };
    const r = matchBatch(withIds).flatMap((x) => x.findings);
    expect(r.length).toBeGreaterThan(0);
    expect(r.every((f) => f.vulnerabilityId.startsWith('X-'))).toBe(true);
  });
});
