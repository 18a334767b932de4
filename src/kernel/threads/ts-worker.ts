import { Worker } from 'node:worker_threads';

/**
 * Whether this module runs as the JavaScript that `npm run build` compiled into dist/. Its callers
 * then do too (dist/ is built whole and run whole by ./bin/shequn), and the worker modules they
 * name beside them are `.js` files that Node runs as they are; from the sources (tsx, vitest) a
 * worker has to register tsx first, through ts-worker.mjs.
 */
const COMPILED = new URL(import.meta.url).pathname.endsWith('.js');
const ENTRY = new URL('./ts-worker.mjs', import.meta.url);

/**
 * A worker thread running the TypeScript module at `module` (a URL, usually
 * `new URL('./x.worker.ts', import.meta.url)`), or the module compiled from it when this runs
 * compiled, with `data` beside it in `workerData`.
 *
 * @example
 * const worker = tsWorker(new URL('./parse-worker.ts', import.meta.url), { path });
 */
export function tsWorker(module: URL, data: object): Worker {
  if (COMPILED) return new Worker(new URL(module.href.replace(/\.ts$/, '.js')), { workerData: data });
  return new Worker(ENTRY, { workerData: { ...data, module: module.href } });
}
