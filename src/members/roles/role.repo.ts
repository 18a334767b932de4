import { STAFF_ROLES, type StaffRole } from './roles.rules.js';
import type { Executor } from '../../kernel/db/database.js';

/** Every staff role in a community; `isStaffIn` / `staffOfGroup` answer questions about them. */
export function findStaffRoles(db: Executor, communityId: number): Promise<StaffRole[]> {
  return db
    .selectFrom('member_roles')
    .select(['member_id', 'group_id'])
    .where('community_id', '=', communityId)
    .where('role', 'in', STAFF_ROLES)
    .execute();
}

/** Duty roles held by members of a community (one member, or all), with the group's name. */
export function findRoleHolders(db: Executor, communityId: number, memberId?: number) {
  let query = db
    .selectFrom('member_roles as r')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .leftJoin('groups as g', 'g.id', 'r.group_id')
    .select(['r.role', 'r.member_id', 'm.display_name as member_name', 'r.group_id', 'g.name as group_name'])
    .where('r.community_id', '=', communityId)
    .orderBy('r.role')
    .orderBy('m.display_name')
    .orderBy('r.group_id');
  if (memberId !== undefined) query = query.where('r.member_id', '=', memberId);
  return query.execute();
}

/** Removes one role (community-wide when `groupId` is null); true when it was held. */
export async function deleteRole(
  db: Executor,
  communityId: number,
  memberId: number,
  role: string,
  groupId: number | null,
): Promise<boolean> {
  const result = await db
    .deleteFrom('member_roles')
    .where('community_id', '=', communityId)
    .where('member_id', '=', memberId)
    .where('role', '=', role)
    .where((eb) => (groupId === null ? eb('group_id', 'is', null) : eb('group_id', '=', groupId)))
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function groupInCommunity(db: Executor, communityId: number, groupId: number): Promise<boolean> {
  const row = await db
    .selectFrom('groups')
    .select('id')
    .where('id', '=', groupId)
    .where('community_id', '=', communityId)
    .executeTakeFirst();
  return row !== undefined;
}
