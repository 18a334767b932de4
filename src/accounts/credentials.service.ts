import type { Db } from '../kernel/db/database.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../kernel/errors.js';
import { digest, randomSecret } from '../kernel/crypto/secrets.js';
import { MS_PER_DAY } from '../kernel/time/local-day.js';
import type { Caller } from '../kernel/http/access.js';
import { findGrantedRole } from './access.repo.js';
import { canResetPassword } from './access.rules.js';
import { deleteSessionsOf, findAccountById, revokeApiTokensOf, updatePasswordHash } from './account.repo.js';
import { assertPasswordRule, openSession } from './account.service.js';
import { type AuditActor, recordAudit } from './audit.service.js';
import { hashPassword, verifyPassword } from './password.js';
import { findLivePasswordReset, grantsOf, insertPasswordReset, consumePasswordReset } from './team.repo.js';

export const RESET_DAYS = 1;
/** The console page a reset link opens; the token rides in the fragment, which no server or log sees. */
export const RESET_PATH = '/reset-password#';

/**
 * An operator changes their own password, proving the current one. Every other session of the
 * account ends (a thief signed in elsewhere is out); the one making the change stays. API tokens
 * stay: they are listed and revoked one by one, and scripts should not break on a password change.
 */
export async function changePassword(
  db: Db,
  input: { accountId: number; currentPassword: string; newPassword: string; keepSession?: string },
): Promise<{ sessionsEnded: number }> {
  assertPasswordRule(input.newPassword);
  const account = await findAccountById(db, input.accountId);
  if (!account || !(await verifyPassword(input.currentPassword, account.password_hash)))
    throw new ValidationError('currentPassword', 'the current password is wrong', 'WRONG_PASSWORD');
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction().execute(async (trx) => {
    await updatePasswordHash(trx, account.id, passwordHash);
    const keep = input.keepSession ? digest(input.keepSession) : undefined;
    return { sessionsEnded: await deleteSessionsOf(trx, account.id, keep) };
  });
}

/** Ends every session of the account, this one included ("sign out everywhere"). */
export async function signOutEverywhere(db: Db, accountId: number): Promise<number> {
  return db.transaction().execute((trx) => deleteSessionsOf(trx, accountId));
}

/**
 * An owner makes a one-time link (valid RESET_DAYS) with which a team member of their community
 * sets a new password: the owner never chooses nor sees it. Who may: canResetPassword.
 */
export async function issuePasswordReset(
  db: Db,
  input: { communityId: number; caller: Caller; actor: AuditActor; accountId: number },
  now: number,
) {
  const token = randomSecret();
  const expiresAt = now + RESET_DAYS * MS_PER_DAY;
  await db.transaction().execute(async (trx) => {
    const target = await findAccountById(trx, input.accountId);
    if (!target || !(await findGrantedRole(trx, input.accountId, input.communityId)))
      throw new NotFoundError('team member');
    const actorGrants = await grantsOf(trx, input.caller.account.id);
    const allowed = canResetPassword(
      {
        isInstanceOwner: input.caller.account.isInstanceOwner,
        ownedCommunityIds: new Set(actorGrants.filter((g) => g.role === 'owner').map((g) => Number(g.community_id))),
      },
      {
        isInstanceOwner: target.is_instance_owner === 1,
        communityIds: (await grantsOf(trx, target.id)).map((g) => Number(g.community_id)),
      },
    );
    if (!allowed)
      throw new ForbiddenError(
        'this account has a role in a community you do not own: an instance owner must reset it',
      );
    await insertPasswordReset(trx, {
      tokenHash: digest(token),
      accountId: target.id,
      createdBy: input.actor.accountId,
      now,
      expiresAt,
    });
    await recordAudit(trx, {
      communityId: input.communityId,
      actor: input.actor,
      action: 'team.password_reset',
      target: target.email,
      now,
    });
  });
  return { token, path: RESET_PATH + token, expiresAt };
}

/** Whose password a reset link sets, for the page it opens; 404 once used or expired. */
export async function lookupPasswordReset(db: Db, token: string, now: number) {
  const account = await findLivePasswordReset(db, digest(token), now);
  if (!account) throw new NotFoundError('password reset link');
  return { email: account.email };
}

/**
 * Sets the new password from a reset link and signs in. Every session and every API token of the
 * account ends: a reset is how an account someone else may hold is taken back, so nothing made
 * before it keeps working.
 */
export async function completePasswordReset(db: Db, input: { token: string; password: string }, now: number) {
  assertPasswordRule(input.password);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const tokenHash = digest(input.token);
    const account = await findLivePasswordReset(trx, tokenHash, now);
    if (!account || !(await consumePasswordReset(trx, tokenHash, now))) throw new NotFoundError('password reset link');
    await updatePasswordHash(trx, account.id, passwordHash);
    await deleteSessionsOf(trx, account.id);
    await revokeApiTokensOf(trx, account.id, now);
    return openSession(trx, { ...account, password_hash: passwordHash }, now);
  });
}
