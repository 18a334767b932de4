import type { Kysely } from 'kysely';
import { columnTypes, createPartialIndex, notNull, zero, type DialectName } from '../dialect.js';

/** Communities, groups, members and identities, the event log and its day rollups. */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);

  await t
    .id(db.schema.createTable('communities'))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', notNull)
    .addColumn('timezone', 'text', notNull)
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', t.bigint, notNull)
    .execute();

  await t
    .id(db.schema.createTable('groups'))
    .addColumn('community_id', t.bigint, (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('platform', 'text', notNull)
    .addColumn('external_id', 'text', notNull)
    .addColumn('name', 'text', notNull)
    .addColumn('capacity', 'integer', (c) => c.notNull().defaultTo(150))
    .addColumn('first_day', 'integer')
    .addColumn('has_reply_links', t.boolean, zero)
    .addColumn('created_at', t.bigint, notNull)
    .addUniqueConstraint('groups_platform_external_unique', ['community_id', 'platform', 'external_id'])
    .execute();

  await t
    .id(db.schema.createTable('members'))
    .addColumn('community_id', t.bigint, (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('display_name', 'text', notNull)
    .addColumn('is_bot', t.boolean, zero)
    .addColumn('first_day', 'integer')
    .addColumn('created_at', t.bigint, notNull)
    .execute();
  await db.schema.createIndex('members_community_idx').on('members').columns(['community_id', 'first_day']).execute();

  await t
    .id(db.schema.createTable('identities'))
    .addColumn('community_id', t.bigint, notNull)
    .addColumn('member_id', t.bigint, (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('platform', 'text', notNull)
    .addColumn('external_id', 'text', notNull)
    .addColumn('display_name', 'text', notNull)
    .addUniqueConstraint('identities_platform_external_unique', ['community_id', 'platform', 'external_id'])
    .execute();
  await db.schema.createIndex('identities_member_idx').on('identities').column('member_id').execute();

  await t
    .id(db.schema.createTable('member_roles'))
    .addColumn('community_id', t.bigint, notNull)
    .addColumn('group_id', t.bigint)
    .addColumn('member_id', t.bigint, (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('role', 'text', notNull)
    .addColumn('created_at', t.bigint, notNull)
    .execute();
  await db.schema
    .createIndex('member_roles_community_idx')
    .on('member_roles')
    .columns(['community_id', 'member_id'])
    .execute();

  await t
    .id(db.schema.createTable('events'))
    .addColumn('community_id', t.bigint, notNull)
    .addColumn('group_id', t.bigint, notNull)
    .addColumn('member_id', t.bigint)
    .addColumn('platform', 'text', notNull)
    .addColumn('source_id', 'text', notNull)
    .addColumn('kind', 'text', notNull)
    .addColumn('occurred_at', t.bigint, notNull)
    .addColumn('day', 'integer', notNull)
    .addColumn('reply_to_source_id', 'text')
    .addColumn('thread_source_id', 'text')
    .addColumn('text', 'text')
    .addColumn('is_question', t.boolean, zero)
    .addUniqueConstraint('events_source_unique', ['community_id', 'platform', 'source_id'])
    .execute();
  await db.schema.createIndex('events_community_day_idx').on('events').columns(['community_id', 'day']).execute();
  await db.schema.createIndex('events_group_time_idx').on('events').columns(['group_id', 'occurred_at']).execute();
  await createPartialIndex(
    db,
    'events_reply_idx',
    'events',
    ['community_id', 'reply_to_source_id'],
    'reply_to_source_id is not null',
  );
  await createPartialIndex(
    db,
    'events_thread_idx',
    'events',
    ['community_id', 'thread_source_id'],
    'thread_source_id is not null',
  );
  // Covers presence queries entirely, so they never touch the table's rows.
  await createPartialIndex(
    db,
    'events_membership_idx',
    'events',
    ['community_id', 'kind', 'day', 'group_id', 'member_id', 'occurred_at', 'id'],
    "kind in ('join', 'leave')",
  );

  await db.schema
    .createTable('memberships')
    .addColumn('group_id', t.bigint, notNull)
    .addColumn('member_id', t.bigint, notNull)
    .addColumn('community_id', t.bigint, notNull)
    .addColumn('first_day', 'integer', notNull)
    .addPrimaryKeyConstraint('memberships_pk', ['group_id', 'member_id'])
    .execute();
  await db.schema
    .createIndex('memberships_member_idx')
    .on('memberships')
    .columns(['community_id', 'member_id'])
    .execute();

  await db.schema
    .createTable('member_days')
    .addColumn('community_id', t.bigint, notNull)
    .addColumn('member_id', t.bigint, notNull)
    .addColumn('day', 'integer', notNull)
    .addColumn('messages', 'integer', zero)
    .addColumn('checkins', 'integer', zero)
    .addPrimaryKeyConstraint('member_days_pk', ['community_id', 'member_id', 'day'])
    .execute();
  await db.schema
    .createIndex('member_days_day_idx')
    .on('member_days')
    .columns(['community_id', 'day', 'member_id', 'messages'])
    .execute();

  await db.schema
    .createTable('group_member_days')
    .addColumn('group_id', t.bigint, notNull)
    .addColumn('member_id', t.bigint, notNull)
    .addColumn('day', 'integer', notNull)
    .addColumn('messages', 'integer', zero)
    .addColumn('checkins', 'integer', zero)
    .addPrimaryKeyConstraint('group_member_days_pk', ['group_id', 'member_id', 'day'])
    .execute();

  await db.schema
    .createTable('group_days')
    .addColumn('group_id', t.bigint, notNull)
    .addColumn('day', 'integer', notNull)
    .addColumn('messages', 'integer', zero)
    .addColumn('checkins', 'integer', zero)
    .addPrimaryKeyConstraint('group_days_pk', ['group_id', 'day'])
    .execute();

  await db.schema
    .createTable('community_days')
    .addColumn('community_id', t.bigint, notNull)
    .addColumn('day', 'integer', notNull)
    .addColumn('messages', 'integer', zero)
    .addColumn('checkins', 'integer', zero)
    .addColumn('active_members', 'integer', zero)
    .addPrimaryKeyConstraint('community_days_pk', ['community_id', 'day'])
    .execute();

  await db.schema
    .createTable('questions')
    .addColumn('event_id', t.bigint, (c) => c.primaryKey())
    .addColumn('community_id', t.bigint, notNull)
    .addColumn('group_id', t.bigint, notNull)
    .addColumn('member_id', t.bigint, notNull)
    .addColumn('asked_at', t.bigint, notNull)
    .addColumn('day', 'integer', notNull)
    .addColumn('answer_ms', t.bigint)
    .execute();
  await db.schema
    .createIndex('questions_community_day_idx')
    .on('questions')
    .columns(['community_id', 'day', 'answer_ms'])
    .execute();
  await db.schema.createIndex('questions_group_time_idx').on('questions').columns(['group_id', 'asked_at']).execute();

  await t
    .id(db.schema.createTable('imports'))
    .addColumn('community_id', t.bigint, notNull)
    .addColumn('format', 'text', notNull)
    .addColumn('file_name', 'text', notNull)
    .addColumn('started_at', t.bigint, notNull)
    .addColumn('finished_at', t.bigint, notNull)
    .addColumn('events_read', 'integer', notNull)
    .addColumn('events_inserted', 'integer', notNull)
    .execute();
}
