import type { Executor } from '../kernel/db/database.js';

export async function findGrantedRole(
  db: Executor,
  accountId: number,
  communityId: number,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('community_access')
    .select('role')
    .where('account_id', '=', accountId)
    .where('community_id', '=', communityId)
    .executeTakeFirst();
  return row?.role;
}

/** Communities an account can see: all of them for the instance owner, else those granted. */
export function listVisibleCommunities(db: Executor, accountId: number, instanceOwner: boolean) {
  let query = db
    .selectFrom('communities')
    .leftJoin('community_access', (join) =>
      join
        .onRef('community_access.community_id', '=', 'communities.id')
        .on('community_access.account_id', '=', accountId),
    )
    .select([
      'communities.id',
      'communities.slug',
      'communities.name',
      'communities.timezone',
      'community_access.role',
    ]);
  if (!instanceOwner) query = query.where('community_access.account_id', 'is not', null);
  return query.orderBy('communities.slug').execute();
}

export function listGrants(db: Executor, communityId: number) {
  return db
    .selectFrom('community_access')
    .innerJoin('accounts', 'accounts.id', 'community_access.account_id')
    .select([
      'accounts.id as accountId',
      'accounts.email',
      'accounts.name',
      'community_access.role',
      'community_access.created_at as createdAt',
    ])
    .where('community_access.community_id', '=', communityId)
    .orderBy('accounts.email')
    .execute();
}

export async function upsertGrant(
  db: Executor,
  values: { communityId: number; accountId: number; role: string; now: number },
) {
  await db
    .insertInto('community_access')
    .values({
      community_id: values.communityId,
      account_id: values.accountId,
      role: values.role,
      created_at: values.now,
    })
    .onConflict((oc) => oc.columns(['community_id', 'account_id']).doUpdateSet({ role: values.role }))
    .execute();
}

export async function deleteGrant(db: Executor, communityId: number, accountId: number) {
  await db
    .deleteFrom('community_access')
    .where('community_id', '=', communityId)
    .where('account_id', '=', accountId)
    .execute();
}
