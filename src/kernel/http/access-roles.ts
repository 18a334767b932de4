/**
 * Operator roles in a community, from most to least powerful. These are access roles of Shequn's
 * own accounts, distinct from the duty roles members hold inside chat groups (members/roles/roles.rules.ts).
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

/** A role's place on the ladder: higher is more powerful. */
export function roleRank(role: AccessRole): number {
  return RANK[role];
}

export function isAccessRole(value: string): value is AccessRole {
  return (ACCESS_ROLES as readonly string[]).includes(value);
}
