import type { Generated, Insertable, Selectable } from 'kysely';
import type { CampTables } from './schema-camps.js';
import type { IdentityTables } from './schema-identities.js';
import type { OperationsTables } from './schema-operations.js';
import type { OutboxTables } from './schema-outbox.js';
import type { RoomTables } from './schema-rooms.js';
import type { TeamTables } from './schema-team.js';

/** Kysely table types. Times are UTC epoch ms; `day` columns are local epoch days (see local-day.ts). */
export interface CommunitiesTable {
  id: Generated<number>;
  slug: string;
  name: string;
  timezone: string;
  /** JSON: community settings (question word lists, SLA …). */
  settings: Generated<string>;
  created_at: number;
  /** Day of the community's first and last event of any kind; null until it has one. */
  first_day: Generated<number | null>;
  last_day: Generated<number | null>;
}

export interface GroupsTable {
  id: Generated<number>;
  community_id: number;
  platform: string;
  external_id: string;
  name: string;
  capacity: Generated<number>;
  /** Day of the group's first event of any kind; null until it has one. */
  first_day: number | null;
  /** Whether any of the group's events carries a reply or thread link (METRICS.md, answers). */
  has_reply_links: Generated<number>;
  created_at: number;
}

export interface MembersTable {
  id: Generated<number>;
  community_id: number;
  display_name: string;
  is_bot: number;
  /** Day 0 for retention: the day of the member's earliest join or activity event. */
  first_day: number | null;
  created_at: number;
  /** Refreshed after ingest (members/member-stats): tier as of the community's last day with events. */
  tier: string | null;
  last_active_day: number | null;
  messages: Generated<number>;
  checkins: Generated<number>;
  /** Set when the member was merged into another (migration 119): hidden from lists and reports. */
  merged_into: Generated<number | null>;
}

export interface IdentitiesTable {
  id: Generated<number>;
  community_id: number;
  member_id: number;
  platform: string;
  external_id: string;
  display_name: string;
}

export interface MemberRolesTable {
  id: Generated<number>;
  community_id: number;
  /** Null: the role holds in every group of the community. */
  group_id: number | null;
  member_id: number;
  role: string;
  created_at: number;
}

export interface EventsTable {
  id: Generated<number>;
  community_id: number;
  group_id: number;
  /** Null for system events that concern no one; bots are members flagged `is_bot`. */
  member_id: number | null;
  platform: string;
  source_id: string;
  kind: string;
  occurred_at: number;
  day: number;
  reply_to_source_id: string | null;
  thread_source_id: string | null;
  text: string | null;
  /** The text reads as a question (METRICS.md); whether it counts also depends on the author's role. */
  is_question: number;
}

export interface MembershipsTable {
  group_id: number;
  member_id: number;
  community_id: number;
  first_day: number;
}

export interface MemberDaysTable {
  community_id: number;
  member_id: number;
  day: number;
  messages: number;
  checkins: number;
}

/** `month` as in event-log/months.ts: months since 1970-01 of the local date. */
export interface MemberMonthsTable {
  community_id: number;
  member_id: number;
  month: number;
  messages: number;
  checkins: number;
}

export interface GroupMemberDaysTable {
  group_id: number;
  member_id: number;
  day: number;
  messages: number;
  checkins: number;
}

export interface GroupDaysTable {
  group_id: number;
  day: number;
  messages: number;
  checkins: number;
}

export interface CommunityDaysTable {
  community_id: number;
  day: number;
  messages: number;
  checkins: number;
  active_members: number;
}

export interface QuestionsTable {
  event_id: number;
  community_id: number;
  group_id: number;
  member_id: number;
  asked_at: number;
  day: number;
  /** Null when unanswered within 24 h. */
  answer_ms: number | null;
}

/** A community whose member figures (tiers, totals, rule tags) are out of date (migration 124). */
export interface MemberFigureMarksTable {
  community_id: number;
  version: number;
}

export interface ImportsTable {
  id: Generated<number>;
  community_id: number;
  format: string;
  file_name: string;
  started_at: number;
  finished_at: number;
  events_read: number;
  events_inserted: number;
  /** Stored events whose text or links this import replaced (migration 124). */
  events_repaired: Generated<number>;
}

export interface Database extends OperationsTables, CampTables, OutboxTables, IdentityTables, RoomTables, TeamTables {
  communities: CommunitiesTable;
  groups: GroupsTable;
  members: MembersTable;
  identities: IdentitiesTable;
  member_roles: MemberRolesTable;
  events: EventsTable;
  memberships: MembershipsTable;
  member_days: MemberDaysTable;
  member_months: MemberMonthsTable;
  group_member_days: GroupMemberDaysTable;
  group_days: GroupDaysTable;
  community_days: CommunityDaysTable;
  questions: QuestionsTable;
  imports: ImportsTable;
  member_figure_marks: MemberFigureMarksTable;
}

export type Community = Selectable<CommunitiesTable>;
export type Group = Selectable<GroupsTable>;
export type Member = Selectable<MembersTable>;
export type NewEvent = Insertable<EventsTable>;
