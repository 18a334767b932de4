import { sql, type RawBuilder } from 'kysely';
import {
  ACTIVE_MIN_MESSAGE_DAYS,
  TIER_WINDOW_DAYS,
  type OffsetSegment,
  type RuleTagFacts,
} from './member-stats.rules.js';
import type { Executor } from '../../kernel/db/database.js';
import { MS_PER_DAY } from '../../kernel/time/local-day.js';

/**
 * `events.occurred_at` shifted to local wall-clock milliseconds, one `case` arm per offset
 * segment (literal numbers, so both databases do integer arithmetic).
 */
export function localMsOf(column: string, segments: OffsetSegment[]): RawBuilder<number> {
  const ref = sql.ref(column);
  if (segments.length === 1) return sql<number>`(${ref} + ${sql.lit(segments[0].offset)})`;
  const arms = segments
    .slice(1)
    .map((s, i) => sql`when ${ref} < ${sql.lit(s.from)} then ${sql.lit(segments[i].offset)}`);
  return sql<number>`(${ref} + case ${sql.join(arms, sql` `)} else ${sql.lit(segments[segments.length - 1].offset)} end)`;
}

/**
 * A UTC range surely covering local days [fromDay, toDay]: a day's margin either side covers
 * every zone offset. Callers also filter on `day` for the exact bounds.
 */
export function msRangeOfDays(fromDay: number, toDay: number): { fromMs: number; toMs: number } {
  return { fromMs: (fromDay - 1) * MS_PER_DAY, toMs: (toDay + 2) * MS_PER_DAY };
}

/**
 * Members (not bots) present on `day` (METRICS.md): in some group, the latest join or leave on or
 * before `day` is a join, or there are no joins or leaves there at all and the first event in that
 * group is on or before `day`. Membership events are read through their partial covering index;
 * the second case is a set difference, so no per-membership lookup is needed.
 */
function presentMembers(communityId: number, day: number) {
  return sql`
    select member_id from (
      select member_id, kind,
             row_number() over (partition by group_id, member_id order by occurred_at desc, id desc) as rn
        from events
       where community_id = ${communityId} and kind in ('join', 'leave') and member_id is not null and day <= ${day}) ranked
     where rn = 1 and kind = 'join'
    union
    select member_id from (
      select group_id, member_id from memberships where community_id = ${communityId} and first_day <= ${day}
      except
      select group_id, member_id from events
       where community_id = ${communityId} and kind in ('join', 'leave') and member_id is not null) without_membership_events`;
}

/**
 * Sets every member's tier as of `asOf` (null for bots, `gone` for members not present), last
 * active day and message and check-in totals, in one statement. The `case` mirrors
 * metrics.rules `tierOf`. Figures are read per member along primary keys (member_months,
 * member_days) and presence through one `in (…)` set, so the cost grows with the number of
 * members, never members × memberships; rows whose figures did not change are not written.
 */
export async function updateMemberFigures(db: Executor, communityId: number, asOf: number | null): Promise<void> {
  const day = asOf ?? 0;
  const days = (what: RawBuilder<unknown>, extra = sql``) =>
    sql`(select ${what} from member_days d where d.community_id = ${communityId} and d.member_id = m.id ${extra})`;
  const months = (what: RawBuilder<unknown>) =>
    sql`(select ${what} from member_months mm where mm.community_id = ${communityId} and mm.member_id = m.id)`;
  const inWindow = sql`and d.day > ${day - TIER_WINDOW_DAYS} and d.day <= ${day}`;
  const tier =
    asOf === null
      ? sql`cast(null as text)`
      : sql`case when f.is_bot = 1 then null
                 when f.present = 0 then 'gone'
                 when f.message_days >= ${sql.lit(ACTIVE_MIN_MESSAGE_DAYS)} then 'active'
                 when f.activity > 0 then 'observer'
                 else 'lurker' end`;
  await sql`
    update members
       set tier = s.tier, last_active_day = s.last_active_day, messages = s.messages, checkins = s.checkins
      from (select f.id, ${tier} as tier, f.last_active_day, f.messages, f.checkins
              from (select m.id, m.is_bot,
                           case when m.id in (${presentMembers(communityId, day)}) then 1 else 0 end as present,
                           ${days(sql`count(*)`, sql`${inWindow} and d.messages > 0`)} as message_days,
                           ${days(sql`coalesce(sum(d.messages + d.checkins), 0)`, inWindow)} as activity,
                           ${days(sql`max(d.day)`)} as last_active_day,
                           ${months(sql`coalesce(sum(mm.messages), 0)`)} as messages,
                           ${months(sql`coalesce(sum(mm.checkins), 0)`)} as checkins
                      from members m
                     where m.community_id = ${communityId}) f) s
     where members.id = s.id
       and (members.tier is distinct from s.tier or members.last_active_day is distinct from s.last_active_day
            or members.messages <> s.messages or members.checkins <> s.checkins)`.execute(db);
}

/**
 * Per member (not bots) over local days [fromDay, toDay]: what the rule tags are decided on.
 * Messages come from the events of the window, read group by group along (group_id, occurred_at);
 * questions from the questions table; check-in streaks from member_days (gaps and islands).
 */
export async function ruleTagFacts(
  db: Executor,
  communityId: number,
  fromDay: number,
  toDay: number,
  segments: OffsetSegment[],
): Promise<Map<number, RuleTagFacts>> {
  const { fromMs, toMs } = msRangeOfDays(fromDay, toDay);
  const localHour = sql`((${localMsOf('occurred_at', segments)} / 3600000) % 24)`;
  const [messages, questions, streaks, members] = await Promise.all([
    sql<{ member_id: number; messages: number; night: number; weekend: number }>`
      select member_id, count(*) as messages,
             sum(case when ${localHour} >= 23 or ${localHour} < 5 then 1 else 0 end) as night,
             sum(case when (day + 3) % 7 >= 5 then 1 else 0 end) as weekend
        from events
       where group_id in (select id from groups where community_id = ${communityId})
         and occurred_at >= ${fromMs} and occurred_at < ${toMs}
         and day >= ${fromDay} and day <= ${toDay}
         and kind = 'message' and member_id is not null
       group by member_id`.execute(db),
    db
      .selectFrom('questions')
      .select(['member_id', (eb) => eb.fn.countAll<number>().as('questions')])
      .where('community_id', '=', communityId)
      .where('day', '>=', fromDay)
      .where('day', '<=', toDay)
      .groupBy('member_id')
      .execute(),
    sql<{ member_id: number; streak: number }>`
      select member_id, max(run) as streak from (
        select member_id, count(*) as run from (
          select member_id, day - row_number() over (partition by member_id order by day) as island
            from member_days
           where community_id = ${communityId} and checkins > 0 and day >= ${fromDay} and day <= ${toDay}) days
         group by member_id, island) runs
       group by member_id`.execute(db),
    db.selectFrom('members').select(['id', 'first_day', 'is_bot']).where('community_id', '=', communityId).execute(),
  ]);

  const facts = new Map<number, RuleTagFacts>();
  const bots = new Set<number>();
  const factsOf = (memberId: number) => {
    let f = facts.get(memberId);
    if (!f) {
      f = { messages: 0, nightMessages: 0, weekendMessages: 0, questions: 0, longestCheckinStreak: 0, firstDay: null };
      facts.set(memberId, f);
    }
    return f;
  };
  for (const m of members) {
    if (m.is_bot) bots.add(m.id);
    else if (m.first_day !== null && m.first_day > toDay - 30) factsOf(m.id).firstDay = m.first_day; // only recent first days can make a newcomer
  }
  for (const r of messages.rows) {
    const f = factsOf(Number(r.member_id));
    f.messages = Number(r.messages);
    f.nightMessages = Number(r.night);
    f.weekendMessages = Number(r.weekend);
  }
  for (const r of questions) factsOf(Number(r.member_id)).questions = Number(r.questions);
  for (const r of streaks.rows) factsOf(Number(r.member_id)).longestCheckinStreak = Number(r.streak);
  for (const id of bots) facts.delete(id);
  return facts;
}

/** The community's rule tags as `${memberId}:${tag}` keys. */
export async function ruleTagKeys(db: Executor, communityId: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom('member_tags')
    .select(['member_id', 'tag'])
    .where('community_id', '=', communityId)
    .where('source', '=', 'rule')
    .execute();
  return new Set(rows.map((r) => `${r.member_id}:${r.tag}`));
}

const CHUNK = 500;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Adds rule tags; a manual tag of the same name on the same member is left as it is. */
export async function insertRuleTags(
  db: Executor,
  communityId: number,
  rows: Array<{ memberId: number; tag: string }>,
  now: number,
): Promise<void> {
  for (const part of chunks(rows)) {
    await db
      .insertInto('member_tags')
      .values(
        part.map((r) => ({
          community_id: communityId,
          member_id: r.memberId,
          tag: r.tag,
          source: 'rule',
          created_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['member_id', 'tag']).doNothing())
      .execute();
  }
}

export async function deleteRuleTags(
  db: Executor,
  communityId: number,
  tag: string,
  memberIds: number[],
): Promise<void> {
  for (const part of chunks(memberIds)) {
    await db
      .deleteFrom('member_tags')
      .where('community_id', '=', communityId)
      .where('source', '=', 'rule')
      .where('tag', '=', tag)
      .where('member_id', 'in', part)
      .execute();
  }
}
