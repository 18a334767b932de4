import type { Community } from '../kernel/db/schema.js';
import type { Db } from '../kernel/db/database.js';
import { NotFoundError } from '../kernel/errors.js';
import { dayToIso } from '../kernel/time/local-day.js';
import { listBlacklist } from './roles/blacklist.service.js';
import { isoOrNull } from './member-list.rules.js';
import { tierHistory, TIER_HISTORY_WEEKS, TIER_WINDOW_DAYS } from './stats/member-stats.rules.js';
import { memberGroups } from './member-timeline.repo.js';
import { memberNotes, type MemberNote } from './note.service.js';
import { rolesOfMember, type HeldRole } from './roles/role.service.js';

export interface MemberProfile {
  id: number;
  name: string;
  isBot: boolean;
  tier: string | null;
  firstDay: string | null;
  lastActiveDay: string | null;
  messages: number;
  checkins: number;
  /** The member this one was merged into (docs/identities.md), else null. */
  mergedInto: number | null;
  identities: Array<{ platform: string; externalId: string; displayName: string }>;
  groups: Array<{ id: number; name: string; firstDay: string }>;
  tags: Array<{ tag: string; source: string }>;
  roles: HeldRole[];
  notes: MemberNote[];
  blacklist: Array<{ id: number; action: string; reason: string; createdAt: number; liftedAt: number | null }>;
  tierHistory: Array<{ day: string; tier: string | null }>;
}

/** Everything known about one member of the community; 404 for a member of another community. */
export async function memberProfile(
  db: Db,
  community: Pick<Community, 'id' | 'last_day'>,
  memberId: number,
): Promise<MemberProfile> {
  const member = await db
    .selectFrom('members')
    .select([
      'id',
      'display_name',
      'is_bot',
      'tier',
      'first_day',
      'last_active_day',
      'messages',
      'checkins',
      'merged_into',
    ])
    .where('id', '=', memberId)
    .where('community_id', '=', community.id)
    .executeTakeFirst();
  if (!member) throw new NotFoundError(`member ${memberId}`);
  const asOf = community.last_day;
  const historyFrom = asOf === null ? 0 : asOf - TIER_HISTORY_WEEKS * 7 - TIER_WINDOW_DAYS;
  const [identities, groups, tags, roles, notes, blacklist, days] = await Promise.all([
    db
      .selectFrom('identities')
      .select(['platform', 'external_id', 'display_name'])
      .where('member_id', '=', memberId)
      .orderBy('platform')
      .orderBy('id')
      .execute(),
    memberGroups(db, community.id, memberId),
    db
      .selectFrom('member_tags')
      .select(['tag', 'source'])
      .where('member_id', '=', memberId)
      .orderBy('source')
      .orderBy('tag')
      .execute(),
    rolesOfMember(db, community.id, memberId),
    memberNotes(db, community.id, memberId),
    listBlacklist(db, community.id, { memberId }),
    asOf === null
      ? []
      : db
          .selectFrom('member_days')
          .select(['day', 'messages', 'checkins'])
          .where('community_id', '=', community.id)
          .where('member_id', '=', memberId)
          .where('day', '>', historyFrom)
          .where('day', '<=', asOf)
          .execute(),
  ]);
  return {
    id: member.id,
    name: member.display_name,
    isBot: member.is_bot === 1,
    tier: member.tier,
    firstDay: isoOrNull(member.first_day),
    lastActiveDay: isoOrNull(member.last_active_day),
    messages: member.messages,
    checkins: member.checkins,
    mergedInto: member.merged_into === null ? null : Number(member.merged_into),
    identities: identities.map((i) => ({
      platform: i.platform,
      externalId: i.external_id,
      displayName: i.display_name,
    })),
    groups: groups.map((g) => ({ id: g.id, name: g.name, firstDay: dayToIso(g.first_day) })),
    tags,
    roles,
    notes,
    blacklist: blacklist.map(({ id, action, reason, createdAt, liftedAt }) => ({
      id,
      action,
      reason,
      createdAt,
      liftedAt,
    })),
    tierHistory:
      asOf === null || member.is_bot === 1
        ? []
        : tierHistory(days, member.first_day, asOf).map((p) => ({ day: dayToIso(p.day), tier: p.tier })),
  };
}
