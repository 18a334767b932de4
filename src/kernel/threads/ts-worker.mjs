// Entry of every worker thread that runs TypeScript. Threads do not inherit a loader registered
// in-process (as ./bin/shequn and vitest do), so the worker registers tsx itself before loading
// the module named in its workerData (`tsWorker` in ts-worker.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
