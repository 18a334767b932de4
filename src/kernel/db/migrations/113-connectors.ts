import type { Kysely } from 'kysely';
import { columnTypes, notNull, type DialectName } from '../dialect.js';

/**
 * Connectors: one record per platform bot a community connects (its webhook secret is stored only
 * as a digest), and the platform's own address of each chat a connector has seen, which outbound
 * messages need (Telegram's Bot API chat id is not the id its exports use).
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await t
    .id(db.schema.createTable('connectors'))
    .addColumn('community_id', t.bigint, (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('platform', 'text', notNull)
    .addColumn('name', 'text', notNull)
    .addColumn('secret_digest', 'text', notNull)
    .addColumn('created_at', t.bigint, notNull)
    /** The newest update id received, so operators can see the webhook is alive. */
    .addColumn('last_update_id', t.bigint)
    .addColumn('last_update_at', t.bigint)
    .execute();
  await db.schema.createIndex('connectors_community_idx').on('connectors').columns(['community_id']).execute();

  await db.schema
    .createTable('connector_chats')
    .addColumn('connector_id', t.bigint, (c) => c.notNull().references('connectors.id').onDelete('cascade'))
    .addColumn('group_id', t.bigint, (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('address', 'text', notNull)
    .addColumn('updated_at', t.bigint, notNull)
    .addPrimaryKeyConstraint('connector_chats_pk', ['connector_id', 'group_id'])
    .execute();
}
