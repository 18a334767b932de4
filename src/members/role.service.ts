import { rebuildQuestions } from '../automation/service-desk/questions.repo.js';
import type { Db } from '../kernel/db/database.js';
import { NotFoundError } from '../kernel/errors.js';
import { assertRole } from './roles.rules.js';

export interface RoleGrant {
  communityId: number;
  memberId: number;
  role: string;
  /** Omit for a community-wide role. */
  groupId?: number | null;
  now?: number;
}

/**
 * Grants a role. Who is staff decides which messages are questions and who answers them, so the
 * community's questions are recomputed in the same transaction.
 */
export async function assignRole(db: Db, grant: RoleGrant): Promise<void> {
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
      .values({ community_id: grant.communityId, member_id: grant.memberId, group_id: groupId, role, created_at: grant.now ?? Date.now() })
      .execute();
    await rebuildQuestions(trx, grant.communityId);
  });
}
