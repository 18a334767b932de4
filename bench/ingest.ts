import { join } from 'node:path';
import { openDatabase } from '../src/kernel/db/database.js';
import { importExport } from '../src/communities/imports/import.service.js';
import { importLog } from './lib/event-log.js';
import { importTelegram } from '../src/platforms/importers/telegram/telegram.importer.js';
import { runInfo } from './lib/machine.js';
import { median, round, timed } from './lib/median.js';
import { openRawTarget, RAW_INDEXES, rawEventBatches, shequnEventIndexes } from './lib/raw-events.js';
import { COMMUNITY, ensureExport, freshDir, groupSpec, log, TIMEZONE, writeResult } from './lib/work.js';

const RUNS = 5;
const RAW_BATCH = 10_000;

/** Inserts the export's rows into a fresh plain table; times only the insert transactions. */
function rawRun(
  file: string,
  extraIndexes: string[],
  spec: ReturnType<typeof groupSpec>,
): { ms: number; rows: number; members: number; questions: number; replies: number } {
  const target = openRawTarget(file, extraIndexes);
  let ms = 0;
  let rows = 0;
  try {
    for (const batch of rawEventBatches(spec, TIMEZONE, RAW_BATCH)) {
      const start = process.hrtime.bigint();
      target.insertBatch(batch);
      ms += Number(process.hrtime.bigint() - start) / 1e6;
      rows += batch.length;
    }
    const check = target.sqlite
      .prepare(
        'select count(distinct member_id) as members, sum(is_question) as questions, count(reply_to_source_id) as replies from events',
      )
      .get() as { members: number; questions: number; replies: number };
    return { ms, rows, ...check };
  } finally {
    target.close();
  }
}

/**
 * ingest: a 1M-message Telegram export through `importExport` (parse, resolve, insert, rollups,
 * questions, one transaction) against the same rows inserted raw into a plain better-sqlite3
 * table in 10k-row transactions. Both are timed in the same run, alternately, RUNS times.
 */
export async function benchIngest(): Promise<object> {
  const spec = groupSpec(0);
  const exported = await ensureExport(spec);
  const messages = exported.summary.entries;
  log(
    `ingest: export of ${messages} messages, ${(exported.summary.bytes / 1e6).toFixed(0)} MB${exported.generateMs ? `, generated in ${(exported.generateMs / 1000).toFixed(1)} s` : ' (reused)'}`,
  );

  const shequnIndexes = await shequnEventIndexes();
  const parseMs: number[] = [];
  const importMs: number[] = [];
  const rawMs: number[] = [];
  const rawAllMs: number[] = [];
  let rowsMatch = true;
  for (let run = 1; run <= RUNS; run++) {
    const parse = await timed(async () => {
      let n = 0;
      for await (const _ of importTelegram({ path: exported.path, timezone: TIMEZONE })) n++;
      return n;
    });
    parseMs.push(parse.ms);

    const dir = freshDir('ingest-import');
    const handle = await openDatabase({ dataDir: dir });
    const imported = await timed(() =>
      importExport(importLog(handle), {
        path: exported.path,
        format: 'telegram',
        community: COMMUNITY,
        timezone: TIMEZONE,
      }),
    );
    importMs.push(imported.ms);
    const stored = handle
      .sqlite!.prepare(
        'select count(*) as rows, count(distinct member_id) as members, sum(is_question) as questions, count(reply_to_source_id) as replies from events',
      )
      .get() as { rows: number; members: number; questions: number; replies: number };
    await handle.close();

    const raw = rawRun(join(freshDir('ingest-raw'), 'raw.db'), [], spec);
    rawMs.push(raw.ms);
    const rawAll = rawRun(join(freshDir('ingest-raw-all'), 'raw.db'), shequnIndexes, spec);
    rawAllMs.push(rawAll.ms);

    const same =
      imported.value.inserted === messages &&
      stored.rows === raw.rows &&
      stored.members === raw.members &&
      stored.questions === raw.questions &&
      stored.replies === raw.replies;
    rowsMatch &&= same;
    log(
      `ingest run ${run}/${RUNS}: parse ${(parse.ms / 1000).toFixed(1)} s, import ${(imported.ms / 1000).toFixed(1)} s, ` +
        `raw ${(raw.ms / 1000).toFixed(2)} s, raw+all indexes ${(rawAll.ms / 1000).toFixed(2)} s${same ? '' : ` — ROWS DIFFER ${JSON.stringify({ stored, raw })}`}`,
    );
  }
  freshDir('ingest-import');
  freshDir('ingest-raw');
  freshDir('ingest-raw-all');

  const perSecond = (ms: number[]) => Math.round(messages / (median(ms) / 1000));
  const importPerSecond = perSecond(importMs);
  const rawPerSecond = perSecond(rawMs);
  const ratio = round(importPerSecond / rawPerSecond, 3);
  const result = {
    messages,
    importPerSecond,
    rawPerSecond,
    ratio,
    ...runInfo(),
    goal: 'ratio >= 0.5',
    goalMet: ratio >= 0.5,
    runs: RUNS,
    dataset: `one generated Telegram Desktop export (result.json layout): ${messages} entries = ${exported.summary.messages} messages + ${exported.summary.joins} joins + ${exported.summary.leaves} leaves, ${spec.members} members, ${spec.days} days from ${spec.startDate}, ${(exported.summary.bytes / 1e6).toFixed(0)} MB, seed ${spec.seed}`,
    importMeasures:
      'wall time of importExport(importLog(handle), { path, format: "telegram", community, timezone }) into a fresh data dir (database opened and migrated beforehand, untimed)',
    rawMeasures: `the same rows (generated without JSON, untimed) inserted with one prepared statement in ${RAW_BATCH}-row transactions; only the transactions are timed`,
    rawPragmas: 'journal_mode=WAL, synchronous=NORMAL, foreign_keys=ON, cache_size=-65536 (as openDatabase)',
    rawIndexes: RAW_INDEXES,
    rowsMatch,
    parseOnlyPerSecond: perSecond(parseMs),
    rawAllIndexesPerSecond: perSecond(rawAllMs),
    rawAllIndexes: [...RAW_INDEXES, ...shequnIndexes],
    ratioVsAllIndexes: round(importPerSecond / perSecond(rawAllMs), 3),
    medianMs: {
      parseOnly: round(median(parseMs)),
      import: round(median(importMs)),
      raw: round(median(rawMs)),
      rawAllIndexes: round(median(rawAllMs)),
    },
    runMs: {
      parseOnly: parseMs.map((ms) => round(ms)),
      import: importMs.map((ms) => round(ms)),
      raw: rawMs.map((ms) => round(ms)),
      rawAllIndexes: rawAllMs.map((ms) => round(ms)),
    },
  };
  log(`ingest: import ${importPerSecond}/s, raw ${rawPerSecond}/s, ratio ${ratio} → ${writeResult('ingest', result)}`);
  return result;
}
