/**
 * How to start a worker thread module that sits beside the calling module: the compiled `.js`
 * directly, or, when running from TypeScript sources (tsx, vitest), a small bootstrap that registers
 * tsx in the worker first (loader hooks given to the main thread do not reach worker threads on
 * Node 20). `undefined` when neither is possible: callers then do the work on their own thread.
 */
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';

export interface WorkerModule {
  spec: string | URL;
  /** True when `spec` is code to evaluate (the tsx bootstrap) rather than a module URL. */
  eval: boolean;
}

/** `callerUrl`: the caller's `import.meta.url`; `name`: the worker module's file name without extension. */
export function workerModule(callerUrl: string, name: string): WorkerModule | undefined {
  if (!/\.ts$/.test(fileURLToPath(callerUrl))) return { spec: new URL(`./${name}.js`, callerUrl), eval: false };
  let api = 'tsx/esm/api';
  try {
    // The ESM entry of tsx's API, as this module resolves it (vitest has no import.meta.resolve: the bare name then).
    if (typeof import.meta.resolve === 'function') api = import.meta.resolve('tsx/esm/api');
    else createRequire(callerUrl).resolve('tsx/esm/api');
  } catch {
    return undefined;
  }
  const worker = new URL(`./${name}.ts`, callerUrl).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(worker)}); }).catch((e) => { console.error(e); process.exit(1); });`;
  return { spec: code, eval: true };
}

/**
 * Starts a worker from `module` and waits for its first message: the worker when `isReady` accepts
 * it, undefined when it cannot be created, fails, exits or answers otherwise (it is then stopped).
 * `hello`: a message sent as soon as it runs (what it needs to get ready).
 */
export async function startWorker(
  module: WorkerModule,
  options: { youngGenerationMb: number; isReady: (first: unknown) => boolean; hello?: unknown },
): Promise<Worker | undefined> {
  const { Worker } = await import('node:worker_threads');
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      // A larger young generation than V8's default: the work allocates many short-lived objects.
      worker = new Worker(module.spec, { eval: module.eval, resourceLimits: { maxYoungGenerationSizeMb: options.youngGenerationMb } });
    } catch {
      resolve(undefined);
      return;
    }
    const fail = (): void => {
      void worker.terminate();
      resolve(undefined);
    };
    worker.once('error', fail);
    worker.once('exit', fail);
    worker.once('message', (m: unknown) => {
      worker.off('error', fail);
      worker.off('exit', fail);
      if (options.isReady(m)) resolve(worker);
      else fail();
    });
    if (options.hello !== undefined) worker.postMessage(options.hello);
  });
}
