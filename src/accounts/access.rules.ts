/**
 * Operator roles in a community, from most to least powerful. These are access roles of Shequn's
 * own accounts, distinct from the duty roles members hold inside chat groups (members/roles.rules).
 */
export const ACCESS_ROLES = ['owner', 'admin', 'operator', 'assistant', 'analyst'] as const;
export type AccessRole = (typeof ACCESS_ROLES)[number];

const RANK: Record<AccessRole, number> = { owner: 5, admin: 4, operator: 3, assistant: 2, analyst: 1 };

/**
 * What each role may do, as the minimum role a route asks for:
 * - analyst: read everything (reports, members, care lists) — read-only;
 * - assistant: work the care list and write notes on members;
 * - operator: tag members, manage member duty roles and the blacklist, import data;
 * - admin: manage who else has access (below owner) and community settings;
 * - owner: grant or revoke admin and owner.
 */
export function hasRole(actual: AccessRole | null, minimum: AccessRole): boolean {
  return actual !== null && RANK[actual] >= RANK[minimum];
}

export function isAccessRole(value: string): value is AccessRole {
  return (ACCESS_ROLES as readonly string[]).includes(value);
}

/** Whether `actor` may give or take `target` role: admins manage roles below admin; owners manage all. */
export function canGrant(actor: AccessRole | null, target: AccessRole): boolean {
  if (actor === 'owner') return true;
  return actor === 'admin' && RANK[target] < RANK.admin;
}

/** The effective role of an account in a community: instance owners own every community. */
export function effectiveRole(isInstanceOwner: boolean, granted: string | undefined): AccessRole | null {
  if (isInstanceOwner) return 'owner';
  return granted && isAccessRole(granted) ? granted : null;
}
