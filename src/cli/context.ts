import type { Config } from '../kernel/config.js';
import type { DatabaseHandle } from '../kernel/db/database.js';
import type { Lang } from './i18n/messages.js';

export interface CommandContext {
  lang: Lang;
  config: Config;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

type UsageKey = 'missingOption' | 'missingPath' | 'badOption';

/** A mistake in the command line itself (exit code 2), with a translatable message. */
export class CliUsageError extends Error {
  constructor(
    readonly key: UsageKey,
    readonly params: Record<string, string> = {},
  ) {
    super(key);
  }
}

export function requireString(ctx: CommandContext, option: string): string {
  const value = ctx.values[option];
  if (typeof value !== 'string' || value === '') throw new CliUsageError('missingOption', { option });
  return value;
}

export function optionalString(ctx: CommandContext, option: string): string | undefined {
  const value = ctx.values[option];
  return typeof value === 'string' ? value : undefined;
}

/** Opens the configured database for one command and always closes it. */
export async function withDatabase<T>(ctx: CommandContext, work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  // Loaded here, not with this module, which the CLI's entry point imports: `--help` needs no driver.
  const { openDatabase } = await import('../kernel/db/database.js');
  const handle = await openDatabase({ databaseUrl: ctx.config.databaseUrl, dataDir: ctx.config.dataDir });
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}
