// Entry of every worker thread that runs TypeScript, from the sources (vitest, tsx, and ./bin/shequn
// when dist/ is stale). Threads do not inherit a loader registered in-process, so the worker
// registers tsx itself before loading the module named in its workerData (`tsWorker` in
// ts-worker.ts). Compiled, workers start from their .js module directly.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
