import type { Kysely } from 'kysely';
import { columnTypes, notNull, type DialectName } from '../dialect.js';

/**
 * Gamification of check-in camps (camps/gamification, milestones, leaderboard, integrity rules):
 *
 * - `points_ledger`: append-only; one row per idempotency key (`checkin:<id>`, `void:checkin:<id>`,
 *   `streak-bonus:…`, `milestone:…`), so a retry never pays twice and a void is a row of its own.
 *   `camp_id` is null for points earned outside a camp (referrals, helpful answers).
 * - `camp_badges`: one row per camp, member and badge code.
 * - `camp_milestone_grants`: one row per camp, member and milestone day; kept after a void.
 * - `camp_role_model_days` / `camp_role_models`: a day's role models once frozen (see
 *   camps/role-models.service.ts), so a day's picks never change after they were announced and the
 *   "role model" badge can count them.
 * - `camp_copy_flags`: a check-in that resembles an earlier one of another member, until staff
 *   dismiss it, void the check-in or blacklist its author.
 *
 * The ledger's and badges' `checkin_id` carry no foreign key on purpose: deleting a member's
 * check-ins would otherwise scan these tables once per check-in; member deletion cascades instead.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  const community = (c: any) => c.notNull().references('communities.id').onDelete('cascade');
  const camp = (c: any) => c.notNull().references('camps.id').onDelete('cascade');
  const member = (c: any) => c.notNull().references('members.id').onDelete('cascade');
  const checkin = (c: any) => c.notNull().references('checkins.id').onDelete('cascade');

  await t
    .id(db.schema.createTable('points_ledger'))
    .addColumn('community_id', t.bigint, community)
    .addColumn('camp_id', t.bigint, (c) => c.references('camps.id').onDelete('cascade'))
    .addColumn('member_id', t.bigint, member)
    /** The local day the points count for in leaderboard windows. */
    .addColumn('day', 'integer', notNull)
    .addColumn('action', 'text', notNull)
    .addColumn('points', 'integer', notNull)
    .addColumn('key', 'text', notNull)
    .addColumn('checkin_id', t.bigint)
    .addColumn('created_at', t.bigint, notNull)
    .addUniqueConstraint('points_ledger_key_uq', ['community_id', 'key'])
    .execute();
  // One index serves member totals and every leaderboard (joined from a camp's enrolments, the
  // camp window filtering on the indexed camp_id): each index costs every check-in a B-tree insert.
  await db.schema
    .createIndex('points_ledger_member_idx')
    .on('points_ledger')
    .columns(['member_id', 'day', 'camp_id', 'points'])
    .execute();

  await t
    .id(db.schema.createTable('camp_badges'))
    .addColumn('camp_id', t.bigint, camp)
    .addColumn('member_id', t.bigint, member)
    .addColumn('code', 'text', notNull)
    .addColumn('day', 'integer', notNull)
    /** JSON: what earned it (`{ "longestStreak": 8 }`). */
    .addColumn('params', 'text', notNull)
    .addColumn('checkin_id', t.bigint)
    .addColumn('created_at', t.bigint, notNull)
    .addUniqueConstraint('camp_badges_uq', ['camp_id', 'member_id', 'code'])
    .execute();

  await db.schema
    .createTable('camp_milestone_grants')
    .addColumn('camp_id', t.bigint, camp)
    .addColumn('member_id', t.bigint, member)
    /** Completed check-in days that reached it. */
    .addColumn('milestone_day', 'integer', notNull)
    /** The local day it was granted. */
    .addColumn('day', 'integer', notNull)
    .addColumn('points', 'integer', notNull)
    .addColumn('checkin_id', t.bigint)
    .addColumn('created_at', t.bigint, notNull)
    .addPrimaryKeyConstraint('camp_milestone_grants_pk', ['camp_id', 'member_id', 'milestone_day'])
    .execute();

  await db.schema
    .createTable('camp_role_model_days')
    .addColumn('camp_id', t.bigint, camp)
    .addColumn('day', 'integer', notNull)
    .addColumn('frozen_at', t.bigint, notNull)
    .addPrimaryKeyConstraint('camp_role_model_days_pk', ['camp_id', 'day'])
    .execute();

  await db.schema
    .createTable('camp_role_models')
    .addColumn('camp_id', t.bigint, camp)
    .addColumn('day', 'integer', notNull)
    .addColumn('rank', 'integer', notNull)
    .addColumn('member_id', t.bigint, member)
    .addColumn('checkin_id', t.bigint, checkin)
    .addColumn('reason', 'text', notNull)
    /** JSON: the reason's template parameters (`{ "streak": 12 }`). */
    .addColumn('params', 'text', notNull)
    .addPrimaryKeyConstraint('camp_role_models_pk', ['camp_id', 'day', 'rank'])
    .addUniqueConstraint('camp_role_models_member_uq', ['camp_id', 'member_id', 'day'])
    .execute();

  await t
    .id(db.schema.createTable('camp_copy_flags'))
    .addColumn('community_id', t.bigint, community)
    .addColumn('camp_id', t.bigint, camp)
    .addColumn('checkin_id', t.bigint, checkin)
    /** The earlier check-in of another member that this one resembles. */
    .addColumn('original_checkin_id', t.bigint, checkin)
    /** Share of the check-in's shingles found in the original (0..1). */
    .addColumn('score', 'double precision', notNull)
    .addColumn('jaccard', 'double precision', notNull)
    /** `open`, `dismissed`, `voided` or `blacklisted`. */
    .addColumn('status', 'text', notNull)
    .addColumn('created_at', t.bigint, notNull)
    .addColumn('resolved_by', t.bigint, (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('resolved_at', t.bigint)
    .addColumn('resolution_reason', 'text')
    .addUniqueConstraint('camp_copy_flags_checkin_uq', ['checkin_id'])
    .execute();
  await db.schema
    .createIndex('camp_copy_flags_camp_idx')
    .on('camp_copy_flags')
    .columns(['camp_id', 'status'])
    .execute();
}
