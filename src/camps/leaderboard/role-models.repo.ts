import { sql, type Transaction } from 'kysely';
import type { Database } from '../../kernel/db/schema.js';
import type { Executor } from '../../kernel/db/database.js';

/** Kysely queries for a camp day's role models (榜样): the day's check-ins and the frozen picks. */

/**
 * A camp's check-ins counting for `day`, with the author's name, the reactions to the check-in's
 * web event (`checkin:<id>`, found through the reply index) and whether an open copy flag holds it.
 */
export async function dayCheckins(db: Executor, communityId: number, campId: number, day: number) {
  const rows = await db
    .selectFrom('checkins as c')
    .innerJoin('members as m', 'm.id', 'c.member_id')
    .select(['c.id', 'c.member_id', 'c.day', 'c.at', 'c.text', 'c.kind', 'c.voided_at', 'm.display_name'])
    .select((eb) => [
      eb
        .selectFrom('events as r')
        .select((r) => r.fn.countAll<number>().as('n'))
        .where('r.community_id', '=', communityId)
        .where('r.reply_to_source_id', '=', sql<string>`'checkin:' || ${sql.ref('c.id')}`)
        .where('r.kind', '=', 'reaction')
        .as('likes'),
      eb
        .exists(
          eb
            .selectFrom('camp_copy_flags as f')
            .select('f.id')
            .whereRef('f.checkin_id', '=', 'c.id')
            .where('f.status', '=', 'open'),
        )
        .as('flagged'),
    ])
    .where('c.camp_id', '=', campId)
    .where('c.day', '=', day)
    .orderBy('c.at')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({ ...r, likes: Number(r.likes ?? 0), flagged: Boolean(r.flagged) }));
}

/** Every check-in up to `day` of the members who checked in on `day`: their streaks, in one query. */
export function streakRowsOfDay(db: Executor, campId: number, day: number) {
  return db
    .selectFrom('checkins')
    .select(['member_id', 'day', 'kind', 'voided_at'])
    .where('camp_id', '=', campId)
    .where('day', '<=', day)
    .where('member_id', 'in', (eb) =>
      eb.selectFrom('checkins').select('member_id').where('camp_id', '=', campId).where('day', '=', day),
    )
    .execute();
}

export async function isFrozen(db: Executor, campId: number, day: number): Promise<boolean> {
  return (
    (await db
      .selectFrom('camp_role_model_days')
      .select('day')
      .where('camp_id', '=', campId)
      .where('day', '=', day)
      .executeTakeFirst()) !== undefined
  );
}

/** The frozen picks of a day, in pick order, with the name and text they are shown with. */
export function frozenPicks(db: Executor, campId: number, day: number) {
  return db
    .selectFrom('camp_role_models as r')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .innerJoin('checkins as c', 'c.id', 'r.checkin_id')
    .select(['r.member_id', 'r.checkin_id', 'r.reason', 'r.params', 'm.display_name', 'c.text'])
    .where('r.camp_id', '=', campId)
    .where('r.day', '=', day)
    .orderBy('r.rank')
    .execute();
}

/**
 * Freezes a day's picks; false when another request froze the day first (its picks stand).
 * The day row goes first: its primary key decides the race, so two freezers never mix picks.
 */
export async function freezePicks(
  trx: Transaction<Database>,
  campId: number,
  day: number,
  picks: Array<{ memberId: number; checkinId: number; reason: string; params: object }>,
  now: number,
): Promise<boolean> {
  const claimed = await trx
    .insertInto('camp_role_model_days')
    .values({ camp_id: campId, day, frozen_at: now })
    .onConflict((oc) => oc.doNothing())
    .returning('day')
    .executeTakeFirst();
  if (!claimed) return false;
  if (picks.length > 0) {
    await trx
      .insertInto('camp_role_models')
      .values(
        picks.map((p, i) => ({
          camp_id: campId,
          day,
          rank: i + 1,
          member_id: p.memberId,
          checkin_id: p.checkinId,
          reason: p.reason,
          params: JSON.stringify(p.params),
        })),
      )
      .execute();
  }
  return true;
}

/** How many days each of `memberIds` was picked in the camp. */
export async function pickCounts(db: Executor, campId: number, memberIds: number[]): Promise<Map<number, number>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('camp_role_models')
    .select(['member_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('camp_id', '=', campId)
    .where('member_id', 'in', memberIds)
    .groupBy('member_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.member_id), Number(r.n)]));
}
