import type { Executor } from '../../kernel/db/database.js';

/** Kysely queries for the camp schedule (reminders and praise). */

/** Camps of any community that may run on a day in [fromDay, toDay] (days are local to each community). */
export function campsAround(db: Executor, fromDay: number, toDay: number) {
  return db
    .selectFrom('camps as c')
    .innerJoin('communities as k', 'k.id', 'c.community_id')
    .selectAll('c')
    .select(['k.timezone'])
    .where('c.start_day', '<=', toDay)
    .where((eb) => eb(eb('c.start_day', '+', eb.ref('c.length_days')), '>', fromDay))
    .orderBy('c.id')
    .execute();
}

/**
 * Everyone enrolled in a camp with what the reminder needs: name, opt-out, whether they have a
 * check-in on `day` (a voided one too: the day is taken, so a reminder could not be acted on),
 * and the platform of the group they were enrolled from, which the reminder goes out through.
 */
export function reminderCandidates(db: Executor, campId: number, day: number) {
  return db
    .selectFrom('camp_enrolments as e')
    .innerJoin('members as m', 'm.id', 'e.member_id')
    .innerJoin('groups as g', 'g.id', 'e.group_id')
    .select(['e.member_id', 'm.display_name', 'e.opted_out_of_reminders', 'g.platform'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('checkins as c')
            .select('c.id')
            .whereRef('c.camp_id', '=', 'e.camp_id')
            .whereRef('c.member_id', '=', 'e.member_id')
            .where('c.day', '=', day),
        )
        .as('checked_in'),
    )
    .where('e.camp_id', '=', campId)
    .orderBy('e.member_id')
    .execute();
}

/** How many members checked in for `day` (voided check-ins do not count). */
export async function finishersOn(db: Executor, campId: number, day: number): Promise<number> {
  const row = await db
    .selectFrom('checkins')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('camp_id', '=', campId)
    .where('day', '=', day)
    .where('voided_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function enrolledCount(db: Executor, campId: number): Promise<number> {
  const row = await db
    .selectFrom('camp_enrolments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('camp_id', '=', campId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The camp's groups and their platforms: where the praise is posted. */
export function campGroups(db: Executor, campId: number) {
  return db
    .selectFrom('camp_groups as cg')
    .innerJoin('groups as g', 'g.id', 'cg.group_id')
    .select(['g.id', 'g.platform'])
    .where('cg.camp_id', '=', campId)
    .orderBy('g.id')
    .execute();
}

/** Communities by id, for the camps due this minute. */
export function communitiesByIds(db: Executor, ids: number[]) {
  return db
    .selectFrom('communities')
    .selectAll()
    .where('id', 'in', ids.length > 0 ? ids : [-1])
    .execute();
}
