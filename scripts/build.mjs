// `npm run build`: compiles src/ into dist/ (see dist.mjs). Run by `npm install` through `prepare`.
import { fileURLToPath } from 'node:url';
import { buildDist } from './dist.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const started = performance.now();
await buildDist(`${root}src`, `${root}dist`);
console.log(`Compiled src/ into dist/ in ${Math.round(performance.now() - started)} ms`);
