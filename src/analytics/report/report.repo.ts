import { sql } from 'kysely';
import type { Db } from '../../kernel/db/database.js';
import { splitIntoMonths } from '../../kernel/event-log/months.js';
import { RETENTION_WINDOWS, type RetentionDayCounts } from '../metrics.rules.js';

/** Kysely queries over the event log's rollups for the report. Bots never reach the rollups. */

/** First and last day with any event, kept on the community at ingest. */
export async function eventDayBounds(
  db: Db,
  communityId: number,
): Promise<{ first: number | null; last: number | null }> {
  const row = await db
    .selectFrom('communities')
    .select(['first_day', 'last_day'])
    .where('id', '=', communityId)
    .executeTakeFirst();
  return { first: row?.first_day ?? null, last: row?.last_day ?? null };
}

export function communityDays(db: Db, communityId: number, from: number, to: number) {
  return db
    .selectFrom('community_days')
    .select(['day', 'messages', 'checkins', 'active_members'])
    .where('community_id', '=', communityId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .execute();
}

/**
 * Messages per member over the range (members with activity only): whole months from
 * `member_months`, the partial months at the range's edges from `member_days`.
 */
export async function messagesPerMember(
  db: Db,
  communityId: number,
  from: number,
  to: number,
): Promise<Array<{ member_id: number; messages: number }>> {
  const { months, edges } = splitIntoMonths(from, to);
  const parts = await Promise.all([
    months === null
      ? []
      : db
          .selectFrom('member_months')
          .select(['member_id', (eb) => eb.fn.sum<number>('messages').as('messages')])
          .where('community_id', '=', communityId)
          .where('month', '>=', months.from)
          .where('month', '<=', months.to)
          .groupBy('member_id')
          .execute(),
    ...edges.map((edge) =>
      db
        .selectFrom('member_days')
        .select(['member_id', (eb) => eb.fn.sum<number>('messages').as('messages')])
        .where('community_id', '=', communityId)
        .where('day', '>=', edge.from)
        .where('day', '<=', edge.to)
        .groupBy('member_id')
        .execute(),
    ),
  ]);
  if (parts.length === 1) return parts[0];
  const total = new Map<number, number>();
  for (const part of parts)
    for (const row of part) total.set(row.member_id, (total.get(row.member_id) ?? 0) + Number(row.messages));
  return [...total].map(([member_id, messages]) => ({ member_id, messages }));
}

/** Per member over a window: distinct days with messages, and activity events. */
export function tierWindow(db: Db, communityId: number, from: number, to: number) {
  return db
    .selectFrom('member_days')
    .select([
      'member_id',
      sql<number>`sum(case when messages > 0 then 1 else 0 end)`.as('message_days'),
      sql<number>`sum(messages + checkins)`.as('activity'),
    ])
    .where('community_id', '=', communityId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy('member_id')
    .execute();
}

/**
 * Members (not bots) whose day 0 is in the range, counted per day 0: how many, and for each
 * window of days after day 0 how many had activity in it. Members with the same day 0 share
 * their cohort and their windows' elapsing, so these counts are all the retention rates need.
 */
export async function retentionByDayZero(
  db: Db,
  communityId: number,
  from: number,
  to: number,
): Promise<RetentionDayCounts[]> {
  // One index-bounded probe of member_days per member and window: cheaper than joining every
  // active day of the first five weeks and folding them back per member.
  const flags = RETENTION_WINDOWS.map(
    (w, i) => sql`case when exists (select 1 from member_days d
                     where d.community_id = m.community_id and d.member_id = m.id
                       and d.day >= m.first_day + ${sql.lit(w.from)} and d.day <= m.first_day + ${sql.lit(w.to)}) then 1 else 0 end as ${sql.id(`w${i}`)}`,
  );
  const rows = await sql<Record<string, number>>`
    select day0, count(*) as size, ${sql.join(RETENTION_WINDOWS.map((_, i) => sql`sum(${sql.id(`w${i}`)}) as ${sql.id(`w${i}`)}`))}
      from (select m.first_day as day0, ${sql.join(flags)}
              from members m
             where m.community_id = ${communityId} and m.is_bot = 0 and m.first_day >= ${from} and m.first_day <= ${to}) per_member
     group by day0`.execute(db);
  return rows.rows.map((r) => ({
    day0: Number(r.day0),
    size: Number(r.size),
    retained: RETENTION_WINDOWS.map((_, i) => Number(r[`w${i}`])),
  }));
}

/**
 * The range's questions counted per time to answer (null: unanswered), fastest first. Answer
 * times repeat (whole seconds on most platforms, at most 24 h), so this is thousands of rows for
 * a million questions, and still every value the median and the percentiles need.
 */
export async function answerTimeCounts(
  db: Db,
  communityId: number,
  from: number,
  to: number,
): Promise<Array<{ answerMs: number | null; count: number }>> {
  const rows = await db
    .selectFrom('questions')
    .select(['answer_ms', (eb) => eb.fn.countAll<number>().as('count')])
    .where('community_id', '=', communityId)
    // `+day` is no column reference, so no index on day can serve these bounds: the planner walks
    // (community_id, answer_ms, day) in answer order, grouping without sorting.
    .where(sql`+day`, '>=', from)
    .where(sql`+day`, '<=', to)
    .groupBy('answer_ms')
    .orderBy('answer_ms')
    .execute();
  return rows.map((r) => ({ answerMs: r.answer_ms === null ? null : Number(r.answer_ms), count: Number(r.count) }));
}

export function groupsUpTo(db: Db, communityId: number, day: number) {
  return db
    .selectFrom('groups')
    .select(['id', 'name', 'first_day'])
    .where('community_id', '=', communityId)
    .where('first_day', '<=', day)
    .orderBy('id')
    .execute();
}

export function groupDailyMessages(db: Db, groupIds: number[], to: number) {
  if (groupIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('group_days')
    .select(['group_id', 'day', 'messages'])
    .where('group_id', 'in', groupIds)
    .where('day', '<=', to)
    .where('messages', '>', 0)
    .execute();
}

/** Daily messages of the given members in the given groups, up to `to`. */
export function memberGroupDailyMessages(db: Db, memberIds: number[], groupIds: number[], to: number) {
  if (memberIds.length === 0 || groupIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('group_member_days')
    .select(['group_id', 'member_id', 'day', 'messages'])
    .where('member_id', 'in', memberIds)
    .where('group_id', 'in', groupIds)
    .where('day', '<=', to)
    .where('messages', '>', 0)
    .execute();
}
