import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * On SQLite, 001's day rollups become WITHOUT ROWID tables (same columns, keys, indexes and rows):
 * ingest writes them by primary key, and a table keyed by its primary key alone is one b-tree to
 * update per row instead of two. PostgreSQL has no rowid; there only the index changes.
 * `member_days_day_idx` also covers check-ins, so the tiers' window (messages and check-ins per
 * member over 14 days) never looks rows up by key, which costs more without a rowid.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect === 'sqlite') await rebuildWithoutRowid(db);
  await db.schema.dropIndex('member_days_day_idx').execute();
  await db.schema
    .createIndex('member_days_day_idx')
    .on('member_days')
    .columns(['community_id', 'day', 'member_id', 'messages', 'checkins'])
    .execute();
}

async function rebuildWithoutRowid(db: Kysely<any>): Promise<void> {
  const tables = await sql<{ name: string; sql: string }>`
    select name, sql from sqlite_master
     where type = 'table' and name in ('member_days', 'group_member_days', 'group_days', 'community_days')`.execute(db);
  for (const { name, sql: create } of tables.rows) {
    const indexes = await sql<{
      sql: string;
    }>`select sql from sqlite_master where type = 'index' and tbl_name = ${name} and sql is not null`.execute(db);
    await sql.raw(`alter table "${name}" rename to "${name}_rowid"`).execute(db);
    await sql.raw(`${create} without rowid`).execute(db);
    await sql.raw(`insert into "${name}" select * from "${name}_rowid"`).execute(db);
    // Dropping the old table drops its indexes, whose names the new table's then take.
    await sql.raw(`drop table "${name}_rowid"`).execute(db);
    for (const index of indexes.rows) await sql.raw(index.sql).execute(db);
  }
}
