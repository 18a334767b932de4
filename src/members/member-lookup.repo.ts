import { NotFoundError } from '../kernel/errors.js';
import type { Executor } from '../kernel/db/database.js';

/**
 * Throws a 404 unless `memberId` is a member of the community: a member of another community is
 * reported exactly like one that does not exist, so ids from elsewhere reveal nothing.
 */
export async function assertMemberOf(db: Executor, communityId: number, memberId: number): Promise<void> {
  const row = await db
    .selectFrom('members')
    .select('id')
    .where('id', '=', memberId)
    .where('community_id', '=', communityId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`member ${memberId}`);
}
