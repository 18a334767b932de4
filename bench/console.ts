import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initialJsKbGzip } from './console-bundle.js';
import { runInfo } from './lib/machine.js';
import { log, RESULTS_DIR } from './lib/work.js';
import { benchMemberFilter } from './member-filter.js';
import { benchOverview } from './overview.js';

const GOALS = { memberFilterMs: 200, overviewMs: 1000, initialJsKbGzip: 500 } as const;

/**
 * The console's three figures in bench/results/console.json (BENCH.md): the members list filtered
 * over 100,000 members, the overview over 1M events, and the console's initial JavaScript. The
 * first two come from their own benchmarks (member-filter.json, overview-partial.json keep the detail).
 */
export async function benchConsole(): Promise<object> {
  log('console: building the console for the bundle size');
  execFileSync('npm', ['run', 'build:web'], { stdio: 'ignore' });
  const bundle = initialJsKbGzip();
  const members = (await benchMemberFilter()) as { memberFilterMs: number };
  const overview = (await benchOverview()) as { overviewMs: number };
  const figures = { memberFilterMs: members.memberFilterMs, overviewMs: overview.overviewMs, initialJsKbGzip: bundle };
  const result = {
    ...runInfo(),
    ...figures,
    goals: GOALS,
    goalsMet: Object.fromEntries(
      Object.entries(figures).map(([key, value]) => [key, value < GOALS[key as keyof typeof GOALS]]),
    ),
    detail: { memberFilter: 'member-filter.json', overview: 'overview-partial.json' },
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'console.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}
