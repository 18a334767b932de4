import type { Transaction } from 'kysely';
import type { Db, Executor } from '../../kernel/db/database.js';
import type { Database } from '../../kernel/db/schema.js';
import { NotFoundError } from '../../kernel/errors.js';
import { assertMemberOf } from '../member-lookup.repo.js';
import { DUTY_ROLES, type DutyRole } from './member-duties.rules.js';
import { ROLE_DUTIES } from './member-duties.messages.js';
import { deleteRole, findRoleHolders, findStaffRoles, groupInCommunity } from './role.repo.js';
import { assertRole, STAFF_ROLES, type StaffRole } from './roles.rules.js';

export interface RoleGrant {
  communityId: number;
  memberId: number;
  role: string;
  /** Omit for a community-wide role. */
  groupId?: number | null;
  now?: number;
}

/**
 * What must follow a change of who is staff, in the same transaction: staff decide which messages
 * are questions and who answers them, so the wiring passes the service desk's recomputation.
 */
export type StaffChangeHook = (trx: Transaction<Database>, communityId: number) => Promise<void>;

/** Grants a role; `onStaffChanged` runs in the same transaction. */
export async function assignRole(db: Db, grant: RoleGrant, onStaffChanged: StaffChangeHook): Promise<void> {
  const role = assertRole(grant.role);
  await db.transaction().execute(async (trx) => {
    const member = await trx
      .selectFrom('members')
      .select('id')
      .where('id', '=', grant.memberId)
      .where('community_id', '=', grant.communityId)
      .executeTakeFirst();
    if (!member) throw new NotFoundError(`member ${grant.memberId}`);
    const groupId = grant.groupId ?? null;
    if (groupId !== null && !(await groupInCommunity(trx, grant.communityId, groupId)))
      throw new NotFoundError(`group ${groupId}`);
    const existing = await trx
      .selectFrom('member_roles')
      .select('id')
      .where('community_id', '=', grant.communityId)
      .where('member_id', '=', grant.memberId)
      .where('role', '=', role)
      .where((eb) => (groupId === null ? eb('group_id', 'is', null) : eb('group_id', '=', groupId)))
      .executeTakeFirst();
    if (existing) return;
    await trx
      .insertInto('member_roles')
      .values({
        community_id: grant.communityId,
        member_id: grant.memberId,
        group_id: groupId,
        role,
        created_at: grant.now ?? Date.now(),
      })
      .execute();
    await onStaffChanged(trx, grant.communityId);
  });
}

/**
 * Takes a role away (the community-wide one when `groupId` is omitted). As with granting, the
 * questions are recomputed, since the member may no longer count as staff. 404 when not held.
 */
export async function unassignRole(
  db: Db,
  grant: Omit<RoleGrant, 'now'>,
  onStaffChanged: StaffChangeHook,
): Promise<void> {
  const role = assertRole(grant.role);
  await db.transaction().execute(async (trx) => {
    await assertMemberOf(trx, grant.communityId, grant.memberId);
    const removed = await deleteRole(trx, grant.communityId, grant.memberId, role, grant.groupId ?? null);
    if (!removed)
      throw new NotFoundError(
        `role ${role} of member ${grant.memberId}${grant.groupId ? ` in group ${grant.groupId}` : ''}`,
      );
    await onStaffChanged(trx, grant.communityId);
  });
}

export interface HeldRole {
  role: string;
  /** Null: the role holds in every group of the community. */
  groupId: number | null;
  groupName: string | null;
}

export async function rolesOfMember(db: Db, communityId: number, memberId: number): Promise<HeldRole[]> {
  const rows = await findRoleHolders(db, communityId, memberId);
  return rows.map((r) => ({ role: r.role, groupId: r.group_id, groupName: r.group_name }));
}

export interface DutyRoleSummary {
  role: DutyRole;
  name: { en: string; zh: string };
  duties: { en: string; zh: string };
  /** Staff roles change who counts as staff in the metrics (METRICS.md); KOL does not. */
  isStaff: boolean;
  holders: Array<{ memberId: number; name: string; groupId: number | null; groupName: string | null }>;
}

/** Every duty role with what it is for and who holds it. */
export async function dutyRoles(db: Db, communityId: number): Promise<DutyRoleSummary[]> {
  const rows = await findRoleHolders(db, communityId);
  return DUTY_ROLES.map((role) => ({
    role,
    ...ROLE_DUTIES[role],
    isStaff: (STAFF_ROLES as readonly string[]).includes(role),
    holders: rows
      .filter((r) => r.role === role)
      .map((r) => ({ memberId: r.member_id, name: r.member_name, groupId: r.group_id, groupName: r.group_name })),
  }));
}

/** Every staff role held in a community (who is staff where): what metrics and the service desk leave out. */
export function staffRoles(db: Executor, communityId: number): Promise<StaffRole[]> {
  return findStaffRoles(db, communityId);
}
