import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type SQLite from 'better-sqlite3';
import { ACTIVE_MIN_MESSAGE_DAYS, TIER_WINDOW_DAYS } from '../../src/members/stats/tier.rules.js';
import { dayToIso } from '../../src/kernel/time/local-day.js';

/**
 * The DuckDB side of the report benchmark: the raw event rows (no rollups) in an in-memory DuckDB
 * table, and the METRICS.md daily series and tier counts computed from them in SQL.
 */

export interface DuckMetrics {
  daily: Array<{ date: string; messages: number; activeMembers: number }>;
  tiers: { asOf: string; active: number; observer: number; lurker: number };
}

export interface DuckEvents {
  connection: DuckDBConnection;
  rows: number;
  close(): void;
}

/** Copies id, group, member, kind, day and time of every event of a Shequn SQLite database into DuckDB. */
export async function loadDuckEvents(sqlite: SQLite.Database, communityId: number): Promise<DuckEvents> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(
    'create table events (id integer, group_id integer, member_id integer, kind varchar, day integer, occurred_at bigint)',
  );
  const appender = await connection.createAppender('events');
  let rows = 0;
  const select = sqlite
    .prepare('select id, group_id, member_id, kind, day, occurred_at from events where community_id = ?')
    .raw();
  for (const r of select.iterate(communityId) as IterableIterator<[number, number, number, string, number, number]>) {
    appender.appendInteger(r[0]);
    appender.appendInteger(r[1]);
    appender.appendInteger(r[2]);
    appender.appendVarchar(r[3]);
    appender.appendInteger(r[4]);
    appender.appendBigInt(BigInt(r[5]));
    appender.endRow();
    rows++;
  }
  appender.closeSync();
  return {
    connection,
    rows,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Every day from the first to the last event day, zeros included, as the report's `daily`. */
const DAILY_SQL = `
with bounds as (select min(day) as first_day, max(day) as last_day from events),
     days as (select unnest(range(first_day, last_day + 1)) as day from bounds),
     counts as (
       select day,
              count(*) filter (where kind = 'message') as messages,
              count(distinct member_id) filter (where kind in ('message', 'checkin')) as active_members
         from events group by day)
select days.day::integer as day, coalesce(messages, 0)::integer as messages, coalesce(active_members, 0)::integer as active_members
  from days left join counts using (day)
 order by days.day`;

/**
 * Tiers as of the last event day D (METRICS.md): members present on D in at least one group —
 * latest join/leave on or before D is a join, or no join/leave there and a first event on or
 * before D — classed by their messages and check-ins in D-13..D.
 */
const TIERS_SQL = `
with bounds as (select max(day) as d from events),
     per_group as (
       select group_id, member_id, min(day) as first_day,
              count(*) filter (where kind in ('join', 'leave')) as membership_events,
              arg_max(kind, (occurred_at, id)) filter (where kind in ('join', 'leave') and day <= (select d from bounds)) as latest
         from events group by group_id, member_id),
     present as (
       select distinct member_id from per_group
        where case when latest is not null then latest = 'join'
                   else membership_events = 0 and first_day <= (select d from bounds) end),
     activity as (
       select member_id,
              count(distinct day) filter (where kind = 'message') as message_days,
              count(*) filter (where kind in ('message', 'checkin')) as events
         from events
        where day between (select d from bounds) - ${TIER_WINDOW_DAYS - 1} and (select d from bounds)
        group by member_id)
select (select d from bounds)::integer as d,
       count(*) filter (where coalesce(message_days, 0) >= ${ACTIVE_MIN_MESSAGE_DAYS})::integer as active,
       count(*) filter (where coalesce(message_days, 0) < ${ACTIVE_MIN_MESSAGE_DAYS} and coalesce(events, 0) > 0)::integer as observer,
       count(*) filter (where coalesce(events, 0) = 0)::integer as lurker
  from present left join activity using (member_id)`;

/** Runs both queries and reads their results into JS: the part the benchmark times. */
export async function duckMetrics(connection: DuckDBConnection): Promise<DuckMetrics> {
  const daily = (await connection.runAndReadAll(DAILY_SQL)).getRowObjectsJS() as Array<{
    day: number;
    messages: number;
    active_members: number;
  }>;
  const [tiers] = (await connection.runAndReadAll(TIERS_SQL)).getRowObjectsJS() as Array<{
    d: number;
    active: number;
    observer: number;
    lurker: number;
  }>;
  return {
    daily: daily.map((r) => ({ date: dayToIso(r.day), messages: r.messages, activeMembers: r.active_members })),
    tiers: { asOf: dayToIso(tiers.d), active: tiers.active, observer: tiers.observer, lurker: tiers.lurker },
  };
}
