import type { Kysely } from 'kysely';
import { columnTypes, notNull, zero, type DialectName } from '../dialect.js';

/**
 * The outbox: every message Shequn sends is stored here before it is attempted. The idempotency
 * key is unique per community, so an action enqueued twice (a retried job, two processes) is
 * stored once; `status` walks pending → sending → sent, or back to pending with a later
 * `next_attempt_at` after a failure, until `failed`.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await t
    .id(db.schema.createTable('outbox'))
    .addColumn('community_id', t.bigint, (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('idempotency_key', 'text', notNull)
    .addColumn('kind', 'text', notNull)
    .addColumn('platform', 'text', notNull)
    // Deleting a member or a group deletes what was waiting to be sent about them.
    .addColumn('group_id', t.bigint, (c) => c.references('groups.id').onDelete('cascade'))
    .addColumn('member_id', t.bigint, (c) => c.references('members.id').onDelete('cascade'))
    .addColumn('locale', 'text', notNull)
    .addColumn('text', 'text', notNull)
    .addColumn('payload', 'text', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('attempts', 'integer', zero)
    .addColumn('next_attempt_at', t.bigint, notNull)
    /** When the current attempt was claimed: a `sending` row whose claim is older than the lease is claimable again. */
    .addColumn('claimed_at', t.bigint)
    .addColumn('last_error', 'text')
    .addColumn('created_at', t.bigint, notNull)
    .addColumn('sent_at', t.bigint)
    .addUniqueConstraint('outbox_key_uq', ['community_id', 'idempotency_key'])
    .execute();
  await db.schema.createIndex('outbox_due_idx').on('outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_community_idx').on('outbox').columns(['community_id', 'id']).execute();
}
