import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * A camp's revision, raised by every edit, so a check-in writer may keep a camp's parsed settings
 * between check-ins and still see an edit at once: it reads the revision beside the enrolment
 * instead of the whole camp row.
 */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema
    .alterTable('camps')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
