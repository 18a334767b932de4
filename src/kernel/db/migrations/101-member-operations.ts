import type { Kysely } from 'kysely';
import { columnTypes, notNull, zero, type DialectName } from '../dialect.js';

/**
 * What operators keep about members beyond the event log: tags, notes, the blacklist, care-list
 * work, and per-member figures refreshed after ingest so that lists of 100k members filter fast.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);

  // Refreshed by members/member-stats after every ingest; `tier` is as of the community's last day with events.
  await db.schema.alterTable('members').addColumn('tier', 'text').execute();
  await db.schema.alterTable('members').addColumn('last_active_day', 'integer').execute();
  await db.schema.alterTable('members').addColumn('messages', 'integer', zero).execute();
  await db.schema.alterTable('members').addColumn('checkins', 'integer', zero).execute();
  await db.schema.createIndex('members_tier_idx').on('members').columns(['community_id', 'tier']).execute();

  await db.schema
    .createTable('member_tags')
    .addColumn('community_id', t.bigint, (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('member_id', t.bigint, (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('tag', 'text', notNull)
    /** `manual` (set by an operator) or `rule` (recomputed from behaviour). */
    .addColumn('source', 'text', notNull)
    .addColumn('created_at', t.bigint, notNull)
    .addPrimaryKeyConstraint('member_tags_pk', ['member_id', 'tag'])
    .execute();
  await db.schema
    .createIndex('member_tags_tag_idx')
    .on('member_tags')
    .columns(['community_id', 'tag', 'member_id'])
    .execute();

  await t
    .id(db.schema.createTable('member_notes'))
    .addColumn('community_id', t.bigint, (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('member_id', t.bigint, (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('account_id', t.bigint, (c) => c.references('accounts.id').onDelete('set null'))
    /** `note` (written by staff) or `care` (left when a care-list item is marked done). */
    .addColumn('kind', 'text', notNull)
    .addColumn('body', 'text', notNull)
    .addColumn('created_at', t.bigint, notNull)
    .execute();
  await db.schema
    .createIndex('member_notes_member_idx')
    .on('member_notes')
    .columns(['member_id', 'created_at'])
    .execute();

  await t
    .id(db.schema.createTable('blacklist'))
    .addColumn('community_id', t.bigint, (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('member_id', t.bigint, (c) => c.notNull().references('members.id').onDelete('cascade'))
    /** `mute` or `remove`. */
    .addColumn('action', 'text', notNull)
    .addColumn('reason', 'text', notNull)
    .addColumn('account_id', t.bigint, (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('created_at', t.bigint, notNull)
    .addColumn('lifted_at', t.bigint)
    .execute();
  await db.schema
    .createIndex('blacklist_community_idx')
    .on('blacklist')
    .columns(['community_id', 'member_id'])
    .execute();

  await db.schema
    .createTable('care_done')
    .addColumn('community_id', t.bigint, (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('member_id', t.bigint, (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('day', 'integer', notNull)
    .addColumn('kind', 'text', notNull)
    .addColumn('account_id', t.bigint, (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('note_id', t.bigint)
    .addColumn('created_at', t.bigint, notNull)
    .addPrimaryKeyConstraint('care_done_pk', ['community_id', 'member_id', 'day'])
    .execute();
}
