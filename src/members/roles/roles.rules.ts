import { ValidationError } from '../../kernel/errors.js';

/** Roles a member can hold in a group or a whole community (PLAYBOOK glossary). */
export const ROLES = [
  'owner',
  'admin',
  'teacher',
  'leader',
  'booster',
  'cheerleader',
  'assistant',
  'kol',
  'member',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles that make a member staff (METRICS.md): every role but plain member and KOL. */
export const STAFF_ROLES: readonly Role[] = [
  'owner',
  'admin',
  'teacher',
  'leader',
  'booster',
  'cheerleader',
  'assistant',
];

export function assertRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new ValidationError('role', `unknown role "${role}"; expected one of ${ROLES.join(', ')}`);
  }
  return role as Role;
}

/** A staff role held by a member: in one group, or in every group when `group_id` is null. */
export interface StaffRole {
  member_id: number;
  group_id: number | null;
}

/** Whether `memberId` is staff in `groupId` (METRICS.md, Basics). */
export function isStaffIn(roles: readonly StaffRole[], memberId: number, groupId: number): boolean {
  return roles.some((r) => r.member_id === memberId && (r.group_id === null || r.group_id === groupId));
}

/** The distinct members who are staff in `groupId`. */
export function staffOfGroup(roles: readonly StaffRole[], groupId: number): number[] {
  return [...new Set(roles.filter((r) => r.group_id === null || r.group_id === groupId).map((r) => r.member_id))];
}
