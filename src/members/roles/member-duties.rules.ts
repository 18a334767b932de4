import type { Role } from './roles.rules.js';

/** The duty roles an operator hands out (every role but plain member), in the order shown. */
export const DUTY_ROLES = [
  'owner',
  'admin',
  'teacher',
  'leader',
  'booster',
  'cheerleader',
  'assistant',
  'kol',
] as const satisfies readonly Role[];
export type DutyRole = (typeof DUTY_ROLES)[number];
