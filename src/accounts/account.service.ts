import type { Db, Executor } from '../kernel/db/database.js';
import type { Account } from '../kernel/db/schema-operations.js';
import { ConflictError, UnauthorizedError, ValidationError } from '../kernel/errors.js';
import {
  countAccounts,
  deleteSession,
  findAccountByApiToken,
  findAccountByEmail,
  findSession,
  insertAccount,
  insertApiToken,
  insertSession,
  touchApiToken,
} from './account.repo.js';
import { hashPassword, verifyPassword } from './password.js';
import { canonicalEmail } from './email.rules.js';
import { digest, randomSecret } from '../kernel/crypto/secrets.js';
import type { Caller } from '../kernel/http/access.js';
import { MS_PER_DAY } from '../kernel/time/local-day.js';

export const SESSION_DAYS = 14;
export const API_TOKEN_PREFIX = 'shq_';
export const MIN_PASSWORD_LENGTH = 10;

/** The one password rule (the console shows it in both languages by its code, PASSWORD_TOO_SHORT). */
export function assertPasswordRule(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new ValidationError(
      'password',
      `a password needs at least ${MIN_PASSWORD_LENGTH} characters`,
      'PASSWORD_TOO_SHORT',
    );
}

export function normaliseEmail(email: string): string {
  const canonical = canonicalEmail(email);
  if (!/^[^\s@]+@[^\s@]+$/.test(canonical)) throw new ValidationError('email', `not an email address: ${email}`);
  return canonical;
}

/**
 * The account an email address names, however it is typed. Accounts have always been stored
 * trimmed and lower-cased; NFKC came later, so an address stored with full-width characters is
 * still found by its old spelling.
 */
export async function findAccountByAnySpelling(db: Executor, email: string): Promise<Account | undefined> {
  const canonical = canonicalEmail(email);
  const legacy = email.trim().toLowerCase();
  return (
    (await findAccountByEmail(db, canonical)) ??
    (legacy === canonical ? undefined : await findAccountByEmail(db, legacy))
  );
}

function toCaller(row: Account, via: Caller['via'], csrfToken?: string): Caller {
  return {
    account: { id: row.id, email: row.email, name: row.name, isInstanceOwner: row.is_instance_owner === 1 },
    via,
    csrfToken,
  };
}

export async function createAccount(
  db: Db,
  input: { email: string; name?: string; password: string; instanceOwner?: boolean },
  now: number,
): Promise<Account> {
  const email = normaliseEmail(input.email);
  assertPasswordRule(input.password);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    if (await findAccountByEmail(trx, email)) throw new ConflictError(`an account for ${email} exists`);
    return insertAccount(trx, {
      email,
      name: input.name?.trim() || email.split('@')[0]!,
      passwordHash,
      instanceOwner: input.instanceOwner ?? false,
      now,
    });
  });
}

/**
 * Creates the first instance owner when no account exists: from the given credentials, or with a
 * generated password that the caller prints once. Returns null when accounts already exist.
 */
export async function bootstrapOwner(
  db: Db,
  credentials: { email?: string; password?: string },
  now: number,
): Promise<{ email: string; generatedPassword?: string } | null> {
  if ((await countAccounts(db)) > 0) return null;
  const email = credentials.email || 'admin@localhost';
  const generatedPassword = credentials.password ? undefined : randomSecret(12);
  try {
    await createAccount(
      db,
      // Named after the mailbox, not "Owner": the name is shown (e.g. who blacklisted whom) in either language.
      { email, name: email.split('@')[0], password: credentials.password || generatedPassword!, instanceOwner: true },
      now,
    );
  } catch (error) {
    // Two processes starting at once: the other one created the owner.
    if (error instanceof ConflictError) return null;
    throw error;
  }
  return { email: normaliseEmail(email), generatedPassword };
}

// Verifying against a throwaway hash when the email is unknown keeps both failures equally slow;
// it is made before the first check of either kind, so not even the first unknown email is slower.
let decoyHash: Promise<string> | undefined;

export async function login(
  db: Db,
  email: string,
  password: string,
  now: number,
): Promise<{ sessionToken: string; caller: Caller }> {
  const decoy = await (decoyHash ??= hashPassword(randomSecret()));
  const account = await findAccountByAnySpelling(db, email);
  const ok = await verifyPassword(password, account?.password_hash ?? decoy);
  if (!account || !ok) throw new UnauthorizedError('wrong email or password');
  return db.transaction().execute((trx) => openSession(trx, account, now));
}

/** A new session for `account`, in the caller's transaction (sign-in, accepting an invitation, a reset). */
export async function openSession(
  trx: Executor,
  account: Account,
  now: number,
): Promise<{ sessionToken: string; caller: Caller }> {
  const sessionToken = randomSecret();
  const csrfToken = randomSecret();
  await insertSession(trx, {
    tokenHash: digest(sessionToken),
    accountId: account.id,
    csrfToken,
    now,
    expiresAt: now + SESSION_DAYS * MS_PER_DAY,
  });
  return { sessionToken, caller: toCaller(account, 'session', csrfToken) };
}

export async function callerFromSession(db: Db, sessionToken: string, now: number): Promise<Caller | null> {
  const row = await findSession(db, digest(sessionToken), now);
  return row ? toCaller(row, 'session', row.csrf_token) : null;
}

export async function logout(db: Db, sessionToken: string, now: number): Promise<void> {
  await db.transaction().execute((trx) => deleteSession(trx, digest(sessionToken), now));
}

export async function createApiToken(db: Db, accountId: number, name: string, now: number) {
  if (!name.trim()) throw new ValidationError('name', 'a token needs a name');
  const token = API_TOKEN_PREFIX + randomSecret();
  const row = await db
    .transaction()
    .execute((trx) => insertApiToken(trx, { accountId, name: name.trim(), tokenHash: digest(token), now }));
  return { id: row.id, name: row.name, createdAt: row.created_at, token };
}

export async function callerFromApiToken(db: Db, token: string, now: number): Promise<Caller | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const row = await findAccountByApiToken(db, digest(token));
  if (!row) return null;
  await touchApiToken(db, row.token_id, now);
  return toCaller(row, 'token');
}
