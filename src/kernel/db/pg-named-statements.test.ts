import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { namedStatement } from './pg-named-statements.js';

const NAMED = namedStatement('select $1::int8 * 2 as doubled');
const UNNAMED = 'select $1::int8 * 3 as tripled';

const postgres = databaseKinds.filter(([kind]) => kind === 'postgres');

describe.each(postgres)('named statements on %s', (_kind, open) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('prepares a registered text once per connection and runs everything else unnamed', async () => {
    await db.db.connection().execute(async (connection) => {
      for (const n of [1, 2]) {
        expect((await connection.executeQuery(CompiledQuery.raw(NAMED, [n]))).rows).toEqual([{ doubled: 2 * n }]);
        expect((await connection.executeQuery(CompiledQuery.raw(UNNAMED, [n]))).rows).toEqual([{ tripled: 3 * n }]);
      }
      const prepared = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(
        connection,
      );
      expect(prepared.rows.map((r) => r.statement)).toEqual([NAMED]);
    });
  });
});
