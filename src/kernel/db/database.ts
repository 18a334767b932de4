import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql, type MigrationProvider, type Transaction } from 'kysely';
import pg from 'pg';
import { CurrentSchemaPostgresDialect } from './pg-introspector.js';
import type { DialectName } from './dialect.js';
import { migrations } from './migrations/index.js';
import { namingStatements } from './pg-named-statements.js';
import { withStatementCache } from './sqlite-statement-cache.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
/** The database or a transaction on it: what repos take, so a use case can run them inside its transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;

export interface DatabaseHandle {
  db: Db;
  dialect: DialectName;
  /** The SQLite connection, for the ingest hot path's prepared statements; null on PostgreSQL. */
  sqlite: SQLite.Database | null;
  /**
   * A second connection to the same SQLite file, for long writes (imports) that must not hold up
   * the server's readers: with WAL they read beside the writer. Null for PostgreSQL (its pool
   * already has several connections) and for in-memory databases.
   */
  openSecondConnection: (() => Promise<DatabaseHandle>) | null;
  close(): Promise<void>;
}

export interface DatabaseConfig {
  /** PostgreSQL connection string; when absent, SQLite in `dataDir`. */
  databaseUrl?: string;
  /** Directory holding `shequn.db`; `:memory:` for an in-memory SQLite database. */
  dataDir?: string;
  /** PostgreSQL schema to work in (tests use one per suite). */
  schema?: string;
  /**
   * SQLite: a background checkpointer (`startWalCheckpointer`) runs beside the connections, as
   * `shequn start` does, so commits checkpoint the WAL themselves only when it grows ten times
   * longer than usual.
   */
  checkpointInBackground?: boolean;
}

/** WAL pages past which a commit checkpoints when a background checkpointer runs (SQLite's default: 1,000). */
export const BACKGROUND_MODE_AUTOCHECKPOINT_PAGES = 10_000;
/** The largest a SQLite WAL file stays on disk once its log has started over. */
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/** The SQLite database file in a data directory. */
export const sqliteFile = (dataDir: string) => join(dataDir, 'shequn.db');

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * Opens the database Shequn runs on: PostgreSQL when a URL is given, else SQLite (WAL) under the
 * data directory. Migrations run on open, so every caller sees the current schema.
 *
 * @example
 * const { db, close } = await openDatabase({ dataDir: './data' });
 */
export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  const handle = config.databaseUrl
    ? await openPostgres(config.databaseUrl, config.schema)
    : openSqlite(config.dataDir ?? './data', config.checkpointInBackground === true);
  await migrateToLatest(handle);
  return handle;
}

function openSqlite(dataDir: string, checkpointInBackground: boolean): DatabaseHandle {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    mkdirSync(dataDir, { recursive: true });
    file = sqliteFile(dataDir);
  }
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  // A commit that checkpoints waits for two fsyncs (~4 ms each here): under a surge of check-ins
  // the writer thread spent a fifth of its time there. In the background mode a thread of its own
  // copies the log as it grows, and a commit checkpoints only past a ten times longer log (a surge
  // outrunning that thread); then the copy left is short, and the log starts over.
  if (checkpointInBackground) {
    sqlite.pragma(`wal_autocheckpoint = ${BACKGROUND_MODE_AUTOCHECKPOINT_PAGES}`);
    // After a surge the log starts over; the file shrinks back to this size rather than stay large.
    sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    dialect: 'sqlite',
    sqlite,
    openSecondConnection: file === ':memory:' ? null : async () => openSqlite(dataDir, checkpointInBackground),
    close: async () => {
      await db.destroy();
    },
  };
}

async function openPostgres(url: string, schema?: string): Promise<DatabaseHandle> {
  // pg returns int8 and numeric as strings; every such value here (epoch ms, counts) fits a double.
  const types = {
    getTypeParser(oid: number, format?: any) {
      if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  if (schema) {
    const client = await pool.connect();
    try {
      await client.query(`create schema if not exists "${schema.replace(/"/g, '')}"`);
    } finally {
      client.release();
    }
  }
  const db = new Kysely<Database>({ dialect: new CurrentSchemaPostgresDialect({ pool: namingStatements(pool) }) });
  return { db, dialect: 'postgres', sqlite: null, openSecondConnection: null, close: () => db.destroy() };
}

async function migrateToLatest(handle: DatabaseHandle): Promise<void> {
  const { error } = await (await migratorFor(handle)).migrateToLatest();
  if (error) throw error;
}

/** The migrator of Shequn's migrations on an open database (tests migrate to a given one). */
export async function migratorFor(handle: Pick<DatabaseHandle, 'db' | 'dialect'>): Promise<Migrator> {
  const schema =
    handle.dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(handle.db)).rows[0]?.schema
      : undefined;
  const provider: MigrationProvider = {
    async getMigrations() {
      return Object.fromEntries(
        Object.entries(migrations).map(([name, m]) => [name, { up: (db: any) => m.up(db, handle.dialect) }]),
      );
    },
  };
  // With a schema named, the migrator looks for its own tables there only; otherwise it would
  // find another schema's migration tables on the same server and skip creating its own.
  // Unordered: migrations from parallel branches carry timestamps that may sort before ones already applied.
  return new Migrator({
    db: handle.db,
    provider,
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}
