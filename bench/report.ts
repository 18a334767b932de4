import { rmSync } from 'node:fs';
import { buildReport } from '../src/analytics/report/report.service.js';
import type { Report } from '../src/analytics/report/report.types.js';
import { openDatabase, type DatabaseHandle } from '../src/kernel/db/database.js';
import { importExport } from '../src/communities/imports/import.service.js';
import { importLog } from './lib/event-log.js';
import { duckMetrics, loadDuckEvents, type DuckMetrics } from './lib/duckdb-metrics.js';
import { runInfo } from './lib/machine.js';
import { median, round, timed } from './lib/median.js';
import { COMMUNITY, ensureExport, freshDir, groupSpec, log, TIMEZONE, writeResult } from './lib/work.js';

const RUNS = 5;
const GROUPS_10M = 10;

interface Measured {
  events: number;
  reportMs: number[];
  duckdbMs: number[];
  duckdbLoadMs: number;
  matches: boolean;
  report: Report;
}

function sameMetrics(report: Report, duck: DuckMetrics): boolean {
  return JSON.stringify({ daily: report.daily, tiers: report.tiers }) === JSON.stringify(duck);
}

/** Times buildReport and the DuckDB queries alternately over the database as it stands. */
async function measure(handle: DatabaseHandle, label: string): Promise<Measured> {
  const sqlite = handle.sqlite!;
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const { id: communityId } = sqlite.prepare('select id from communities where slug = ?').get(COMMUNITY) as {
    id: number;
  };
  const { events } = sqlite
    .prepare('select count(*) as events from events where community_id = ?')
    .get(communityId) as { events: number };
  const load = await timed(() => loadDuckEvents(sqlite, communityId));
  const duck = load.value;
  log(
    `report ${label}: ${events} events; loaded ${duck.rows} rows into DuckDB in ${(load.ms / 1000).toFixed(1)} s (untimed)`,
  );
  const reportMs: number[] = [];
  const duckdbMs: number[] = [];
  let matches = true;
  let report: Report | undefined;
  try {
    for (let run = 1; run <= RUNS; run++) {
      // Alternate who goes first, so neither always runs on a warmer cache.
      const order = run % 2 === 1 ? ['report', 'duckdb'] : ['duckdb', 'report'];
      let duckResult: DuckMetrics | undefined;
      for (const which of order) {
        if (which === 'report') {
          const r = await timed(() => buildReport(handle.db, COMMUNITY));
          reportMs.push(r.ms);
          report = r.value;
        } else {
          const d = await timed(() => duckMetrics(duck.connection));
          duckdbMs.push(d.ms);
          duckResult = d.value;
        }
      }
      matches &&= sameMetrics(report!, duckResult!);
      log(
        `report ${label} run ${run}/${RUNS}: report ${reportMs.at(-1)!.toFixed(0)} ms, duckdb ${duckdbMs.at(-1)!.toFixed(0)} ms${matches ? '' : ' — RESULTS DIFFER'}`,
      );
    }
  } finally {
    duck.close();
  }
  return { events, reportMs, duckdbMs, duckdbLoadMs: load.ms, matches, report: report! };
}

async function importGroup(handle: DatabaseHandle, g: number, keepExport: boolean): Promise<number> {
  const exported = await ensureExport(groupSpec(g));
  const imported = await timed(() =>
    importExport(importLog(handle), {
      path: exported.path,
      format: 'telegram',
      community: COMMUNITY,
      timezone: TIMEZONE,
    }),
  );
  log(
    `report: group ${g + 1}/${GROUPS_10M} imported, ${imported.value.inserted} events in ${(imported.ms / 1000).toFixed(1)} s` +
      (exported.generateMs ? ` (generated in ${(exported.generateMs / 1000).toFixed(1)} s)` : ''),
  );
  if (!keepExport) rmSync(exported.path, { force: true });
  return imported.ms;
}

/**
 * report: buildReport over a community of 1M and then 10M imported events, against DuckDB
 * computing the daily series and the tiers from the same raw rows, timed alternately RUNS times.
 * The 10M community is the 1M one plus nine more 1M-message group exports, all through importExport.
 */
export async function benchReport(): Promise<object> {
  const handle = await openDatabase({ dataDir: freshDir('report-db') });
  try {
    const importMs = [await importGroup(handle, 0, true)];
    const at1M = await measure(handle, '1M');
    for (let g = 1; g < GROUPS_10M; g++) importMs.push(await importGroup(handle, g, false));
    const at10M = await measure(handle, '10M');

    const reportMs1M = round(median(at1M.reportMs));
    const reportMs10M = round(median(at10M.reportMs));
    const duckdbMs1M = round(median(at1M.duckdbMs));
    const duckdbMs10M = round(median(at10M.duckdbMs));
    const spec = groupSpec(0);
    const result = {
      reportMs1M,
      reportMs10M,
      duckdbMs1M,
      duckdbMs10M,
      ...runInfo(),
      goals: { reportMs1M: '< 1000', reportMs10M: '<= duckdbMs10M' },
      goalsMet: { reportMs1M: reportMs1M < 1000, reportMs10M: reportMs10M <= duckdbMs10M },
      runs: RUNS,
      events1M: at1M.events,
      events10M: at10M.events,
      dataset1M: `one generated Telegram Desktop export of ${spec.entries} entries (${spec.members} members, ${spec.days} days from ${spec.startDate}), imported with importExport`,
      dataset10M: `${GROUPS_10M} generated Telegram exports of 1M entries each, one group each, imported one after another with importExport into one community (the 1M community plus 9 groups); ${spec.members} members per group of whom ${spec.sharedMembers} are in every group; group g starts 10·g days after 2024-01-01, all end 2024-09-30`,
      reportMeasures:
        'wall time of buildReport(handle.db, slug) over the default range (first to last event day): daily, tiers, retention, response time, concentration, groups; SQLite WAL checkpointed after the imports',
      duckdbMeasures:
        'wall time of two DuckDB queries (daily messages and distinct active members per day, zero days included; tier counts as of the last day with presence) and reading their results into JS; loading the rows into the in-memory table is not timed',
      duckdbTable:
        "events(id, group_id, member_id, kind, day, occurred_at), copied from Shequn's events table (raw rows, no rollups) with the appender",
      duckdbMatchesReport: { '1M': at1M.matches, '10M': at10M.matches },
      tiers10M: at10M.report.tiers,
      duckdbLoadMs: { '1M': round(at1M.duckdbLoadMs), '10M': round(at10M.duckdbLoadMs) },
      importMsPerGroup: importMs.map((ms) => round(ms)),
      runMs: {
        report1M: at1M.reportMs.map((ms) => round(ms)),
        duckdb1M: at1M.duckdbMs.map((ms) => round(ms)),
        report10M: at10M.reportMs.map((ms) => round(ms)),
        duckdb10M: at10M.duckdbMs.map((ms) => round(ms)),
      },
    };
    log(
      `report: 1M ${reportMs1M} ms vs DuckDB ${duckdbMs1M} ms; 10M ${reportMs10M} ms vs DuckDB ${duckdbMs10M} ms → ${writeResult('report', result)}`,
    );
    return result;
  } finally {
    await handle.close();
  }
}
