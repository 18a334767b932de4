// Entry of the parse worker thread. Threads do not inherit a loader registered in-process (as
// ./bin/shequn and vitest do), so the worker registers tsx itself before loading the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');
