import { createQuestionDetector, DEFAULT_QUESTION_LISTS } from '../src/kernel/event-log/question-flag.rules.js';
import { refreshQuestions } from '../src/automation/service-desk/questions.repo.js';
import { ensureCommunity } from '../src/communities/community.service.js';
import { staffRoles } from '../src/members/roles/role.service.js';
import { openDatabase } from '../src/kernel/db/database.js';
import { toBatches, type BatchSource, type EventBatch } from '../src/kernel/event-log/event-batch.js';
import { ingestBatches, type IngestResult } from '../src/kernel/event-log/ingest.js';
import { streamJsonArrayChunks } from '../src/platforms/importers/json-array-stream.js';
import { parseInWorker } from '../src/platforms/importers/parse-in-worker.js';
import { importTelegramChunks } from '../src/platforms/importers/telegram/telegram.importer.js';
import { cleanWork, COMMUNITY, ensureExport, freshDir, groupSpec, log, TIMEZONE } from './lib/work.js';

/**
 * Where the import's time goes, phase by phase, on the ingest benchmark's 1M export (a diagnosis
 * aid, not part of `npm run bench`): `npx tsx bench/ingest-phases.ts`. First the two threads'
 * shares apart, each alone on this thread (wall and CPU seconds): the parse worker's (read, cut,
 * decode and parse the JSON, map, batch, stamp) and the main thread's (resolve, insert, rollups,
 * then questions and the commit, from batches parsed beforehand). Then the real import, the two
 * overlapped, with the main thread's time split into waiting for the worker and working. For a
 * CPU profile of both threads: `node --import tsx --cpu-prof --cpu-prof-dir=bench/.work/prof bench/ingest-phases.ts`.
 */
const exported = await ensureExport(groupSpec(0));
const stamps = { timezone: TIMEZONE, isQuestion: createQuestionDetector() };
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Wall and CPU time of `work` (CPU of the whole process: only this thread is busy here). */
async function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
  const [wall, cpu] = [performance.now(), cpuMs()];
  const value = await work();
  log(`${name}: ${seconds(performance.now() - wall)} (CPU ${seconds(cpuMs() - cpu)})`);
  return value;
}

await phase('worker share 1/2: read, cut and JSON.parse (streamJsonArrayChunks, binary strings)', async () => {
  for await (const _ of streamJsonArrayChunks(exported.path, 'messages', { binaryStrings: true }));
});
const workerShare = () => toBatches(importTelegramChunks({ path: exported.path, timezone: TIMEZONE }), stamps);
await phase('worker share 2/2: all of it (Telegram mapping, batches, days, question flags)', async () => {
  for await (const _ of workerShare());
});
// Kept for the main thread's share, untimed: holding a million events makes collecting garbage dearer.
const batches: EventBatch[] = [];
for await (const batch of workerShare()) batches.push(batch);

async function* replay() {
  yield* batches;
}

/** One import in one transaction from `source`, timing ingest, questions and the commit. */
async function importOnce(label: string, source: () => BatchSource) {
  const handle = await openDatabase({ dataDir: freshDir('phases') });
  const now = Date.now();
  let commitStart = 0;
  await handle.db.transaction().execute(async (trx) => {
    const community = await ensureCommunity(trx, COMMUNITY, TIMEZONE, now);
    const result: IngestResult = await phase(`${label}: ingestBatches (resolve, insert, rollups)`, () =>
      ingestBatches(handle, trx, community, source(), { isQuestion: stamps.isQuestion, now }),
    );
    await phase(`${label}: refreshQuestions`, async () =>
      refreshQuestions(trx, community.id, result.touched, await staffRoles(trx, community.id)),
    );
    commitStart = performance.now();
  });
  log(`${label}: commit (incl. WAL checkpoint): ${seconds(performance.now() - commitStart)}`);
  await handle.close();
}

await importOnce('main share (batches from memory)', replay);

// The real thing: the worker parses while this thread stores. Waiting = time spent for the next batch.
let waiting = 0;
let firstBatch = 0;
let lastBatch = 0;
const started = performance.now();
const worker = parseInWorker({
  format: 'telegram',
  path: exported.path,
  timezone: TIMEZONE,
  questions: DEFAULT_QUESTION_LISTS,
});
async function* timedBatches() {
  const source = worker[Symbol.asyncIterator]();
  for (;;) {
    const asked = performance.now();
    const next = await source.next();
    if (firstBatch === 0) firstBatch = performance.now();
    else waiting += performance.now() - asked;
    if (next.done) break;
    yield next.value;
  }
  lastBatch = performance.now();
}
await importOnce('import with the worker', () => ({ [Symbol.asyncIterator]: timedBatches, ready: worker.ready }));
log(
  `import with the worker: first batch after ${seconds(firstBatch - started)}, then the main thread waited ${seconds(waiting)} ` +
    `and worked ${seconds(lastBatch - firstBatch - waiting)} until the last batch`,
);
if (process.env.BENCH_KEEP !== '1') cleanWork();
