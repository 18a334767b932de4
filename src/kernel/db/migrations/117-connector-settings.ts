import type { Kysely } from 'kysely';
import { columnTypes, type DialectName } from '../dialect.js';

/**
 * Connectors, second edition: each holds its own settings and credentials, so a community can
 * run several bots and a process no longer takes one token from its environment. `settings` is
 * JSON of the plain fields; `credentials` the secret ones, sealed (kernel/crypto/credentials.ts)
 * and never returned; `enabled` 0 stops the connector without forgetting it; `account` is who the
 * credentials belong to, as the platform's live check answered (a bot's @name). A connector that
 * holds a connection (IRC, Telegram long polling) runs in one process of several: the one holding
 * its lease (`lease_holder` until `lease_until`).
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .alterTable('connectors')
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.alterTable('connectors').addColumn('credentials', 'text').execute();
  await db.schema
    .alterTable('connectors')
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('connectors').addColumn('account', 'text').execute();
  await db.schema.alterTable('connectors').addColumn('lease_holder', 'text').execute();
  await db.schema.alterTable('connectors').addColumn('lease_until', t.bigint).execute();
}
