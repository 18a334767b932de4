import { benchCheckinSurge } from './checkin-surge.js';
import { benchConsole } from './console.js';
import { benchIngest } from './ingest.js';
import { benchReport } from './report.js';
import { benchWebChat } from './web-chat.js';
import { cleanWork, log } from './lib/work.js';

/**
 * `npm run bench` runs every benchmark; `npm run bench -- ingest report` runs the ones named.
 * Each writes bench/results/<name>.json. Scratch data lives in bench/.work/ and is deleted at the
 * end (set BENCH_KEEP=1 to keep it, e.g. to profile against the generated databases).
 */
const BENCHMARKS: Record<string, () => Promise<object>> = {
  ingest: benchIngest,
  report: benchReport,
  console: benchConsole,
  'checkin-surge': benchCheckinSurge,
  'web-chat': benchWebChat,
};

const names = process.argv.slice(2).filter((a) => a !== '--');
const unknown = names.filter((n) => !(n in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; expected ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}

const started = Date.now();
try {
  for (const name of names.length > 0 ? names : Object.keys(BENCHMARKS)) {
    const result = await BENCHMARKS[name]();
    console.log(`${name}: ${JSON.stringify(result, null, 2)}`);
  }
} finally {
  if (process.env.BENCH_KEEP !== '1') cleanWork();
  log(`done in ${((Date.now() - started) / 60_000).toFixed(1)} min`);
}
