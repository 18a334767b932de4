import { type AccessRole, isAccessRole, roleRank } from '../kernel/http/access-roles.js';

/** Whether `actor` may give or take `target` role: admins manage roles below admin; owners manage all. */
export function canGrant(actor: AccessRole | null, target: AccessRole): boolean {
  if (actor === 'owner') return true;
  return actor === 'admin' && roleRank(target) < roleRank('admin');
}

/** The effective role of an account in a community: instance owners own every community. */
export function effectiveRole(isInstanceOwner: boolean, granted: string | undefined): AccessRole | null {
  if (isInstanceOwner) return 'owner';
  return granted && isAccessRole(granted) ? granted : null;
}

/**
 * Whether an operator may issue a password reset link for another account. Instance owners may
 * for anyone. A community owner may only for an account that is no instance owner and whose every
 * grant is in a community the actor owns: otherwise the owner of community A could take over an
 * account that holds more (an owner, say) in community B, which A's owner has no say over.
 */
export function canResetPassword(
  actor: { isInstanceOwner: boolean; ownedCommunityIds: ReadonlySet<number> },
  target: { isInstanceOwner: boolean; communityIds: readonly number[] },
): boolean {
  if (actor.isInstanceOwner) return true;
  if (target.isInstanceOwner) return false;
  return target.communityIds.every((id) => actor.ownedCommunityIds.has(id));
}

/** Whether a change leaves a community without an owner grant: its last owner may not go or step down. */
export function removesLastOwner(current: string, next: AccessRole | null, ownerGrants: number): boolean {
  return current === 'owner' && next !== 'owner' && ownerGrants <= 1;
}
