import type { Kysely } from 'kysely';
import { columnTypes, notNull, type DialectName } from '../dialect.js';

/**
 * One member across platforms (docs/identities.md): a merged-away member keeps its row, marked
 * with the member it was merged into; every merge keeps a journal of exactly what it moved, so
 * it can be undone; and members link another platform's identity with a one-time bind code,
 * stored only as a digest, one live code per member.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema.alterTable('members').addColumn('merged_into', t.bigint).execute();

  await t
    .id(db.schema.createTable('member_merges'))
    .addColumn('community_id', t.bigint, (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('survivor_id', t.bigint, (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('merged_id', t.bigint, (c) => c.notNull().references('members.id').onDelete('cascade'))
    /** `staff` (an operator in the console) or `bind code` (the member themselves). */
    .addColumn('actor', 'text', notNull)
    .addColumn('account_id', t.bigint, (c) => c.references('accounts.id').onDelete('set null'))
    /** JSON: the journal of what moved (identities.rules MergeJournal). */
    .addColumn('journal', 'text', notNull)
    .addColumn('created_at', t.bigint, notNull)
    .addColumn('undone_at', t.bigint)
    .addColumn('undone_by', t.bigint, (c) => c.references('accounts.id').onDelete('set null'))
    .execute();
  await db.schema
    .createIndex('member_merges_survivor_idx')
    .on('member_merges')
    .columns(['community_id', 'survivor_id'])
    .execute();
  await db.schema
    .createIndex('member_merges_merged_idx')
    .on('member_merges')
    .columns(['community_id', 'merged_id'])
    .execute();

  await db.schema
    .createTable('member_bind_codes')
    .addColumn('member_id', t.bigint, (c) => c.primaryKey().references('members.id').onDelete('cascade'))
    .addColumn('community_id', t.bigint, (c) => c.notNull().references('communities.id').onDelete('cascade'))
    /** SHA-256 of the code; the code itself is shown once, on the member's page. */
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', t.bigint, notNull)
    .addColumn('created_at', t.bigint, notNull)
    .execute();
}
