import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../kernel/db/database.js';
import type { JournalEntry, RowKey, RowValues } from './merge-journal.types.js';

/** Statements for the journal's steps, on any table: names come from code, never from input. */

const CHUNK = 500;

function matches(values: RowValues): RawBuilder<unknown> {
  return sql.join(
    Object.entries(values).map(([column, value]) =>
      value === null ? sql`${sql.ref(column)} is null` : sql`${sql.ref(column)} = ${value}`,
    ),
    sql` and `,
  );
}

function assignments(values: RowValues): RawBuilder<unknown> {
  return sql.join(Object.entries(values).map(([column, value]) => sql`${sql.ref(column)} = ${value}`));
}

/** Sets `column` from `from` to `to` on the rows with these keys (by `id` in chunks, else one by one). */
export async function moveRows(
  db: Executor,
  table: string,
  column: string,
  from: number,
  to: number,
  keys: RowKey[],
): Promise<void> {
  const byId = keys.every((k) => Object.keys(k).length === 1 && 'id' in k);
  if (byId) {
    for (let i = 0; i < keys.length; i += CHUNK) {
      const ids = keys.slice(i, i + CHUNK).map((k) => k.id);
      await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${to}
                 where ${sql.ref(column)} = ${from} and id in (${sql.join(ids)})`.execute(db);
    }
    return;
  }
  for (const key of keys)
    await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${to}
               where ${sql.ref(column)} = ${from} and ${matches(key)}`.execute(db);
}

export async function setRow(db: Executor, table: string, key: RowKey, values: RowValues): Promise<void> {
  await sql`update ${sql.table(table)} set ${assignments(values)} where ${matches(key)}`.execute(db);
}

export async function deleteRows(db: Executor, table: string, rows: RowValues[], keyColumns: string[]): Promise<void> {
  for (const row of rows)
    await sql`delete from ${sql.table(table)} where ${matches(Object.fromEntries(keyColumns.map((c) => [c, row[c]])))}`.execute(
      db,
    );
}

export async function insertRows(db: Executor, table: string, rows: RowValues[]): Promise<void> {
  for (const row of rows) {
    const columns = Object.keys(row);
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
              values (${sql.join(columns.map((c) => row[c]))})`.execute(db);
  }
}

/** Whole rows of `table` where `where` holds, for the journal's `delete` steps and for tests' dumps. */
export async function selectRows(db: Executor, table: string, where: RowValues): Promise<RowValues[]> {
  const rows = await sql<RowValues>`select * from ${sql.table(table)} where ${matches(where)}`.execute(db);
  return rows.rows.map(normalise);
}

/** PostgreSQL may hand bigints back as strings on raw queries; the journal keeps numbers. */
function normalise(row: RowValues): RowValues {
  const out: RowValues = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'bigint' ? Number(v) : v;
  return out;
}

/** Applies the inverse of each step, last first: the state before the merge. */
export async function undoEntries(db: Executor, entries: readonly JournalEntry[]): Promise<void> {
  for (const entry of [...entries].reverse()) {
    if (entry.op === 'move') await moveRows(db, entry.table, entry.column, entry.to, entry.from, entry.keys);
    else if (entry.op === 'set') await setRow(db, entry.table, entry.key, entry.before);
    else await insertRows(db, entry.table, entry.rows);
  }
}
