import type { Kysely } from 'kysely';
import { columnTypes, notNull, type DialectName } from '../dialect.js';

/**
 * The record of members anonymised or deleted on request (docs/member-data.md): who did it, when,
 * and how many rows it touched. Only ids and counts: the record itself holds nothing personal, and
 * it outlives the member (no reference to `members`).
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await t
    .id(db.schema.createTable('member_erasures'))
    .addColumn('community_id', t.bigint, (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('member_id', t.bigint, notNull)
    /** `anonymise` or `delete`. */
    .addColumn('action', 'text', notNull)
    .addColumn('account_id', t.bigint, (c) => c.references('accounts.id').onDelete('set null'))
    /** JSON: rows changed or removed per table. */
    .addColumn('counts', 'text', notNull)
    .addColumn('created_at', t.bigint, notNull)
    .execute();
  await db.schema
    .createIndex('member_erasures_community_idx')
    .on('member_erasures')
    .columns(['community_id', 'created_at'])
    .execute();
}
