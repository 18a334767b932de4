import type { Executor } from '../kernel/db/database.js';

/** An invitation that can still be accepted: neither accepted, revoked nor expired. */
export function findPendingInvite(
  db: Executor,
  where: { tokenHash: string } | { id: number; communityId: number },
  now: number,
) {
  let query = db
    .selectFrom('team_invites')
    .innerJoin('communities', 'communities.id', 'team_invites.community_id')
    .selectAll('team_invites')
    .select(['communities.slug', 'communities.name as community_name'])
    .where('team_invites.accepted_at', 'is', null)
    .where('team_invites.revoked_at', 'is', null)
    .where('team_invites.expires_at', '>', now);
  query =
    'tokenHash' in where
      ? query.where('team_invites.token_hash', '=', where.tokenHash)
      : query.where('team_invites.id', '=', where.id).where('team_invites.community_id', '=', where.communityId);
  return query.executeTakeFirst();
}

export function listPendingInvites(db: Executor, communityId: number, now: number) {
  return db
    .selectFrom('team_invites')
    .leftJoin('accounts', 'accounts.id', 'team_invites.invited_by')
    .select([
      'team_invites.id',
      'team_invites.email',
      'team_invites.role',
      'team_invites.created_at',
      'team_invites.expires_at',
      'accounts.email as invited_by',
    ])
    .where('team_invites.community_id', '=', communityId)
    .where('team_invites.accepted_at', 'is', null)
    .where('team_invites.revoked_at', 'is', null)
    .where('team_invites.expires_at', '>', now)
    .orderBy('team_invites.id', 'desc')
    .execute();
}

export function insertInvite(
  db: Executor,
  values: {
    communityId: number;
    email: string;
    role: string;
    tokenHash: string;
    invitedBy: number | null;
    now: number;
    expiresAt: number;
  },
) {
  return db
    .insertInto('team_invites')
    .values({
      community_id: values.communityId,
      email: values.email,
      role: values.role,
      token_hash: values.tokenHash,
      invited_by: values.invitedBy,
      created_at: values.now,
      expires_at: values.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Marks a pending invitation used; false when another request used or revoked it first. */
export async function closeInvite(
  db: Executor,
  id: number,
  change: { accepted_at: number; accepted_by: number } | { revoked_at: number },
): Promise<boolean> {
  const result = await db
    .updateTable('team_invites')
    .set(change)
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Every community an account holds a grant in, with the role. */
export function grantsOf(db: Executor, accountId: number) {
  return db
    .selectFrom('community_access')
    .select(['community_id', 'role'])
    .where('account_id', '=', accountId)
    .execute();
}

export async function countOwners(db: Executor, communityId: number): Promise<number> {
  const row = await db
    .selectFrom('community_access')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('community_id', '=', communityId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertPasswordReset(
  db: Executor,
  values: { tokenHash: string; accountId: number; createdBy: number | null; now: number; expiresAt: number },
) {
  // One live link per account: a new one replaces any earlier, unused one.
  await db
    .deleteFrom('password_resets')
    .where('account_id', '=', values.accountId)
    .where('used_at', 'is', null)
    .execute();
  await db
    .insertInto('password_resets')
    .values({
      token_hash: values.tokenHash,
      account_id: values.accountId,
      created_by: values.createdBy,
      created_at: values.now,
      expires_at: values.expiresAt,
    })
    .execute();
}

export function findLivePasswordReset(db: Executor, tokenHash: string, now: number) {
  return db
    .selectFrom('password_resets')
    .innerJoin('accounts', 'accounts.id', 'password_resets.account_id')
    .selectAll('accounts')
    .where('password_resets.token_hash', '=', tokenHash)
    .where('password_resets.used_at', 'is', null)
    .where('password_resets.expires_at', '>', now)
    .executeTakeFirst();
}

export async function consumePasswordReset(db: Executor, tokenHash: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
