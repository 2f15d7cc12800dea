/**
 * Optional parallel matching: a batch of targets (each with the indices of its candidate specs)
 * split across worker threads. The engine is pure, so a worker gives exactly the answers
 * `matchTargetDetailed` gives on the calling thread; when workers cannot be started (no
 * worker_threads, a runtime that cannot load the worker module, one core) or one fails, the batch
 * is matched on the calling thread instead. Options that are functions in `EngineOptions`
 * (`csafProducts`, `canonicalId`, `aliases`) travel as data (`csafProducts`, `canonicalIds`,
 * `aliases` tables).
 *
 * Measured in bench/match.ts (MATCH_BENCH_WORKERS=2), copying each chunk's specs to the workers and
 * the findings back costs more than the matching it spreads: use it only where a spec is expensive
 * to match compared with copying it (see README.md).
 */
import { availableParallelism } from 'node:os';
import type { Worker as WorkerType } from 'node:worker_threads';
import type { MatchTarget, UserDecision } from '../../model/finding.js';
import type { CsafProduct } from '../../model/intel.js';
import type { VexStatement } from '../../model/sbom.js';
import { matchTargetDetailed, type EngineOptions, type MatchResult } from './engine.js';
import type { MatchableSpec } from './types.js';
import { startWorker, workerModule } from '../../util/worker-module.js';

export interface MatchBatchItem {
  target: MatchTarget;
  /** Indices into `MatchBatch.specs` of the candidate specs (those sharing a key with the target). */
  candidates: readonly number[];
  decisions?: readonly UserDecision[] | undefined;
  vex?: readonly VexStatement[] | undefined;
}

export interface MatchBatch {
  /** Every candidate spec of the batch, once. */
  specs: readonly MatchableSpec[];
  items: readonly MatchBatchItem[];
  /** Relationship components not embedded in the specs (`withCsafComponents`): advisory id, product. */
  csafProducts?: ReadonlyArray<{ advisoryId: string; product: CsafProduct }> | undefined;
  /** Canonical id of vulnerability ids that have another one (GHSA → CVE); identity otherwise. */
  canonicalIds?: Readonly<Record<string, string>> | undefined;
  /** Other ids of a vulnerability, for VEX statements written with an alias. */
  aliases?: Readonly<Record<string, readonly string[]>> | undefined;
  deriveCpes?: boolean | undefined;
  maxCriteria?: number | undefined;
}

/** The engine options of a batch, rebuilt from its data tables. */
function optionsOf(batch: MatchBatch): EngineOptions {
  const options: EngineOptions = { deriveCpes: batch.deriveCpes, maxCriteria: batch.maxCriteria };
  if (batch.csafProducts && batch.csafProducts.length > 0) {
    const products = new Map<string, Map<string, CsafProduct>>();
    for (const { advisoryId, product } of batch.csafProducts) {
      let m = products.get(advisoryId);
      if (!m) products.set(advisoryId, (m = new Map()));
      m.set(product.productId, product);
    }
    options.csafProducts = (advisoryId, productId) => products.get(advisoryId)?.get(productId);
  }
  const canonical = batch.canonicalIds;
  if (canonical) options.canonicalId = (id) => (Object.hasOwn(canonical, id) ? (canonical[id] as string) : id);
  const aliases = batch.aliases;
  if (aliases) options.aliases = (id) => (Object.hasOwn(aliases, id) ? (aliases[id] as readonly string[]) : []);
  return options;
}

/** Matches a batch on the calling thread: one result per item, in order. */
export function matchBatch(batch: MatchBatch): MatchResult[] {
  const base = optionsOf(batch);
  return batch.items.map((item) => {
    const specs: MatchableSpec[] = [];
    for (const i of item.candidates) {
      const spec = batch.specs[i];
      if (spec) specs.push(spec);
    }
    return matchTargetDetailed(item.target, specs, { ...base, decisions: item.decisions, vex: item.vex });
  });
}

/** The part of a batch with items [from, to): only the specs those items use, renumbered. */
export function sliceBatch(batch: MatchBatch, from: number, to: number): MatchBatch {
  const renumber = new Map<number, number>();
  const specs: MatchableSpec[] = [];
  const items = batch.items.slice(from, to).map((item) => ({
    ...item,
    candidates: item.candidates.map((i) => {
      let j = renumber.get(i);
      if (j === undefined) {
        j = specs.length;
        renumber.set(i, j);
        specs.push(batch.specs[i] as MatchableSpec);
      }
      return j;
    }),
  }));
  return { ...batch, specs, items };
}

export interface MatchPoolOptions {
  /** Worker threads (default: available cores, at most 8). 1 or fewer: the calling thread only. */
  workers?: number | undefined;
  /**
   * Young generation of each worker, MB (default 96, several times V8's default): matching
   * allocates many short-lived objects, and a larger nursery lets them die there instead of being
   * copied and promoted.
   */
  youngGenerationMb?: number | undefined;
}

/**
 * A set of worker threads for {@link matchBatch}, kept across batches (starting a worker costs tens
 * of milliseconds). `close()` when done. Every method degrades to the calling thread.
 */
export class MatchPool {
  private constructor(private readonly workers: WorkerType[]) {}

  /** Starts the workers; a pool with no workers (calling thread only) when they cannot start. */
  static async create(options: MatchPoolOptions = {}): Promise<MatchPool> {
    const wanted = Math.min(options.workers ?? availableParallelism(), 8);
    if (wanted <= 1) return new MatchPool([]);
    const module = workerModule(import.meta.url, 'parallel-worker');
    if (!module) return new MatchPool([]);
    const started = await Promise.all(
      Array.from({ length: wanted }, () => startWorker(module, { youngGenerationMb: options.youngGenerationMb ?? 96, isReady: (m) => m === 'ready' }).catch(() => undefined)),
    );
    // Idle workers never keep the process alive (see runOn).
    for (const w of started) w?.unref();
    const workers = started.filter((w): w is WorkerType => w !== undefined);
    if (workers.length < 2) {
      await Promise.all(workers.map((w) => w.terminate()));
      return new MatchPool([]);
    }
    return new MatchPool(workers);
  }

  /** Number of worker threads (0: the calling thread matches). */
  get size(): number {
    return this.workers.length;
  }

  /** Matches a batch, split across the workers; the same results as {@link matchBatch}. */
  async match(batch: MatchBatch): Promise<MatchResult[]> {
    const n = this.workers.length;
    if (n === 0 || batch.items.length < 2) return matchBatch(batch);
    const per = Math.ceil(batch.items.length / n);
    const parts = this.workers.map((worker, w) => ({ worker, from: w * per, to: Math.min(batch.items.length, (w + 1) * per) })).filter((p) => p.from < p.to);
    const results = await Promise.all(
      parts.map(({ worker, from, to }) =>
        runOn(worker, sliceBatch(batch, from, to)).catch(() => matchBatch(sliceBatch(batch, from, to))),
      ),
    );
    return results.flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.terminate()));
  }
}

function runOn(worker: WorkerType, batch: MatchBatch): Promise<MatchResult[]> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { ok: true; results: MatchResult[] } | { ok: false; error: string }): void => {
      cleanup();
      if (m.ok) resolve(m.results);
      else reject(new Error(m.error));
    };
    const onError = (e: unknown): void => {
      cleanup();
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    const cleanup = (): void => {
      worker.unref();
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onError);
    };
    worker.ref();
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onError);
    worker.postMessage(batch);
  });
}

/**
 * Matches a batch with a pool started for it (or the given one), degrading to the calling thread.
 * For many batches, create one {@link MatchPool} and reuse it.
 */
export async function matchBatchParallel(batch: MatchBatch, options: MatchPoolOptions & { pool?: MatchPool | undefined } = {}): Promise<MatchResult[]> {
  if (options.pool) return options.pool.match(batch);
  const pool = await MatchPool.create(options);
  try {
    return await pool.match(batch);
  } finally {
    await pool.close();
  }
}
