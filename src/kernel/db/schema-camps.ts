import type { Generated, Selectable } from 'kysely';

/** Tables of check-in camps (migrations 110 and 111). Days are local epoch days; times UTC epoch ms. */
export interface CampsTable {
  id: Generated<number>;
  community_id: number;
  name: string;
  /** The template the camp was created from (`early-riser-21`, `reading-30`, `fitness-100`, `custom`). */
  template: string;
  start_day: number;
  length_days: number;
  /** Minutes after local midnight; `window_end <= window_start` means the window crosses midnight. */
  window_start: number;
  window_end: number;
  /** JSON: which fields a check-in must carry (camp.rules ContentSpec). */
  content: string;
  /** JSON: make-up cards, freezes, miss policy (camp.rules CampRules). */
  rules: string;
  /** JSON: reminder time, milestones (camp.rules CampSettings). */
  settings: string;
  created_at: number;
  /** Raised by every edit (camp.repo `updateCampRow`): check-in writers keep parsed camps by it. */
  revision: Generated<number>;
}

export interface CampGroupsTable {
  camp_id: number;
  group_id: number;
}

export interface CampEnrolmentsTable {
  id: Generated<number>;
  camp_id: number;
  member_id: number;
  /** The group the member's check-ins are logged in (events need one). */
  group_id: number;
  /** SHA-256 of the member's personal link token; the token itself is shown once. */
  token_hash: string;
  opted_out_of_reminders: Generated<number>;
  enrolled_at: number;
}

export interface CheckinsTable {
  id: Generated<number>;
  camp_id: number;
  community_id: number;
  member_id: number;
  /** The camp day the check-in counts for (a window crossing midnight keeps its starting day). */
  day: number;
  at: number;
  source: string;
  kind: string;
  text: string | null;
  number: number | null;
  link: string | null;
  image_path: string | null;
  idempotency_key: string | null;
  voided_at: number | null;
  void_reason: string | null;
  voided_by: number | null;
}

/** Migration 111: the points ledger, append-only; one row per idempotency key in a community. */
export interface PointsLedgerTable {
  id: Generated<number>;
  community_id: number;
  /** Null for points earned outside a camp (a referral, a helpful answer). */
  camp_id: number | null;
  member_id: number;
  /** The local day the points count for in leaderboard windows. */
  day: number;
  /** gamification.rules PointAction. */
  action: string;
  points: number;
  key: string;
  checkin_id: number | null;
  created_at: number;
}

export interface CampBadgesTable {
  id: Generated<number>;
  camp_id: number;
  member_id: number;
  code: string;
  /** The local day it was earned. */
  day: number;
  /** JSON: what earned it. */
  params: string;
  checkin_id: number | null;
  created_at: number;
}

export interface CampMilestoneGrantsTable {
  camp_id: number;
  member_id: number;
  milestone_day: number;
  day: number;
  points: number;
  checkin_id: number | null;
  created_at: number;
}

/** A camp day whose role models are frozen: `camp_role_models` then holds them (possibly none). */
export interface CampRoleModelDaysTable {
  camp_id: number;
  day: number;
  frozen_at: number;
}

export interface CampRoleModelsTable {
  camp_id: number;
  day: number;
  rank: number;
  member_id: number;
  checkin_id: number;
  reason: string;
  /** JSON: the reason's template parameters. */
  params: string;
}

export type CopyFlagStatus = 'open' | 'dismissed' | 'voided' | 'blacklisted';

export interface CampCopyFlagsTable {
  id: Generated<number>;
  community_id: number;
  camp_id: number;
  checkin_id: number;
  original_checkin_id: number;
  score: number;
  jaccard: number;
  status: CopyFlagStatus;
  created_at: number;
  resolved_by: number | null;
  resolved_at: number | null;
  resolution_reason: string | null;
}

export interface CampTables {
  camps: CampsTable;
  camp_groups: CampGroupsTable;
  camp_enrolments: CampEnrolmentsTable;
  checkins: CheckinsTable;
  points_ledger: PointsLedgerTable;
  camp_badges: CampBadgesTable;
  camp_milestone_grants: CampMilestoneGrantsTable;
  camp_role_model_days: CampRoleModelDaysTable;
  camp_role_models: CampRoleModelsTable;
  camp_copy_flags: CampCopyFlagsTable;
}

export type CampRow = Selectable<CampsTable>;
export type CheckinRow = Selectable<CheckinsTable>;
