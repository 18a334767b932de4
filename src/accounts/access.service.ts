import type { Db, Executor } from '../kernel/db/database.js';
import { NotFoundError, ValidationError } from '../kernel/errors.js';
import { findAccountByAnySpelling } from './account.service.js';
import { canonicalEmail } from './email.rules.js';
import type { Caller } from '../kernel/http/access.js';
import { findGrantedRole, listGrants, listVisibleCommunities, upsertGrant } from './access.repo.js';
import { effectiveRole } from './access.rules.js';
import { type AuditActor, CLI_ACTOR, recordAudit } from './audit.service.js';
import { changeRole, removeFromTeam } from './team.service.js';
import { isAccessRole, type AccessRole } from '../kernel/http/access-roles.js';

export async function roleIn(db: Db, caller: Caller, communityId: number): Promise<AccessRole | null> {
  if (caller.account.isInstanceOwner) return 'owner';
  return effectiveRole(false, await findGrantedRole(db, caller.account.id, communityId));
}

export async function communitiesOf(db: Db, caller: Caller) {
  const rows = await listVisibleCommunities(db, caller.account.id, caller.account.isInstanceOwner);
  return rows.map((row) => ({
    slug: row.slug,
    name: row.name,
    timezone: row.timezone,
    role: effectiveRole(caller.account.isInstanceOwner, row.role ?? undefined)!,
  }));
}

export function accessList(db: Db, communityId: number) {
  return listGrants(db, communityId);
}

/**
 * Changes the role of a team member named by email (the older form of `changeRole`). Only
 * accounts already on this community's team are found — anyone else is 404 "team member", whether
 * or not they have an account — so the answer tells an admin nothing about other communities'
 * people; newcomers join through invitations (team.service inviteToTeam).
 */
export async function grantAccess(
  db: Db,
  input: { communityId: number; actorRole: AccessRole; actor: AuditActor; email: string; role: string },
  now: number,
) {
  const email = canonicalEmail(input.email);
  const member = (await listGrants(db, input.communityId)).find((g) => g.email === email);
  if (!member) throw new NotFoundError('team member');
  return changeRole(db, { ...input, accountId: member.accountId }, now);
}

export async function revokeAccess(
  db: Db,
  input: { communityId: number; actorRole: AccessRole; actor: AuditActor; accountId: number },
  now: number,
) {
  await removeFromTeam(db, input, now);
}

/**
 * `shequn admin grant`: the instance's operator at the command line gives an existing account any
 * role in a community (they see every account anyway). Recorded in the audit log without an actor.
 */
export async function grantFromCli(db: Db, input: { communityId: number; email: string; role: string }, now: number) {
  if (!isAccessRole(input.role)) throw new ValidationError('role', `unknown role: ${input.role}`);
  const role = input.role;
  return db.transaction().execute(async (trx) => {
    const account = await findAccountByAnySpelling(trx, input.email);
    if (!account) throw new NotFoundError(`account ${input.email}`);
    const current = await findGrantedRole(trx, account.id, input.communityId);
    await upsertGrant(trx, { communityId: input.communityId, accountId: account.id, role, now });
    await recordAudit(trx, {
      communityId: input.communityId,
      actor: CLI_ACTOR,
      action: current ? 'team.role' : 'team.grant',
      target: account.email,
      detail: current ? { from: current, to: role } : { role },
      now,
    });
    return { email: account.email, role };
  });
}

/** Makes the creator of a new community its owner (in the creating transaction). */
export function grantCreator(trx: Executor, communityId: number, accountId: number, now: number): Promise<void> {
  return upsertGrant(trx, { communityId, accountId, role: 'owner', now });
}
