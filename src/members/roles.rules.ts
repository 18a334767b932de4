import { ValidationError } from '../kernel/errors.js';

/** Roles a member can hold in a group or a whole community (PLAYBOOK glossary). */
export const ROLES = ['owner', 'admin', 'teacher', 'leader', 'booster', 'cheerleader', 'assistant', 'kol', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that make a member staff (METRICS.md): every role but plain member and KOL. */
export const STAFF_ROLES: readonly Role[] = ['owner', 'admin', 'teacher', 'leader', 'booster', 'cheerleader', 'assistant'];

export function assertRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new ValidationError('role', `unknown role "${role}"; expected one of ${ROLES.join(', ')}`);
  }
  return role as Role;
}
