/**
 * Worker threads for a large match: each opens the store with its own connection and matches the
 * chunks it is sent (match-worker.ts), while the calling thread writes the findings of the chunks
 * already matched. Matching only reads intelligence that the match transaction does not write
 * (specs, rules, decisions, VEX, aliases), so another connection sees the same.
 */
import { availableParallelism } from 'node:os';
import type { Worker as WorkerType } from 'node:worker_threads';
import type { ReopenInfo } from '../store/database.js';
import { startWorker, workerModule } from '../util/worker-module.js';
import type { ChunkTarget, ChunkOutcome } from './match-chunks.js';
import type { WorkerAnswer, WorkerRequest } from './match-worker.js';

export class MatchWorkers {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (r: ChunkOutcome) => void; reject: (e: Error) => void }>();

  private constructor(private readonly workers: WorkerType[]) {
    for (const worker of workers) {
      worker.on('message', (m: WorkerAnswer) => {
        if (m.kind === 'ready' || m.id === null) return;
        const waiting = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.kind === 'result') waiting?.resolve(m.results);
        else waiting?.reject(new Error(`match worker: ${m.error}`));
      });
      const broken = (e: unknown) => {
        const error = e instanceof Error ? e : new Error(`match worker stopped (${String(e)})`);
        for (const [id, waiting] of this.pending) {
          this.pending.delete(id);
          waiting.reject(error);
        }
      };
      worker.on('error', broken);
      worker.on('exit', broken);
    }
  }

  /** Starts `count` workers on the store; null when they cannot start (the caller matches itself). */
  static async start(reopen: ReopenInfo, count: number): Promise<MatchWorkers | null> {
    const module = workerModule(import.meta.url, 'match-worker');
    if (!module || count < 1) return null;
    const started = await Promise.all(
      Array.from({ length: count }, () =>
        startWorker(module, { youngGenerationMb: 64, isReady: (m) => (m as WorkerAnswer | null)?.kind === 'ready', hello: { kind: 'open', reopen } satisfies WorkerRequest }),
      ),
    );
    const workers = started.filter((w): w is WorkerType => w !== undefined);
    if (workers.length < count) {
      await Promise.all(workers.map((w) => w.terminate()));
      return null;
    }
    return new MatchWorkers(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  /** Matches a chunk on worker `index` (chunks sent to one worker are matched in order). */
  match(index: number, chunk: ChunkTarget[]): Promise<ChunkOutcome> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[index]!.postMessage({ kind: 'chunk', id, chunk } satisfies WorkerRequest);
    });
  }

  /** Lets each worker close its connection, then stops it (at once if it does not within a second). */
  async close(): Promise<void> {
    await Promise.all(
      this.workers.splice(0).map(
        (w) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => void w.terminate().then(() => resolve()), 1000);
            w.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            w.postMessage({ kind: 'close' } satisfies WorkerRequest);
          }),
      ),
    );
  }
}

/** From this many targets, a match is spread over worker threads (below, starting them costs more than it saves). */
export const PARALLEL_FROM = 10_000;

/**
 * Workers for a run of `targets` targets on `cores` cores: none below {@link PARALLEL_FROM}, else
 * one per core, at most four. `writeHeavy`: the calling thread will write most of the time (a first
 * full match fills the findings table), so it keeps a core of its own. On two cores a first full
 * match of 100,000 targets took 45.5–54.7 s (median 46.9) with one worker against 51.1–53.6 s
 * (median 52.5) with two competing with the writer; a re-match that writes little took 20.5 s with
 * two against 33.9 s with one.
 */
export function defaultWorkerCount(targets: number, cores: number, writeHeavy: boolean): number {
  if (targets < PARALLEL_FROM) return 0;
  return Math.max(0, Math.min(cores - (writeHeavy ? 1 : 0), 4));
}

/** The workers of one match run: started once the number of targets is known, closed at its end. */
export class RunWorkers {
  private starting: Promise<MatchWorkers | null> | null = null;
  /** Workers asked for (0: the run matches on its own thread). */
  count = 0;

  /** `requested`: a fixed number, or null for {@link defaultWorkerCount}. */
  constructor(
    private readonly reopen: ReopenInfo | null,
    private readonly requested: number | null,
  ) {}

  /** Starts the workers a run of `targets` targets calls for (the first call decides); see {@link defaultWorkerCount}. */
  startFor(targets: number, options: { writeHeavy?: boolean } = {}): void {
    if (this.starting || !this.reopen) return;
    this.count = Math.max(0, this.requested ?? defaultWorkerCount(targets, availableParallelism(), options.writeHeavy ?? false));
    if (this.count > 0) this.starting = MatchWorkers.start(this.reopen, this.count);
  }

  /** The started workers; null when none were asked for or they could not start. */
  get ready(): Promise<MatchWorkers | null> {
    return this.starting ?? Promise.resolve(null);
  }

  async close(): Promise<void> {
    await (await this.starting)?.close();
  }
}
