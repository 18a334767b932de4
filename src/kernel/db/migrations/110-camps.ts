import type { Kysely } from 'kysely';
import { columnTypes, notNull, zero, type DialectName } from '../dialect.js';

/**
 * Check-in camps: the camp and its groups, enrolments with each member's personal link, and the
 * check-ins. A member checks in at most once per camp day (unique key, so a retry or a race can
 * never store two), and an API retry carrying the same idempotency key finds the first one.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  const community = (c: any) => c.notNull().references('communities.id').onDelete('cascade');
  const camp = (c: any) => c.notNull().references('camps.id').onDelete('cascade');
  const member = (c: any) => c.notNull().references('members.id').onDelete('cascade');

  await t
    .id(db.schema.createTable('camps'))
    .addColumn('community_id', t.bigint, community)
    .addColumn('name', 'text', notNull)
    .addColumn('template', 'text', notNull)
    .addColumn('start_day', 'integer', notNull)
    .addColumn('length_days', 'integer', notNull)
    .addColumn('window_start', 'integer', notNull)
    .addColumn('window_end', 'integer', notNull)
    .addColumn('content', 'text', notNull)
    .addColumn('rules', 'text', notNull)
    .addColumn('settings', 'text', notNull)
    .addColumn('created_at', t.bigint, notNull)
    .execute();
  await db.schema.createIndex('camps_community_idx').on('camps').columns(['community_id', 'start_day']).execute();

  await db.schema
    .createTable('camp_groups')
    .addColumn('camp_id', t.bigint, camp)
    .addColumn('group_id', t.bigint, (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('camp_groups_pk', ['camp_id', 'group_id'])
    .execute();

  await t
    .id(db.schema.createTable('camp_enrolments'))
    .addColumn('camp_id', t.bigint, camp)
    .addColumn('member_id', t.bigint, member)
    .addColumn('group_id', t.bigint, (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', notNull)
    .addColumn('opted_out_of_reminders', t.boolean, zero)
    .addColumn('enrolled_at', t.bigint, notNull)
    .addUniqueConstraint('camp_enrolments_member_uq', ['camp_id', 'member_id'])
    .addUniqueConstraint('camp_enrolments_token_uq', ['token_hash'])
    .execute();

  await t
    .id(db.schema.createTable('checkins'))
    .addColumn('camp_id', t.bigint, camp)
    .addColumn('community_id', t.bigint, community)
    .addColumn('member_id', t.bigint, member)
    .addColumn('day', 'integer', notNull)
    .addColumn('at', t.bigint, notNull)
    /** `page`, `chat` or `api`. */
    .addColumn('source', 'text', notNull)
    /** `normal` or `makeup` (补卡: fills a missed day later). */
    .addColumn('kind', 'text', notNull)
    .addColumn('text', 'text')
    .addColumn('number', 'double precision')
    .addColumn('link', 'text')
    .addColumn('image_path', 'text')
    .addColumn('idempotency_key', 'text')
    .addColumn('voided_at', t.bigint)
    .addColumn('void_reason', 'text')
    .addColumn('voided_by', t.bigint, (c) => c.references('accounts.id').onDelete('set null'))
    .addUniqueConstraint('checkins_day_uq', ['camp_id', 'member_id', 'day'])
    .addUniqueConstraint('checkins_idempotency_uq', ['camp_id', 'idempotency_key'])
    .execute();
  await db.schema.createIndex('checkins_camp_day_idx').on('checkins').columns(['camp_id', 'day']).execute();
}
