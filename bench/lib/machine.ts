import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

export interface RunInfo {
  date: string;
  node: string;
  machine: string;
  /** The commit measured, with "+dirty" when src/ had uncommitted changes. */
  commit: string;
}

/** Read once, when the benchmark starts: the code being measured is the code loaded then. */
const COMMIT_AT_START = commit();

function commit(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', 'src') ? '+dirty' : ''}`;
  } catch {
    return 'unknown';
  }
}

/**
 * What every results file records beside its figures: when, on which Node, on which CPU, at which commit.
 *
 * @example
 * runInfo() // { date: '2025-01-01T00:00:00.000Z', node: 'v20.19.0', machine: 'AMD EPYC × 2 cores', commit: '192379b' }
 */
export function runInfo(): RunInfo {
  const list = cpus();
  const model = list[0]?.model.trim() || 'unknown CPU';
  return {
    date: new Date().toISOString(),
    node: process.version,
    machine: `${model} × ${list.length} cores`,
    commit: COMMIT_AT_START,
  };
}
