import type { Db, Executor } from '../kernel/db/database.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../kernel/errors.js';
import { findAccountByAnySpelling } from './account.service.js';
import type { Caller } from '../kernel/http/access.js';
import { deleteGrant, findGrantedRole, listGrants, listVisibleCommunities, upsertGrant } from './access.repo.js';
import { canGrant, effectiveRole } from './access.rules.js';
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

/** Gives an existing account a role in a community, within what the granting role allows. */
export async function grantAccess(
  db: Db,
  input: { communityId: number; actorRole: AccessRole; email: string; role: string },
  now: number,
) {
  if (!isAccessRole(input.role)) throw new ValidationError('role', `unknown role: ${input.role}`);
  const target = input.role;
  if (!canGrant(input.actorRole, target)) throw new ForbiddenError(`a ${input.actorRole} cannot grant ${target}`);
  return db.transaction().execute(async (trx) => {
    const account = await findAccountByAnySpelling(trx, input.email);
    if (!account) throw new NotFoundError(`account ${input.email}`);
    const current = await findGrantedRole(trx, account.id, input.communityId);
    if (current && isAccessRole(current) && !canGrant(input.actorRole, current))
      throw new ForbiddenError(`a ${input.actorRole} cannot change a ${current}`);
    await upsertGrant(trx, { communityId: input.communityId, accountId: account.id, role: target, now });
    return { accountId: account.id, email: account.email, role: target };
  });
}

export async function revokeAccess(db: Db, input: { communityId: number; actorRole: AccessRole; accountId: number }) {
  await db.transaction().execute(async (trx) => {
    const current = await findGrantedRole(trx, input.accountId, input.communityId);
    if (!current) throw new NotFoundError('access grant');
    if (isAccessRole(current) && !canGrant(input.actorRole, current))
      throw new ForbiddenError(`a ${input.actorRole} cannot revoke a ${current}`);
    await deleteGrant(trx, input.communityId, input.accountId);
  });
}

/** Makes the creator of a new community its owner (in the creating transaction). */
export function grantCreator(trx: Executor, communityId: number, accountId: number, now: number): Promise<void> {
  return upsertGrant(trx, { communityId, accountId, role: 'owner', now });
}
