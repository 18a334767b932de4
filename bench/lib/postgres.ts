import pg from 'pg';
import { log } from './work.js';

/** The server's maintenance database, used to create and drop the benchmarks' own. */
const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs statements on the server's maintenance database. */
async function onAdmin(...statements: string[]): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
    for (const statement of statements) await admin.query(statement);
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/**
 * A benchmark's own PostgreSQL database `name` on the server at BENCH_POSTGRES_URL: `fresh` makes
 * it anew and answers its URL (null when no server answers), `drop` removes it.
 */
export function benchDatabase(name: string) {
  return {
    async fresh(): Promise<string | null> {
      try {
        await onAdmin(`drop database if exists ${name}`, `create database ${name}`);
        return new URL(name, ADMIN_URL.replace(/\/[^/]*$/, '/')).href;
      } catch (error) {
        log(`${name}: PostgreSQL skipped (${(error as Error).message})`);
        return null;
      }
    },
    drop: () => onAdmin(`drop database if exists ${name} with (force)`),
  };
}

/**
 * Runs a benchmark on SQLite (`run(null)`), then, unless BENCH_POSTGRES=0 or no server answers, on
 * a fresh PostgreSQL database `name` (`run(url)`), dropped afterwards.
 */
export async function onSqliteThenPostgres<T>(
  name: string,
  run: (databaseUrl: string | null) => Promise<T>,
): Promise<{ sqlite: T; postgres: T | null }> {
  const sqlite = await run(null);
  const database = benchDatabase(name);
  const databaseUrl = process.env.BENCH_POSTGRES === '0' ? null : await database.fresh();
  if (!databaseUrl) return { sqlite, postgres: null };
  try {
    return { sqlite, postgres: await run(databaseUrl) };
  } finally {
    await database.drop();
  }
}
