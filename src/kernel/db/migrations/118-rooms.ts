import type { Kysely } from 'kysely';
import { columnTypes, notNull, zero, type DialectName } from '../dialect.js';

/**
 * The web community's rooms (docs/web-community.md): a room per web group, its ordered log of
 * messages, reactions, hidings and announcements (primary key room and seq, so catch-up is one
 * range read), reactions, read positions, moderation records, mutes and room membership.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  const group = (c: any) => c.notNull().references('groups.id').onDelete('cascade');
  await db.schema
    .createTable('rooms')
    .addColumn('group_id', t.bigint, (c) => c.primaryKey().references('groups.id').onDelete('cascade'))
    .addColumn('community_id', t.bigint, (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('last_seq', t.bigint, zero)
    .addColumn('rules', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('announcement', 'text')
    .addColumn('announcement_seq', t.bigint)
    .addColumn('linked_group_id', t.bigint, (c) => c.references('groups.id').onDelete('set null'))
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', t.bigint, notNull)
    .execute();
  await db.schema.createIndex('rooms_community_idx').on('rooms').columns(['community_id']).execute();
  await db.schema.createIndex('rooms_linked_group_idx').on('rooms').columns(['linked_group_id']).execute();

  await db.schema
    .createTable('room_messages')
    .addColumn('group_id', t.bigint, group)
    .addColumn('seq', t.bigint, notNull)
    .addColumn('kind', 'text', notNull)
    .addColumn('event_id', t.bigint)
    .addColumn('member_id', t.bigint)
    .addColumn('source_id', 'text')
    .addColumn('client_id', 'text')
    .addColumn('text', 'text')
    .addColumn('reply_to_seq', t.bigint)
    .addColumn('thread_seq', t.bigint)
    .addColumn('image_key', 'text')
    .addColumn('image_width', 'integer')
    .addColumn('image_height', 'integer')
    .addColumn('image_bytes', 'integer')
    .addColumn('data', 'text')
    .addColumn('hidden_at', t.bigint)
    .addColumn('created_at', t.bigint, notNull)
    .addPrimaryKeyConstraint('room_messages_pk', ['group_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('room_messages_source_idx')
    .on('room_messages')
    .columns(['group_id', 'source_id'])
    .execute();

  await db.schema
    .createTable('room_reactions')
    .addColumn('group_id', t.bigint, group)
    .addColumn('seq', t.bigint, notNull)
    .addColumn('member_id', t.bigint, (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('emoji', 'text', notNull)
    .addColumn('created_at', t.bigint, notNull)
    .addPrimaryKeyConstraint('room_reactions_pk', ['group_id', 'seq', 'member_id', 'emoji'])
    .execute();

  await db.schema
    .createTable('room_reads')
    .addColumn('group_id', t.bigint, group)
    .addColumn('member_id', t.bigint, (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('last_read_seq', t.bigint, zero)
    .addColumn('updated_at', t.bigint, notNull)
    .addPrimaryKeyConstraint('room_reads_pk', ['group_id', 'member_id'])
    .execute();

  await t
    .id(db.schema.createTable('room_moderation'))
    .addColumn('community_id', t.bigint, (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('group_id', t.bigint, group)
    .addColumn('action', 'text', notNull)
    .addColumn('target_seq', t.bigint)
    .addColumn('member_id', t.bigint)
    .addColumn('reason', 'text', notNull)
    .addColumn('account_id', t.bigint, (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('created_at', t.bigint, notNull)
    .execute();
  await db.schema
    .createIndex('room_moderation_group_idx')
    .on('room_moderation')
    .columns(['group_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('room_mutes')
    .addColumn('group_id', t.bigint, group)
    .addColumn('member_id', t.bigint, (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('until', t.bigint, notNull)
    .addColumn('reason', 'text', notNull)
    .addColumn('created_at', t.bigint, notNull)
    .addPrimaryKeyConstraint('room_mutes_pk', ['group_id', 'member_id'])
    .execute();

  await db.schema
    .createTable('room_members')
    .addColumn('group_id', t.bigint, group)
    .addColumn('member_id', t.bigint, (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('status', 'text', notNull)
    .addColumn('updated_at', t.bigint, notNull)
    .addPrimaryKeyConstraint('room_members_pk', ['group_id', 'member_id'])
    .execute();
  await db.schema.createIndex('room_members_member_idx').on('room_members').columns(['member_id']).execute();
}
