import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeTelegramExport, type ChatSpec, type ExportSummary } from './generate-telegram.js';
import { timed } from './median.js';

/**
 * Scratch space for generated exports and databases (gitignored); removed at the end of a run.
 * BENCH_WORK moves it, so that runs sharing a checkout do not delete each other's files.
 */
export const WORK_DIR = process.env.BENCH_WORK
  ? join(process.env.BENCH_WORK, '/')
  : fileURLToPath(new URL('../.work/', import.meta.url));
export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

export const COMMUNITY = 'bench';
export const TIMEZONE = 'Asia/Shanghai';
/** Entries per export; BENCH_ENTRIES shrinks it for a quick smoke run (its figures mean nothing). */
export const MESSAGES_PER_EXPORT = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const MEMBERS_PER_GROUP = 4000;
const SHARED_MEMBERS = 600;
const DAYS = 274; // 2024-01-01 .. 2024-09-30
const STAGGER_DAYS = 10;

/**
 * Group `g` of the benchmark community: 1M entries, 4000 members of whom 600 are in every group,
 * starting 10 days after group g-1 and ending on the same day, so the last day sees all groups.
 */
export function groupSpec(g: number, entries = MESSAGES_PER_EXPORT): ChatSpec {
  const start = new Date(Date.UTC(2024, 0, 1 + g * STAGGER_DAYS)).toISOString().slice(0, 10);
  return {
    chatId: 1_712_345_600 + g,
    name: `早起打卡营 ${g + 1} 群`,
    seed: 20_240_101 + g,
    entries,
    members: MEMBERS_PER_GROUP,
    groupIndex: g,
    sharedMembers: SHARED_MEMBERS,
    startDate: start,
    days: DAYS - g * STAGGER_DAYS,
  };
}

export function freshDir(name: string): string {
  const dir = join(WORK_DIR, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

export interface GeneratedExport {
  path: string;
  summary: ExportSummary;
  /** 0 when an identical export from earlier in the run was reused. */
  generateMs: number;
}

/** Writes the export for `spec`, or reuses the one an earlier benchmark of this run wrote. */
export async function ensureExport(spec: ChatSpec): Promise<GeneratedExport> {
  mkdirSync(join(WORK_DIR, 'exports'), { recursive: true });
  const path = join(WORK_DIR, 'exports', `telegram-${spec.chatId}-${spec.entries}.json`);
  const metaPath = `${path}.meta.json`;
  const wanted = JSON.stringify(spec);
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { spec: string; summary: ExportSummary };
    if (meta.spec === wanted && statSync(path).size === meta.summary.bytes)
      return { path, summary: meta.summary, generateMs: 0 };
  }
  const { ms, value: summary } = await timed(() => writeTelegramExport(path, spec));
  writeFileSync(metaPath, JSON.stringify({ spec: wanted, summary }));
  return { path, summary, generateMs: ms };
}

export function cleanWork(): void {
  rmSync(WORK_DIR, { recursive: true, force: true });
}

export function writeResult(name: string, result: object): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.json`);
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
  return path;
}

/** Progress lines on stderr, so long runs show where they are. */
export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
