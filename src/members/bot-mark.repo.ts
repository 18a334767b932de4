import { sql } from 'kysely';
import type { Executor } from '../kernel/db/database.js';

/** Queries behind marking a member as a bot: what their events put in the community's day totals and memberships. */

/** The groups and days the member has messages or check-ins on: where the day totals change. */
export async function groupDaysOf(db: Executor, communityId: number, memberId: number) {
  return db
    .selectFrom('events')
    .select(['group_id', 'day'])
    .distinct()
    .where('community_id', '=', communityId)
    .where('member_id', '=', memberId)
    .where('kind', 'in', ['message', 'checkin'])
    .execute();
}

export function findMember(db: Executor, communityId: number, memberId: number) {
  return db
    .selectFrom('members')
    .select(['id', 'is_bot', 'merged_into'])
    .where('community_id', '=', communityId)
    .where('id', '=', memberId)
    .executeTakeFirst();
}

export async function setBotFlag(db: Executor, memberId: number, isBot: boolean): Promise<void> {
  await db
    .updateTable('members')
    .set({ is_bot: isBot ? 1 : 0 })
    .where('id', '=', memberId)
    .execute();
}

/**
 * A bot has no memberships and no day 0 (ingest gives it none); a member again gets them back
 * from their events: a membership per group from their first event of any kind there, day 0 from
 * their first join or activity (METRICS.md).
 */
export async function rebuildPresence(db: Executor, communityId: number, memberId: number, isBot: boolean) {
  await db.deleteFrom('memberships').where('member_id', '=', memberId).execute();
  if (isBot) {
    await db.updateTable('members').set({ first_day: null }).where('id', '=', memberId).execute();
    return;
  }
  await sql`insert into memberships (group_id, member_id, community_id, first_day)
            select group_id, member_id, community_id, min(day) from events
             where community_id = ${communityId} and member_id = ${memberId}
             group by group_id, member_id, community_id`.execute(db);
  await sql`update members set first_day = (
              select min(day) from events
               where community_id = ${communityId} and member_id = ${memberId}
                 and kind in ('join', 'message', 'checkin'))
             where id = ${memberId}`.execute(db);
}

/**
 * Recounts the group-day and community-day message and check-in totals of the given days from the
 * member rollups (which hold exactly the counted members), adding a row where one was missing (a
 * day only a former bot spoke on).
 */
export async function recountDayTotals(
  db: Executor,
  communityId: number,
  groupDays: ReadonlyArray<{ group_id: number; day: number }>,
): Promise<void> {
  for (const { group_id, day } of groupDays) {
    const sums = await db
      .selectFrom('group_member_days')
      .select([
        sql<number>`coalesce(sum(messages), 0)`.as('messages'),
        sql<number>`coalesce(sum(checkins), 0)`.as('checkins'),
      ])
      .where('group_id', '=', group_id)
      .where('day', '=', day)
      .executeTakeFirstOrThrow();
    const row = { group_id, day, messages: Number(sums.messages), checkins: Number(sums.checkins) };
    await db
      .insertInto('group_days')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['group_id', 'day']).doUpdateSet({ messages: row.messages, checkins: row.checkins }),
      )
      .execute();
  }
  for (const day of new Set(groupDays.map((g) => g.day))) {
    const sums = await db
      .selectFrom('member_days')
      .select([
        sql<number>`coalesce(sum(messages), 0)`.as('messages'),
        sql<number>`coalesce(sum(checkins), 0)`.as('checkins'),
        sql<number>`count(*)`.as('active'),
      ])
      .where('community_id', '=', communityId)
      .where('day', '=', day)
      .executeTakeFirstOrThrow();
    const row = {
      community_id: communityId,
      day,
      messages: Number(sums.messages),
      checkins: Number(sums.checkins),
      active_members: Number(sums.active),
    };
    await db
      .insertInto('community_days')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['community_id', 'day'])
          .doUpdateSet({ messages: row.messages, checkins: row.checkins, active_members: row.active_members }),
      )
      .execute();
  }
}
