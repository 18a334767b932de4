import type { Executor } from '../../kernel/db/database.js';

function entries(db: Executor, communityId: number) {
  return db
    .selectFrom('blacklist as b')
    .innerJoin('members as m', 'm.id', 'b.member_id')
    .leftJoin('accounts as a', 'a.id', 'b.account_id')
    .select([
      'b.id',
      'b.member_id',
      'm.display_name as member_name',
      'b.action',
      'b.reason',
      'a.name as author',
      'b.created_at',
      'b.lifted_at',
    ])
    .where('b.community_id', '=', communityId);
}

export type BlacklistRow = Awaited<ReturnType<ReturnType<typeof entries>['executeTakeFirstOrThrow']>>;

export function findEntries(
  db: Executor,
  communityId: number,
  filter: { memberId?: number; activeOnly?: boolean } = {},
): Promise<BlacklistRow[]> {
  let query = entries(db, communityId).orderBy('b.created_at', 'desc').orderBy('b.id', 'desc');
  if (filter.memberId !== undefined) query = query.where('b.member_id', '=', filter.memberId);
  if (filter.activeOnly) query = query.where('b.lifted_at', 'is', null);
  return query.execute();
}

export function findEntry(db: Executor, communityId: number, id: number): Promise<BlacklistRow | undefined> {
  return entries(db, communityId).where('b.id', '=', id).executeTakeFirst();
}

export async function insertEntry(
  db: Executor,
  entry: {
    communityId: number;
    memberId: number;
    action: string;
    reason: string;
    accountId: number | null;
    now: number;
  },
): Promise<number> {
  const row = await db
    .insertInto('blacklist')
    .values({
      community_id: entry.communityId,
      member_id: entry.memberId,
      action: entry.action,
      reason: entry.reason,
      account_id: entry.accountId,
      created_at: entry.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function liftEntry(db: Executor, communityId: number, id: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable('blacklist')
    .set({ lifted_at: now })
    .where('community_id', '=', communityId)
    .where('id', '=', id)
    .where('lifted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
