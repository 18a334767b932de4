import type { Kysely } from 'kysely';
import { columnTypes, notNull, type DialectName } from '../dialect.js';

/**
 * The team of a community (docs/access.md): invitations by email with a role, one-time password
 * reset links, and the audit log of staff actions. Invitation and reset tokens are stored only as
 * SHA-256 digests, so a copy of the database accepts no invitation and resets no password.
 *
 * No account changes: every account made before this migration was an instance owner (the first
 * one and every `shequn admin create`), and stays one, so nobody loses access.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);

  await t
    .id(db.schema.createTable('team_invites'))
    .addColumn('community_id', t.bigint, (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('email', 'text', notNull)
    .addColumn('role', 'text', notNull)
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('invited_by', t.bigint, (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('created_at', t.bigint, notNull)
    .addColumn('expires_at', t.bigint, notNull)
    .addColumn('accepted_at', t.bigint)
    .addColumn('accepted_by', t.bigint, (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('revoked_at', t.bigint)
    .execute();
  await db.schema.createIndex('team_invites_community_idx').on('team_invites').column('community_id').execute();

  await db.schema
    .createTable('password_resets')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', t.bigint, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_by', t.bigint, (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('created_at', t.bigint, notNull)
    .addColumn('expires_at', t.bigint, notNull)
    .addColumn('used_at', t.bigint)
    .execute();
  await db.schema.createIndex('password_resets_account_idx').on('password_resets').column('account_id').execute();

  await t
    .id(db.schema.createTable('audit_log'))
    .addColumn('community_id', t.bigint, (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('account_id', t.bigint, (c) => c.references('accounts.id').onDelete('set null'))
    /** The actor's email when it acted: the entry still says who after the account is gone. */
    .addColumn('actor_email', 'text')
    .addColumn('action', 'text', notNull)
    /** What was acted on, as the action names it (an email, a member id, a connector name …). */
    .addColumn('target', 'text')
    /** JSON with the action's particulars (e.g. the old and new role). */
    .addColumn('detail', 'text')
    /** The client address as Fastify resolves it (`request.ip`, behind SHEQUN_TRUST_PROXY the proxy's client). */
    .addColumn('ip', 'text')
    .addColumn('created_at', t.bigint, notNull)
    .execute();
  await db.schema.createIndex('audit_log_community_idx').on('audit_log').columns(['community_id', 'id']).execute();
}
