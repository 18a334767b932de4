import type { Executor } from '../../kernel/db/database.js';

/** Replaces the member's code: one live code per member. */
export async function putBindCode(
  db: Executor,
  values: { member_id: number; community_id: number; code_hash: string; expires_at: number; created_at: number },
): Promise<void> {
  await db.deleteFrom('member_bind_codes').where('member_id', '=', values.member_id).execute();
  await db.insertInto('member_bind_codes').values(values).execute();
}

/** Uses up the live code with this digest in the community: its owner, or undefined (unknown, expired, used). */
export function consumeBindCode(db: Executor, communityId: number, codeHash: string, now: number) {
  return db
    .deleteFrom('member_bind_codes')
    .where('community_id', '=', communityId)
    .where('code_hash', '=', codeHash)
    .where('expires_at', '>', now)
    .returning('member_id')
    .executeTakeFirst();
}
