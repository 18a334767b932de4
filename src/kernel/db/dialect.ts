import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';
import { sql } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/**
 * Column-type helpers so one migration list serves both databases; migrations branch only here.
 */
export function columnTypes(dialect: DialectName) {
  return {
    /** Auto-incrementing primary key. */
    id<T extends string, C extends string>(table: CreateTableBuilder<T, C>, name = 'id') {
      return dialect === 'postgres'
        ? table.addColumn(name, 'bigint', (col) => col.primaryKey().generatedByDefaultAsIdentity())
        : table.addColumn(name, 'integer', (col) => col.primaryKey().autoIncrement());
    },
    /** Epoch milliseconds and other values past 2^31. */
    bigint: dialect === 'postgres' ? ('bigint' as const) : ('integer' as const),
    boolean: 'integer' as const,
  };
}

export const notNull = (col: ColumnDefinitionBuilder) => col.notNull();
export const zero = (col: ColumnDefinitionBuilder) => col.notNull().defaultTo(0);

/** Creates an index that only covers rows where `where` holds (both databases support it). */
export async function createPartialIndex(
  db: Kysely<any>,
  name: string,
  table: string,
  columns: string[],
  where: string,
) {
  await sql`create index ${sql.id(name)} on ${sql.table(table)} (${sql.join(columns.map((c) => sql.id(c)))}) where ${sql.raw(where)}`.execute(
    db,
  );
}
