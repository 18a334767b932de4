import type { Kysely } from 'kysely';
import { columnTypes, type DialectName } from '../dialect.js';

/**
 * A connector's health: the last error its webhook met after the secret check, as the error's
 * class and code only (`ValidationError:VALIDATION`, never its message, which can quote member
 * data), and when. With `last_update_at` it tells operators whether the connector works.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema.alterTable('connectors').addColumn('last_error', 'text').execute();
  await db.schema.alterTable('connectors').addColumn('last_error_at', t.bigint).execute();
}
