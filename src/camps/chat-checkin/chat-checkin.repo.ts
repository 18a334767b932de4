import type { Executor } from '../../kernel/db/database.js';

/** Kysely queries for chat check-ins. */

/** Camps held in a group that a member is enrolled in, latest start first. */
export function campsForChat(db: Executor, communityId: number, groupId: number, memberId: number) {
  return db
    .selectFrom('camps as c')
    .innerJoin('camp_groups as g', 'g.camp_id', 'c.id')
    .innerJoin('camp_enrolments as e', 'e.camp_id', 'c.id')
    .selectAll('c')
    .where('c.community_id', '=', communityId)
    .where('g.group_id', '=', groupId)
    .where('e.member_id', '=', memberId)
    .orderBy('c.start_day', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
}
