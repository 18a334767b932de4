import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../kernel/db/schema.js';
import { ACTIVE_MIN_MESSAGE_DAYS, TIER_WINDOW_DAYS, type OffsetSegment, type RuleTagFacts } from './member-stats.rules.js';

type Executor = Kysely<Database> | Transaction<Database>;

const MS_PER_DAY = 86_400_000;

/**
 * `events.occurred_at` shifted to local wall-clock milliseconds, one `case` arm per offset
 * segment (literal numbers, so both databases do integer arithmetic).
 */
export function localMsOf(column: string, segments: OffsetSegment[]): RawBuilder<number> {
  const ref = sql.ref(column);
  if (segments.length === 1) return sql<number>`(${ref} + ${sql.lit(segments[0].offset)})`;
  const arms = segments.slice(1).map((s, i) => sql`when ${ref} < ${sql.lit(s.from)} then ${sql.lit(segments[i].offset)}`);
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
 * group is on or before `day`. Membership events are read through the partial covering index.
 */
function presentMembersCte(communityId: number, day: number) {
  return sql`
    membership_events as (
      select group_id, member_id, kind, day, occurred_at, id from events
       where community_id = ${communityId} and kind in ('join', 'leave') and member_id is not null),
    latest_membership as (
      select group_id, member_id, kind from (
        select group_id, member_id, kind,
               row_number() over (partition by group_id, member_id order by occurred_at desc, id desc) as rn
          from membership_events where day <= ${day}) ranked
       where rn = 1),
    present as (
      select distinct ms.member_id from memberships ms
        left join latest_membership l on l.group_id = ms.group_id and l.member_id = ms.member_id
       where ms.community_id = ${communityId} and ms.first_day <= ${day}
         and (l.kind = 'join' or (l.kind is null and not exists (
               select 1 from membership_events e where e.group_id = ms.group_id and e.member_id = ms.member_id))))`;
}

/**
 * Sets every member's tier as of `asOf` (null for bots, `gone` for members not present), last
 * active day and message and check-in totals, in one statement. The `case` mirrors
 * metrics.rules `tierOf`; rows whose figures did not change are not written.
 */
export async function updateMemberFigures(db: Executor, communityId: number, asOf: number | null): Promise<void> {
  const tier =
    asOf === null
      ? sql`cast(null as text)`
      : sql`case when m.is_bot = 1 then null
                 when p.member_id is null then 'gone'
                 when coalesce(w.message_days, 0) >= ${sql.lit(ACTIVE_MIN_MESSAGE_DAYS)} then 'active'
                 when coalesce(w.activity, 0) > 0 then 'observer'
                 else 'lurker' end`;
  const day = asOf ?? 0;
  await sql`
    with ${presentMembersCte(communityId, day)},
    totals as (
      select member_id, sum(messages) as messages, sum(checkins) as checkins, max(day) as last_active_day
        from member_days where community_id = ${communityId} group by member_id),
    tier_window as (
      select member_id, sum(case when messages > 0 then 1 else 0 end) as message_days, sum(messages + checkins) as activity
        from member_days where community_id = ${communityId} and day > ${day - TIER_WINDOW_DAYS} and day <= ${day}
       group by member_id)
    update members
       set tier = s.tier, last_active_day = s.last_active_day, messages = s.messages, checkins = s.checkins
      from (select m.id, ${tier} as tier, t.last_active_day,
                   coalesce(t.messages, 0) as messages, coalesce(t.checkins, 0) as checkins
              from members m
              left join totals t on t.member_id = m.id
              left join tier_window w on w.member_id = m.id
              left join present p on p.member_id = m.id
             where m.community_id = ${communityId}) s
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
  const rows = await db.selectFrom('member_tags').select(['member_id', 'tag']).where('community_id', '=', communityId).where('source', '=', 'rule').execute();
  return new Set(rows.map((r) => `${r.member_id}:${r.tag}`));
}

const CHUNK = 500;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Adds rule tags; a manual tag of the same name on the same member is left as it is. */
export async function insertRuleTags(db: Executor, communityId: number, rows: Array<{ memberId: number; tag: string }>, now: number): Promise<void> {
  for (const part of chunks(rows)) {
    await db
      .insertInto('member_tags')
      .values(part.map((r) => ({ community_id: communityId, member_id: r.memberId, tag: r.tag, source: 'rule', created_at: now })))
      .onConflict((oc) => oc.columns(['member_id', 'tag']).doNothing())
      .execute();
  }
}

export async function deleteRuleTags(db: Executor, communityId: number, tag: string, memberIds: number[]): Promise<void> {
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
