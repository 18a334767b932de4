import type { Executor } from '../kernel/db/database.js';

export interface NoteRow {
  id: number;
  kind: string;
  body: string;
  author: string | null;
  created_at: number;
}

export async function insertNote(
  db: Executor,
  note: { communityId: number; memberId: number; accountId: number | null; kind: string; body: string; now: number },
): Promise<number> {
  const row = await db
    .insertInto('member_notes')
    .values({
      community_id: note.communityId,
      member_id: note.memberId,
      account_id: note.accountId,
      kind: note.kind,
      body: note.body,
      created_at: note.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Notes on one member with their author's name, newest first; `before` (exclusive) pages back in time. */
export function notesOf(
  db: Executor,
  communityId: number,
  memberId: number,
  page: { before?: number; limit?: number } = {},
): Promise<NoteRow[]> {
  let query = db
    .selectFrom('member_notes as n')
    .leftJoin('accounts as a', 'a.id', 'n.account_id')
    .select(['n.id', 'n.kind', 'n.body', 'a.name as author', 'n.created_at'])
    .where('n.community_id', '=', communityId)
    .where('n.member_id', '=', memberId)
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc');
  if (page.before !== undefined) query = query.where('n.created_at', '<', page.before);
  if (page.limit !== undefined) query = query.limit(page.limit);
  return query.execute();
}

export async function accountName(db: Executor, accountId: number | null): Promise<string | null> {
  if (accountId === null) return null;
  const row = await db.selectFrom('accounts').select('name').where('id', '=', accountId).executeTakeFirst();
  return row?.name ?? null;
}
