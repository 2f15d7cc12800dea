/**
 * Worker thread of match-workers.ts: opens the store with a connection of its own, then matches
 * the chunks it is sent (ChunkMatcher) and answers each with its results, in order.
 */
import { parentPort } from 'node:worker_threads';
import { openStore, type ReopenInfo, type Store } from '../store/database.js';
import { ChunkMatcher, type ChunkTarget } from './match-chunks.js';

export type WorkerRequest = { kind: 'open'; reopen: ReopenInfo } | { kind: 'chunk'; id: number; chunk: ChunkTarget[] } | { kind: 'close' };
export type WorkerAnswer =
  | { kind: 'ready' }
  | { kind: 'result'; id: number; results: Awaited<ReturnType<ChunkMatcher['match']>> }
  | { kind: 'failed'; id: number | null; error: string };

const port = parentPort;
if (port) {
  let store: Store | undefined;
  let matcher: Promise<ChunkMatcher> | undefined;
  const answer = (m: WorkerAnswer) => port.postMessage(m);
  const fail = (id: number | null, e: unknown) => answer({ kind: 'failed', id, error: e instanceof Error ? e.message : String(e) });
  // Requests are handled one at a time, in the order they came.
  let queue = Promise.resolve();
  port.on('message', (m: WorkerRequest) => {
    queue = queue.then(async () => {
      if (m.kind === 'open') {
        try {
          store = await openStore(m.reopen.location, { pgSchema: m.reopen.pgSchema, migrate: false });
          matcher = ChunkMatcher.open(store.db);
          await matcher;
          answer({ kind: 'ready' });
        } catch (e) {
          fail(null, e);
        }
        return;
      }
      if (m.kind === 'close') {
        await store?.close().catch(() => undefined);
        port.close();
        return;
      }
      try {
        if (!matcher) throw new Error('the worker has no store open');
        answer({ kind: 'result', id: m.id, results: await (await matcher).match(m.chunk) });
      } catch (e) {
        fail(m.id, e);
      }
    });
  });
}
