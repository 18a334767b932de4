import type { Generated, Selectable } from 'kysely';

/** Tables of check-in camps (migration 110). Days are local epoch days; times UTC epoch ms. */
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

export interface CampTables {
  camps: CampsTable;
  camp_groups: CampGroupsTable;
  camp_enrolments: CampEnrolmentsTable;
  checkins: CheckinsTable;
}

export type CampRow = Selectable<CampsTable>;
export type CheckinRow = Selectable<CheckinsTable>;
