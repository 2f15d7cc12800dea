/** Worker thread of parallel.ts: matches the batches it is sent with the same pure engine. */
import { parentPort } from 'node:worker_threads';
import { matchBatch, type MatchBatch } from './parallel.js';

const port = parentPort;
if (port) {
  port.on('message', (batch: MatchBatch) => {
    try {
      port.postMessage({ ok: true, results: matchBatch(batch) });
    } catch (e) {
      port.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  });
  port.postMessage('ready');
}
