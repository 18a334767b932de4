import type { Kysely } from 'kysely';
import { columnTypes, zero, type DialectName } from '../dialect.js';

/**
 * The outbox on screen: why an item is where it is as a machine-readable code (the console words
 * it in the reader's language; `last_error` keeps the platform's own text), and what staff last
 * did to it (retried a given-up item, cancelled a waiting one), by whom and when.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema.alterTable('outbox').addColumn('reason_code', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('staff_action', 'text').execute();
  await db.schema
    .alterTable('outbox')
    .addColumn('staff_account_id', t.bigint, (c) => c.references('accounts.id').onDelete('set null'))
    .execute();
  await db.schema.alterTable('outbox').addColumn('staff_action_at', t.bigint).execute();
  await db.schema.alterTable('outbox').addColumn('retries', 'integer', zero).execute();
}
