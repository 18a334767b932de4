import { cpus } from 'node:os';

export interface RunInfo {
  date: string;
  node: string;
  machine: string;
}

/**
 * What every results file records beside its figures: when, on which Node and on which CPU.
 *
 * @example
 * runInfo() // { date: '2025-01-01T00:00:00.000Z', node: 'v20.19.0', machine: 'AMD EPYC × 2 cores' }
 */
export function runInfo(): RunInfo {
  const list = cpus();
  const model = list[0]?.model.trim() || 'unknown CPU';
  return { date: new Date().toISOString(), node: process.version, machine: `${model} × ${list.length} cores` };
}
