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
