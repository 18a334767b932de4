import type { DutyRole, MemberTier } from './api';

/** Duty roles a member can be given, in the order the selects offer them (DutyRoleSchema on the server). */
export const DUTY_ROLES = [
  'owner',
  'admin',
  'teacher',
  'leader',
  'booster',
  'cheerleader',
  'assistant',
  'kol',
] as const satisfies readonly DutyRole[];
export const TIERS: readonly MemberTier[] = ['active', 'observer', 'lurker', 'gone'];
export const SOURCES = ['telegram', 'slack', 'wechat', 'discord', 'irc', 'web', 'demo'] as const;
const TIER_COLORS: Record<MemberTier, string> = { active: 'green', observer: 'blue', lurker: 'default', gone: 'red' };

/** A tier the server names (the list and profile give it as text), or undefined for anything else. */
export function asTier(value: string | null | undefined): MemberTier | undefined {
  return TIERS.find((tier) => tier === value);
}

/** The tag colour of a tier. */
export function tierColor(tier: MemberTier): string {
  return TIER_COLORS[tier];
}
