/** API shapes the members pages read (GET /api/communities/:slug/members…). */
export type Tier = 'active' | 'observer' | 'lurker' | 'gone';
/** Ids arrive as numbers or decimal strings depending on the route; the console treats them as opaque. */
export type Id = number | string;

export interface MemberRow {
  id: Id;
  name: string;
  tier: Tier | null;
  firstDay: string | null;
  lastActiveDay: string | null;
  messages: number;
  checkins: number;
  tags: string[];
  roles: string[];
  sources: string[];
  blacklisted: boolean;
}

export interface MemberPage {
  total: number;
  items: MemberRow[];
}

export interface MemberProfile {
  id: Id;
  name: string;
  isBot: boolean;
  tier: Tier | null;
  firstDay: string | null;
  lastActiveDay: string | null;
  messages: number;
  checkins: number;
  identities: { platform: string; externalId: string; displayName: string }[];
  groups: { id: Id; name: string; firstDay: string | null }[];
  tags: { tag: string; source: string }[];
  roles: { role: string; groupId: Id | null; groupName: string | null }[];
  notes: { id: Id; kind: string; body: string; author: string | null; createdAt: number | string }[];
  blacklist: {
    id: Id;
    action: 'mute' | 'remove';
    reason: string;
    createdAt: number | string;
    liftedAt: number | string | null;
  }[];
  tierHistory: { day: string; tier: Tier | null }[];
}

export interface TimelineItem {
  kind: string;
  at: number | string;
  day: string;
  groupId: Id | null;
  groupName: string | null;
  text: string | null;
}

export interface TimelinePage {
  items: TimelineItem[];
  next: string | number | null;
}

export interface TagCount {
  tag: string;
  source: string;
  members: number;
}

export interface GroupOption {
  id: Id;
  name: string;
}

/** Duty roles a member can be given (DutyRoleSchema in src/members/member-schemas.ts). */
export const DUTY_ROLES = [
  'owner',
  'admin',
  'teacher',
  'leader',
  'booster',
  'cheerleader',
  'assistant',
  'kol',
] as const;
export const TIERS: Tier[] = ['active', 'observer', 'lurker', 'gone'];
export const SOURCES = ['telegram', 'slack', 'wechat', 'discord', 'irc', 'web', 'demo'] as const;
export const TIER_COLORS: Record<Tier, string> = { active: 'green', observer: 'blue', lurker: 'default', gone: 'red' };
