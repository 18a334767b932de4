import type { Executor } from '../../kernel/db/database.js';

/** Replaces the member's code: one live code per member. */
export async function putBindCode(
  db: Executor,
  values: { member_id: number; community_id: number; code_hash: string; expires_at: number; created_at: number },
): Promise<void> {
  await db.deleteFrom('member_bind_codes').where('member_id', '=', values.member_id).execute();
  await db.insertInto('member_bind_codes').values(values).execute();
}

/** The live code with this digest in the community, if any. */
export function liveBindCode(db: Executor, communityId: number, codeHash: string, now: number) {
  return db
    .selectFrom('member_bind_codes')
    .select(['member_id', 'expires_at'])
    .where('community_id', '=', communityId)
    .where('code_hash', '=', codeHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function deleteBindCode(db: Executor, memberId: number): Promise<void> {
  await db.deleteFrom('member_bind_codes').where('member_id', '=', memberId).execute();
}
