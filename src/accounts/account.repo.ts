import type { Account } from '../kernel/db/schema-operations.js';
import type { Executor } from '../kernel/db/database.js';

export function findAccountByEmail(db: Executor, email: string): Promise<Account | undefined> {
  return db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirst();
}

export function findAccountById(db: Executor, id: number): Promise<Account | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countAccounts(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function insertAccount(
  db: Executor,
  values: { email: string; name: string; passwordHash: string; instanceOwner: boolean; now: number },
): Promise<Account> {
  return db
    .insertInto('accounts')
    .values({
      email: values.email,
      name: values.name,
      password_hash: values.passwordHash,
      is_instance_owner: values.instanceOwner ? 1 : 0,
      created_at: values.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertSession(
  db: Executor,
  values: { tokenHash: string; accountId: number; csrfToken: string; now: number; expiresAt: number },
) {
  await db
    .insertInto('sessions')
    .values({
      token_hash: values.tokenHash,
      account_id: values.accountId,
      csrf_token: values.csrfToken,
      created_at: values.now,
      expires_at: values.expiresAt,
    })
    .execute();
}

export function findSession(db: Executor, tokenHash: string, now: number) {
  return db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .selectAll('accounts')
    .select('sessions.csrf_token')
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
}

export async function deleteSession(db: Executor, tokenHash: string, now: number) {
  await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('token_hash', '=', tokenHash), eb('expires_at', '<=', now)]))
    .execute();
}

export function insertApiToken(
  db: Executor,
  values: { accountId: number; name: string; tokenHash: string; now: number },
) {
  return db
    .insertInto('api_tokens')
    .values({ account_id: values.accountId, name: values.name, token_hash: values.tokenHash, created_at: values.now })
    .returning(['id', 'name', 'created_at'])
    .executeTakeFirstOrThrow();
}

export function findAccountByApiToken(db: Executor, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('accounts', 'accounts.id', 'api_tokens.account_id')
    .selectAll('accounts')
    .select('api_tokens.id as token_id')
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function touchApiToken(db: Executor, tokenId: number, now: number) {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute();
}

export function listApiTokens(db: Executor, accountId: number) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .orderBy('id')
    .execute();
}

export async function revokeApiToken(db: Executor, accountId: number, tokenId: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', tokenId)
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function updatePasswordHash(db: Executor, accountId: number, passwordHash: string) {
  await db.updateTable('accounts').set({ password_hash: passwordHash }).where('id', '=', accountId).execute();
}

/** Ends every session of an account but the one whose digest is `keep` (none kept without it). */
export async function deleteSessionsOf(db: Executor, accountId: number, keep?: string): Promise<number> {
  let query = db.deleteFrom('sessions').where('account_id', '=', accountId);
  if (keep) query = query.where('token_hash', '!=', keep);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function revokeApiTokensOf(db: Executor, accountId: number, now: number) {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .execute();
}
