import type { Db, Executor } from '../kernel/db/database.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../kernel/errors.js';
import { digest, randomSecret } from '../kernel/crypto/secrets.js';
import { type AccessRole, isAccessRole, roleRank } from '../kernel/http/access-roles.js';
import type { Caller } from '../kernel/http/access.js';
import { MS_PER_DAY } from '../kernel/time/local-day.js';
import { findGrantedRole, listGrants, upsertGrant, deleteGrant } from './access.repo.js';
import { canGrant, removesLastOwner } from './access.rules.js';
import { findAccountByEmail, findAccountById, insertAccount } from './account.repo.js';
import { assertPasswordRule, normaliseEmail, openSession } from './account.service.js';
import { type AuditActor, recordAudit } from './audit.service.js';
import { hashPassword } from './password.js';
import { closeInvite, countOwners, findPendingInvite, insertInvite, listPendingInvites } from './team.repo.js';

export const INVITE_DAYS = 7;
/** The console page an invitation link opens; the token rides in the fragment, which no server or log sees. */
export const INVITE_PATH = '/invite#';

function assertRole(role: string): AccessRole {
  if (!isAccessRole(role)) throw new ValidationError('role', `unknown role: ${role}`);
  return role;
}

function assertMayGrant(actorRole: AccessRole, role: AccessRole, verb: string): void {
  if (!canGrant(actorRole, role)) throw new ForbiddenError(`a ${actorRole} cannot ${verb} ${role}`);
}

/** The team of a community: accounts with a role in it, and invitations not yet accepted. */
export async function teamOf(db: Db, communityId: number, now: number) {
  const [members, invites] = await Promise.all([listGrants(db, communityId), listPendingInvites(db, communityId, now)]);
  return {
    members,
    invites: invites.map((i) => ({
      id: Number(i.id),
      email: i.email,
      role: assertRole(i.role),
      invitedBy: i.invited_by,
      createdAt: Number(i.created_at),
      expiresAt: Number(i.expires_at),
    })),
  };
}

/**
 * Invites someone to a community with a role. The answer is the same whether or not the email
 * already has an account — the account table is not even read — so inviting tells an admin
 * nothing about who uses Shequn: the invitee opens the link and either sets a password (a new
 * account) or signs in to the account they have, and the role is granted then.
 */
export async function inviteToTeam(
  db: Db,
  input: { communityId: number; actorRole: AccessRole; actor: AuditActor; email: string; role: string },
  now: number,
) {
  const email = normaliseEmail(input.email);
  const role = assertRole(input.role);
  assertMayGrant(input.actorRole, role, 'invite as');
  const token = randomSecret();
  const expiresAt = now + INVITE_DAYS * MS_PER_DAY;
  const { id } = await db.transaction().execute(async (trx) => {
    const row = await insertInvite(trx, {
      communityId: input.communityId,
      email,
      role,
      tokenHash: digest(token),
      invitedBy: input.actor.accountId,
      now,
      expiresAt,
    });
    await recordAudit(trx, {
      communityId: input.communityId,
      actor: input.actor,
      action: 'team.invite',
      target: email,
      detail: { role },
      now,
    });
    return row;
  });
  return { id: Number(id), email, role, expiresAt, token, path: INVITE_PATH + token };
}

export async function revokeInvite(
  db: Db,
  input: { communityId: number; actorRole: AccessRole; actor: AuditActor; inviteId: number },
  now: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const invite = await findPendingInvite(trx, { id: input.inviteId, communityId: input.communityId }, now);
    if (!invite) throw new NotFoundError('invitation');
    assertMayGrant(input.actorRole, assertRole(invite.role), 'revoke an invitation as');
    if (!(await closeInvite(trx, invite.id, { revoked_at: now }))) throw new NotFoundError('invitation');
    await recordAudit(trx, {
      communityId: input.communityId,
      actor: input.actor,
      action: 'team.invite_revoke',
      target: invite.email,
      detail: { role: invite.role },
      now,
    });
  });
}

/** What an invitation link offers, for the page it opens; 404 once used, revoked or expired. */
export async function lookupInvite(db: Db, token: string, now: number) {
  const invite = await findPendingInvite(db, { tokenHash: digest(token) }, now);
  if (!invite) throw new NotFoundError('invitation');
  return {
    email: invite.email,
    role: assertRole(invite.role),
    community: { slug: invite.slug, name: invite.community_name },
    expiresAt: Number(invite.expires_at),
  };
}

/**
 * Grants an invitation's role in its transaction: never lowers a role the account already holds
 * there (an invitation is an offer to join, not a demotion).
 */
async function grantInvite(
  trx: Executor,
  invite: NonNullable<Awaited<ReturnType<typeof findPendingInvite>>>,
  account: { id: number; email: string },
  ip: string | null,
  now: number,
) {
  if (!(await closeInvite(trx, invite.id, { accepted_at: now, accepted_by: account.id })))
    throw new NotFoundError('invitation');
  const role = assertRole(invite.role);
  const current = await findGrantedRole(trx, account.id, invite.community_id);
  const keep = current && isAccessRole(current) && roleRank(current) >= roleRank(role);
  if (!keep) await upsertGrant(trx, { communityId: invite.community_id, accountId: account.id, role, now });
  await recordAudit(trx, {
    communityId: invite.community_id,
    actor: { accountId: account.id, email: account.email, ip },
    action: 'team.join',
    target: account.email,
    detail: { role: keep ? current : role },
    now,
  });
}

/** A signed-in operator accepts an invitation made out to their email. */
export async function acceptInvite(
  db: Db,
  input: { token: string; caller: Caller; ip: string | null },
  now: number,
): Promise<{ slug: string }> {
  return db.transaction().execute(async (trx) => {
    const invite = await findPendingInvite(trx, { tokenHash: digest(input.token) }, now);
    if (!invite) throw new NotFoundError('invitation');
    if (invite.email !== input.caller.account.email)
      throw new ForbiddenError('this invitation is for another email address; sign in with that one');
    await grantInvite(trx, invite, input.caller.account, input.ip, now);
    return { slug: invite.slug };
  });
}

/**
 * Someone without an account accepts an invitation: sets a name and password, gets the role and
 * is signed in. An email that has an account is told to sign in instead (409): the link is the
 * invitee's, and it cannot set the password of an account that exists.
 */
export async function registerFromInvite(
  db: Db,
  input: { token: string; name?: string; password: string; ip: string | null },
  now: number,
) {
  assertPasswordRule(input.password);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const invite = await findPendingInvite(trx, { tokenHash: digest(input.token) }, now);
    if (!invite) throw new NotFoundError('invitation');
    if (await findAccountByEmail(trx, invite.email))
      throw new ConflictError('an account with this email exists: sign in, then open the invitation link again');
    const account = await insertAccount(trx, {
      email: invite.email,
      name: input.name?.trim() || invite.email.split('@')[0]!,
      passwordHash,
      instanceOwner: false,
      now,
    });
    await grantInvite(trx, invite, account, input.ip, now);
    return { ...(await openSession(trx, account, now)), slug: invite.slug };
  });
}

/** Changes the role of a member of the team, within what the actor's role allows; the last owner stays. */
export async function changeRole(
  db: Db,
  input: { communityId: number; actorRole: AccessRole; actor: AuditActor; accountId: number; role: string },
  now: number,
) {
  const role = assertRole(input.role);
  return db.transaction().execute(async (trx) => {
    const current = await findGrantedRole(trx, input.accountId, input.communityId);
    const account = current && (await findAccountById(trx, input.accountId));
    if (!current || !account) throw new NotFoundError('team member');
    if (isAccessRole(current)) assertMayGrant(input.actorRole, current, 'change a');
    assertMayGrant(input.actorRole, role, 'grant');
    if (removesLastOwner(current, role, await countOwners(trx, input.communityId)))
      throw new ConflictError('the last owner of a community cannot step down; make someone else owner first');
    if (current !== role) {
      await upsertGrant(trx, { communityId: input.communityId, accountId: account.id, role, now });
      await recordAudit(trx, {
        communityId: input.communityId,
        actor: input.actor,
        action: 'team.role',
        target: account.email,
        detail: { from: current, to: role },
        now,
      });
    }
    return { accountId: account.id, email: account.email, role };
  });
}

/** Takes someone off the team; an admin cannot remove an owner or admin, and the last owner stays. */
export async function removeFromTeam(
  db: Db,
  input: { communityId: number; actorRole: AccessRole; actor: AuditActor; accountId: number },
  now: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await findGrantedRole(trx, input.accountId, input.communityId);
    const account = current && (await findAccountById(trx, input.accountId));
    if (!current || !account) throw new NotFoundError('team member');
    if (isAccessRole(current)) assertMayGrant(input.actorRole, current, 'remove a');
    if (removesLastOwner(current, null, await countOwners(trx, input.communityId)))
      throw new ConflictError('the last owner of a community cannot be removed; make someone else owner first');
    await deleteGrant(trx, input.communityId, input.accountId);
    await recordAudit(trx, {
      communityId: input.communityId,
      actor: input.actor,
      action: 'team.remove',
      target: account.email,
      detail: { role: current },
      now,
    });
  });
}
