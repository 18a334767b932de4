import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/kernel/db/database.js';

/**
 * The databases every store test runs against: SQLite always, PostgreSQL when a server answers
 * at TEST_DATABASE_URL (default: the local `test` database). In CI PostgreSQL is required.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const hasPostgres = await postgresReachable();
if (!hasPostgres) {
  if (process.env.CI) throw new Error(`PostgreSQL is required in CI but did not answer at ${TEST_DATABASE_URL}`);
  console.warn(`[shequn tests] PostgreSQL not reachable at ${TEST_DATABASE_URL}: PostgreSQL cases are skipped.`);
}

export interface TestDatabase extends DatabaseHandle {
  /** Drops what the test created (the PostgreSQL schema) and closes the connection. */
  dispose(): Promise<void>;
}

/** Runs one statement on the test server outside any suite's schema (creating, dropping schemas). */
export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Drops a PostgreSQL schema a test made, with everything in it. */
export const dropSchema = (schema: string) => adminQuery(`drop schema if exists "${schema}" cascade`);

async function openPostgresSchema(): Promise<TestDatabase> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const handle = await openDatabase({ databaseUrl: TEST_DATABASE_URL, schema });
  return {
    ...handle,
    async dispose() {
      await handle.close();
      await dropSchema(schema);
    },
  };
}

async function openSqliteMemory(): Promise<TestDatabase> {
  const handle = await openDatabase({ dataDir: ':memory:' });
  return { ...handle, dispose: () => handle.close() };
}

export const databaseKinds: Array<[string, () => Promise<TestDatabase>]> = [
  ['sqlite', openSqliteMemory],
  ...(hasPostgres ? ([['postgres', openPostgresSchema]] as Array<[string, () => Promise<TestDatabase>]>) : []),
];
