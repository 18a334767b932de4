import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOverview } from '../src/analytics/overview/overview.service.js';
import { listGroupSummaries } from '../src/analytics/groups/group-health.service.js';
import { openDatabase } from '../src/kernel/db/database.js';
import { careList } from '../src/members/care/care.service.js';
import { assignRole } from '../src/members/roles/role.service.js';
import { importExport } from '../src/communities/imports/import.service.js';
import { importLog } from './lib/event-log.js';
import { rebuildQuestions } from '../src/automation/service-desk/questions.service.js';
import { runInfo } from './lib/machine.js';
import { median, round, timed } from './lib/median.js';
import { COMMUNITY, ensureExport, groupSpec, log, RESULTS_DIR, TIMEZONE } from './lib/work.js';
import { writeFileSync, mkdirSync } from 'node:fs';

const RUNS = 7;

/**
 * overview: the console's first screen (`buildOverview`: the report over the last 30 days of data,
 * every group's size, phase, DAU/WAU and health, silence alerts) on a community of 1M events — the
 * report benchmark's 1M Telegram export, imported with importExport, with three staff members.
 * Also timed, for information: the groups list and the care list. Writes
 * bench/results/overview-partial.json (`overviewMs`, to be merged into console.json).
 *
 * Run: `npx tsx bench/overview.ts` (the database lives in the OS temp directory and is removed).
 */
export async function benchOverview(): Promise<object> {
  const dir = mkdtempSync(join(tmpdir(), 'shequn-bench-overview-'));
  const handle = await openDatabase({ dataDir: dir });
  try {
    const exported = await ensureExport(groupSpec(0));
    const imported = await timed(() =>
      importExport(importLog(handle), {
        path: exported.path,
        format: 'telegram',
        community: COMMUNITY,
        timezone: TIMEZONE,
      }),
    );
    log(`overview: imported ${imported.value.inserted} events in ${(imported.ms / 1000).toFixed(1)} s`);
    const community = await handle.db
      .selectFrom('communities')
      .selectAll()
      .where('slug', '=', COMMUNITY)
      .executeTakeFirstOrThrow();
    const staff = await handle.db
      .selectFrom('members')
      .select('id')
      .where('community_id', '=', community.id)
      .orderBy('id')
      .limit(3)
      .execute();
    for (const [i, s] of staff.entries())
      await assignRole(
        handle.db,
        { communityId: community.id, memberId: s.id, role: i === 0 ? 'owner' : 'teacher' },
        rebuildQuestions,
      );
    handle.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
    const { events } = handle
      .sqlite!.prepare('select count(*) as events from events where community_id = ?')
      .get(community.id) as { events: number };

    const now = Date.now();
    const overviewMs: number[] = [];
    const groupsMs: number[] = [];
    const careMs: number[] = [];
    let sample: Awaited<ReturnType<typeof buildOverview>> | undefined;
    for (let run = 1; run <= RUNS; run++) {
      const o = await timed(() => buildOverview(handle.db, community, now));
      overviewMs.push(o.ms);
      sample = o.value;
      groupsMs.push((await timed(() => listGroupSummaries(handle.db, community, now))).ms);
      careMs.push((await timed(() => careList(handle.db, community, {}, now))).ms);
      log(
        `overview run ${run}/${RUNS}: overview ${o.ms.toFixed(0)} ms, groups ${groupsMs.at(-1)!.toFixed(0)} ms, care ${careMs.at(-1)!.toFixed(0)} ms`,
      );
    }
    const result = {
      overviewMs: round(median(overviewMs)),
      ...runInfo(),
      goal: { overviewMs: '< 1000' },
      goalMet: round(median(overviewMs)) < 1000,
      runs: RUNS,
      events,
      dataset: `the report benchmark's 1M dataset: one generated Telegram export of ${groupSpec(0).entries} entries imported with importExport into SQLite, plus three staff roles`,
      measures:
        'wall time of buildOverview(db, community, now): the report over the last 30 days of data, every group summary (size from joins and leaves, phase, DAU, WAU, health) and the alerts',
      asOf: sample!.asOf,
      groupsListMs: round(median(groupsMs)),
      careListMs: round(median(careMs)),
      runMs: {
        overview: overviewMs.map((ms) => round(ms)),
        groups: groupsMs.map((ms) => round(ms)),
        care: careMs.map((ms) => round(ms)),
      },
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    const path = join(RESULTS_DIR, 'overview-partial.json');
    writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
    log(`overview: ${result.overviewMs} ms (median of ${RUNS}) → ${path}`);
    return result;
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchOverview();
