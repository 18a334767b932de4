import { buildReport } from '../src/analytics/report/report.service.js';
import * as repo from '../src/analytics/report/report.repo.js';
import * as groupRepo from '../src/communities/group.repo.js';
import { openDatabase } from '../src/kernel/db/database.js';
import { median, round, timed } from './lib/median.js';
import { COMMUNITY, log, WORK_DIR } from './lib/work.js';

/**
 * Where the report's time goes, query by query (a diagnosis aid, not part of `npm run bench`), on
 * the database a `BENCH_KEEP=1 npm run bench -- report` run left behind (10M events):
 * `npx tsx bench/report-phases.ts [dataDir]`. Opening the database runs pending migrations first.
 */
const dataDir = process.argv[2] ?? `${WORK_DIR}report-db`;
const RUNS = 5;
const handle = await openDatabase({ dataDir });
const sqlite = handle.sqlite!;
sqlite.pragma('wal_checkpoint(TRUNCATE)');
const { id } = sqlite.prepare('select id from communities where slug = ?').get(COMMUNITY) as { id: number };
const { first, last } = await repo.eventDayBounds(handle.db, id);
if (first === null || last === null) throw new Error('no events');

const groupIds = (await repo.groupsUpTo(handle.db, id, last)).map((g) => g.id);
const phases: Record<string, () => Promise<unknown>> = {
  eventDayBounds: () => repo.eventDayBounds(handle.db, id),
  communityDays: () => repo.communityDays(handle.db, id, first, last),
  messagesPerMember: () => repo.messagesPerMember(handle.db, id, first, last),
  tierWindow: () => repo.tierWindow(handle.db, id, last - 13, last),
  membershipsUpTo: () => groupRepo.membershipsUpTo(handle.db, id, last),
  membershipEvents: () => groupRepo.membershipEvents(handle.db, id),
  retention: () => repo.retentionByDayZero(handle.db, id, first, last),
  answerTimeCounts: () => repo.answerTimeCounts(handle.db, id, first, last),
  groupDailyMessages: () => repo.groupDailyMessages(handle.db, groupIds, last),
  buildReport: () => buildReport(handle.db, COMMUNITY),
};
for (const [name, run] of Object.entries(phases)) {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) ms.push((await timed(run)).ms);
  log(`${name}: median ${round(median(ms))} ms (${ms.map((m) => round(m)).join(', ')})`);
}
await handle.close();
