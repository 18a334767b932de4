import type { Community } from '../kernel/db/schema.js';
import type { AccessRole } from '../kernel/http/access-roles.js';
import type { RoomLocale } from './rooms.messages.js';

/**
 * The member behind a personal link token (the member page's), or null for a token that names
 * nobody. A port: the camps own the links, and the wiring (server/features.ts) fills it in.
 */
export type MemberTokenResolver = (token: string) => Promise<{ communityId: number; memberId: number } | null>;

/** A member in the rooms, through their personal link. */
export interface MemberActor {
  kind: 'member';
  community: Community;
  memberId: number;
  name: string;
  locale: RoomLocale;
}

/** A staff account in the console, acting as itself in a community. */
export interface StaffActor {
  kind: 'staff';
  community: Community;
  accountId: number;
  name: string;
  role: AccessRole;
  locale: RoomLocale;
}

export type RoomActor = MemberActor | StaffActor;
