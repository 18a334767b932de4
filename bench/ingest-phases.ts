import { createQuestionDetector } from '../src/automation/service-desk/question.rules.js';
import { refreshQuestions } from '../src/automation/service-desk/questions.repo.js';
import { ensureCommunity } from '../src/communities/community.service.js';
import { openDatabase } from '../src/kernel/db/database.js';
import { ingestEvents } from '../src/kernel/event-log/ingest.js';
import { streamJsonArray } from '../src/platforms/importers/json-array-stream.js';
import { importTelegram } from '../src/platforms/importers/telegram/telegram.importer.js';
import type { ImportedEvent } from '../src/platforms/importers/types.js';
import { timed } from './lib/median.js';
import { cleanWork, COMMUNITY, ensureExport, freshDir, groupSpec, log, TIMEZONE } from './lib/work.js';

/**
 * Where the import's time goes, phase by phase, on the ingest benchmark's 1M export (a diagnosis
 * aid, not part of `npm run bench`): `npx tsx bench/ingest-phases.ts`. It repeats the steps of
 * ingestIntoCommunity (import.service.ts) with a timer around each, feeding ingest from events
 * parsed beforehand so parsing and storing are measured apart. For a CPU profile of the real
 * import: `node --import tsx --cpu-prof --cpu-prof-dir=bench/.work/prof bench/ingest-phases.ts`.
 */
const exported = await ensureExport(groupSpec(0));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const scan = await timed(async () => {
  let n = 0;
  for await (const _ of streamJsonArray(exported.path, 'messages')) n++;
  return n;
});
log(`scan + JSON.parse per element (streamJsonArray): ${seconds(scan.ms)}`);

const parsed = await timed(async () => {
  const events: ImportedEvent[] = [];
  for await (const e of importTelegram({ path: exported.path, timezone: TIMEZONE })) events.push(e);
  return events;
});
log(`whole parse (importTelegram, ${parsed.value.length} events): ${seconds(parsed.ms)}`);

async function* replay(events: ImportedEvent[]) {
  yield* events;
}

const handle = await openDatabase({ dataDir: freshDir('phases') });
const now = Date.now();
let commitStart = 0;
await handle.db.transaction().execute(async (trx) => {
  const community = await ensureCommunity(trx, COMMUNITY, TIMEZONE, now);
  const ingest = await timed(() => ingestEvents(handle, trx, community, replay(parsed.value), { isQuestion: createQuestionDetector(), now }));
  log(`ingestEvents from memory (resolve, insert, rollups; ${ingest.value.inserted} new): ${seconds(ingest.ms)}`);
  const questions = await timed(() => refreshQuestions(trx, community.id, ingest.value.touched));
  log(`refreshQuestions: ${seconds(questions.ms)}`);
  commitStart = performance.now();
});
log(`commit (incl. WAL checkpoint): ${seconds(performance.now() - commitStart)}`);
await handle.close();
if (process.env.BENCH_KEEP !== '1') cleanWork();
