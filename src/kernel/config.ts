import { resolve } from 'node:path';

export interface Config {
  /** SQLite data directory (ignored when `databaseUrl` is set). */
  dataDir: string;
  databaseUrl?: string;
}

/** Configuration from flags first, then the environment, then defaults. */
export function loadConfig(flags: { data?: string }, env: NodeJS.ProcessEnv = process.env): Config {
  return {
    dataDir: resolve(flags.data ?? env.SHEQUN_DATA ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
  };
}
