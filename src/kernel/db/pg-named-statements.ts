import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/** Registered statement texts and their names. */
const names = new Map<string, string>();

/**
 * Registers `text` as a named (prepared) statement on PostgreSQL and returns it unchanged: run
 * through a pool made by `namingStatements`, it is parsed and planned once per connection instead
 * of on every run. For hand-written statements of fixed text on a hot path whose plan does not
 * depend on their parameters' values: after five runs PostgreSQL may keep one generic plan for
 * them, replanned only when a table it reads changes (a migration, new statistics).
 *
 * @example
 * const WRITE = namedStatement('insert into t (a) select * from unnest($1::int8[])');
 * await trx.executeQuery(CompiledQuery.raw(WRITE, [[1, 2, 3]]));
 */
export function namedStatement(text: string): string {
  if (!names.has(text)) names.set(text, `shequn_${names.size + 1}`);
  return text;
}

/**
 * A pool for Kysely's PostgreSQL dialect whose connections run registered texts (`namedStatement`)
 * under their names; everything else runs unnamed, as before. Behind a pooler in transaction mode,
 * named statements need its support (PgBouncer 1.21 and later, `max_prepared_statements`).
 */
export function namingStatements(pool: pg.Pool): PostgresPool {
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    function query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
    function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
    function query(sqlOrCursor: string | PostgresCursor<unknown>, parameters?: ReadonlyArray<unknown>): unknown {
      if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor as never);
      const values = parameters as unknown[];
      const name = names.get(sqlOrCursor);
      return name === undefined ? client.query(sqlOrCursor, values) : client.query({ name, text: sqlOrCursor, values });
    }
    return { query, release: () => client.release() };
  };
  return {
    connect: async () => wrap(await pool.connect()),
    end: () => pool.end(),
  };
}
