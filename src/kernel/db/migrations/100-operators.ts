import type { Kysely } from 'kysely';
import { columnTypes, notNull, zero, type DialectName } from '../dialect.js';

/** Operator accounts, their sessions and API tokens, and their role in each community. */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);

  await t
    .id(db.schema.createTable('accounts'))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', notNull)
    .addColumn('password_hash', 'text', notNull)
    /** The instance owner holds the owner role in every community, including ones created later. */
    .addColumn('is_instance_owner', t.boolean, zero)
    .addColumn('created_at', t.bigint, notNull)
    .execute();

  await db.schema
    .createTable('sessions')
    // Only a hash of the cookie value is stored, so a leaked database opens no sessions.
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', t.bigint, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', notNull)
    .addColumn('created_at', t.bigint, notNull)
    .addColumn('expires_at', t.bigint, notNull)
    .execute();
  await db.schema.createIndex('sessions_account_idx').on('sessions').column('account_id').execute();

  await t
    .id(db.schema.createTable('api_tokens'))
    .addColumn('account_id', t.bigint, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('name', 'text', notNull)
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', t.bigint, notNull)
    .addColumn('last_used_at', t.bigint)
    .addColumn('revoked_at', t.bigint)
    .execute();

  await db.schema
    .createTable('community_access')
    .addColumn('community_id', t.bigint, (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('account_id', t.bigint, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('role', 'text', notNull)
    .addColumn('created_at', t.bigint, notNull)
    .addPrimaryKeyConstraint('community_access_pk', ['community_id', 'account_id'])
    .execute();
  await db.schema.createIndex('community_access_account_idx').on('community_access').column('account_id').execute();
}
