import { sql } from 'kysely';
import type { TouchedWindow } from '../../kernel/event-log/ingest.js';
import { staffOfGroup, type StaffRole } from '../../members/roles/roles.rules.js';
import type { Executor } from '../../kernel/db/database.js';

/** Only answers within this long count (METRICS.md). */
export const ANSWER_WINDOW_MS = 86_400_000;

async function botsOf(db: Executor, communityId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('members')
    .select('id')
    .where('community_id', '=', communityId)
    .where('is_bot', '=', 1)
    .execute();
  return rows.map((r) => r.id);
}

// `in (…)` needs at least one value; ids are positive, so -1 never matches.
const idList = (ids: number[]) => sql.join((ids.length ? ids : [-1]).map((id) => sql`${id}`));

/**
 * Recomputes the stored questions of one group asked in [from - 24 h, to], with their first answer
 * (METRICS.md): where the group's data carries reply links, the first later message by another
 * member linked to the question (a direct reply, or a later message in its thread); otherwise the
 * first later message by staff, or by any other member when the group has no staff.
 */
export async function refreshGroupQuestions(
  db: Executor,
  communityId: number,
  groupId: number,
  window: TouchedWindow,
  staffRoles: readonly StaffRole[],
  /** The community's bots, when the caller read them for several groups. */
  knownBots?: number[],
): Promise<void> {
  const from = window.from - ANSWER_WINDOW_MS;
  const to = window.to;
  const group = await db
    .selectFrom('groups')
    .select('has_reply_links')
    .where('id', '=', groupId)
    .executeTakeFirstOrThrow();
  const staff = staffOfGroup(staffRoles, groupId);
  const bots = knownBots ?? (await botsOf(db, communityId));
  const notBot = (alias: string) => sql`${sql.ref(`${alias}.member_id`)} not in (${idList(bots)})`;
  // A plain range on occurred_at first, so the (group_id, occurred_at) index bounds the scan.
  const later = sql`a.occurred_at >= q.occurred_at and a.occurred_at <= q.occurred_at + ${ANSWER_WINDOW_MS}
    and (a.occurred_at > q.occurred_at or a.id > q.id)`;

  const firstAnswer = group.has_reply_links
    ? sql`(select min(t) from (
          select min(a.occurred_at) as t from events a
           where a.community_id = q.community_id and a.reply_to_source_id = q.source_id and a.kind = 'message'
             and a.member_id <> q.member_id and ${notBot('a')} and ${later}
          union all
          select min(a.occurred_at) as t from events a
           where q.thread_source_id is not null and a.community_id = q.community_id
             and a.thread_source_id = q.thread_source_id and a.kind = 'message'
             and a.member_id <> q.member_id and ${notBot('a')} and ${later}
        ) answers)`
    : staff.length > 0
      ? sql`(select a.occurred_at from events a
             where a.group_id = q.group_id and a.kind = 'message' and a.member_id in (${idList(staff)}) and ${later}
             order by a.occurred_at limit 1)`
      : sql`(select a.occurred_at from events a
             where a.group_id = q.group_id and a.kind = 'message' and a.member_id <> q.member_id and ${notBot('a')} and ${later}
             order by a.occurred_at limit 1)`;

  await db
    .deleteFrom('questions')
    .where('group_id', '=', groupId)
    .where('asked_at', '>=', from)
    .where('asked_at', '<=', to)
    .execute();
  await sql`
    insert into questions (event_id, community_id, group_id, member_id, asked_at, day, answer_ms)
    select q.id, q.community_id, q.group_id, q.member_id, q.occurred_at, q.day, ${firstAnswer} - q.occurred_at
      from events q
     where q.group_id = ${groupId} and q.kind = 'message' and q.is_question = 1
       and q.occurred_at >= ${from} and q.occurred_at <= ${to}
       and q.member_id not in (${idList(staff)}) and ${notBot('q')}
  `.execute(db);
}

/** Refreshes the questions of every touched group. */
export async function refreshQuestions(
  db: Executor,
  communityId: number,
  touched: Map<number, TouchedWindow>,
  staffRoles: readonly StaffRole[],
): Promise<void> {
  // The bots once for every group: a batch of room posts touches many groups, and finding the bots scans the members.
  const bots = touched.size > 1 ? await botsOf(db, communityId) : undefined;
  for (const [groupId, window] of touched)
    await refreshGroupQuestions(db, communityId, groupId, window, staffRoles, bots);
}

/** Recomputes every question of a community, e.g. after roles changed who counts as staff. */
export async function rebuildQuestions(
  db: Executor,
  communityId: number,
  staffRoles: readonly StaffRole[],
): Promise<void> {
  const groups = await db.selectFrom('groups').select('id').where('community_id', '=', communityId).execute();
  const bots = await botsOf(db, communityId);
  for (const g of groups)
    await refreshGroupQuestions(db, communityId, g.id, { from: -4e15, to: 4e15 }, staffRoles, bots);
}
