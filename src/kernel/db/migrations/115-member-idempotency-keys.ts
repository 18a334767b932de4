import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

const OLD_CONSTRAINT = 'constraint "checkins_idempotency_uq" unique ("camp_id", "idempotency_key")';
const NEW_CONSTRAINT = 'constraint "checkins_idempotency_uq" unique ("camp_id", "member_id", "idempotency_key")';

/**
 * A check-in's idempotency key is the member's own: unique per camp and member, no longer per
 * camp. Keys are random (the member page's are 128 bits), so an index led by the key put every
 * check-in on a random leaf page of its own, one more page for each commit to write (about a
 * third of a check-in surge's WAL); led by the member, the keys of a batch's members share pages
 * as their other rows do. Every stored key stays unique under the narrower constraint.
 *
 * SQLite cannot drop a table's constraint, so there the table is rebuilt (SQLite's documented
 * steps for schema changes): foreign keys off, so dropping the old table deletes no flags or role
 * model rows that cascade from check-ins; a new table with the new constraint, the rows copied
 * with their ids, the indexes recreated, AUTOINCREMENT's high-water mark kept; all in one
 * transaction, checked with `foreign_key_check` before it commits.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') {
    await db.schema.alterTable('checkins').dropConstraint('checkins_idempotency_uq').execute();
    await db.schema
      .alterTable('checkins')
      .addUniqueConstraint('checkins_idempotency_uq', ['camp_id', 'member_id', 'idempotency_key'])
      .execute();
    return;
  }
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(rebuildCheckins);
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

async function rebuildCheckins(trx: Kysely<any>): Promise<void> {
  const table = await sql<{
    sql: string;
  }>`select sql from sqlite_master where type = 'table' and name = 'checkins'`.execute(trx);
  const create = table.rows[0]?.sql ?? '';
  if (!create.includes(OLD_CONSTRAINT))
    throw new Error('migration 115: the checkins table is not as migration 110 made it');
  const indexes = await sql<{
    sql: string;
  }>`select sql from sqlite_master where type = 'index' and tbl_name = 'checkins' and sql is not null`.execute(trx);
  const sequence = await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'checkins'`.execute(trx);
  await sql
    .raw(
      create.replace('CREATE TABLE "checkins"', 'CREATE TABLE "checkins_next"').replace(OLD_CONSTRAINT, NEW_CONSTRAINT),
    )
    .execute(trx);
  await sql`insert into checkins_next select * from checkins`.execute(trx);
  await sql`drop table checkins`.execute(trx);
  await sql`alter table checkins_next rename to checkins`.execute(trx);
  for (const index of indexes.rows) await sql.raw(index.sql).execute(trx);
  // Ids of deleted check-ins stay unused, as AUTOINCREMENT promises.
  const seq = sequence.rows[0]?.seq;
  if (seq !== undefined)
    await sql`update sqlite_sequence set seq = max(seq, ${seq}) where name = 'checkins'`.execute(trx);
  const broken = await sql`pragma foreign_key_check`.execute(trx);
  if (broken.rows.length > 0)
    throw new Error(`migration 115: ${broken.rows.length} rows break a foreign key after the rebuild`);
}
