import { Worker } from 'node:worker_threads';

const ENTRY = new URL('./ts-worker.mjs', import.meta.url);

/**
 * A worker thread running the TypeScript module at `module` (a URL, usually
 * `new URL('./x.worker.ts', import.meta.url)`), with `data` beside it in `workerData`.
 *
 * @example
 * const worker = tsWorker(new URL('./parse-worker.ts', import.meta.url), { path });
 */
export function tsWorker(module: URL, data: object): Worker {
  return new Worker(ENTRY, { workerData: { ...data, module: module.href } });
}
