import type { Dispatchers } from '../../kernel/outbox/dispatcher.js';
import type { Db } from '../../kernel/db/database.js';
import type { Connector, ConnectorPlatform } from '../connector.js';
import { telegramConnector } from './telegram/telegram.connector.js';

/** Every live connector by platform; a platform added to ConnectorPlatform without one does not compile. */
export const connectors: Record<ConnectorPlatform, Connector> = {
  telegram: telegramConnector,
};

export const CONNECTOR_PLATFORMS = Object.keys(connectors) as ConnectorPlatform[];

/** Environment variable holding each platform's credential for sending. */
const TOKEN_ENV: Record<ConnectorPlatform, string> = {
  telegram: 'SHEQUN_TELEGRAM_BOT_TOKEN',
};

/**
 * The dispatchers this process can send through: one per platform whose credential is set in
 * the environment. Items of other platforms stay pending in the outbox.
 *
 * @example
 * const dispatchers = dispatchersFromEnv(handle.db, process.env); // { telegram } when SHEQUN_TELEGRAM_BOT_TOKEN is set
 */
export function dispatchersFromEnv(db: Db, env: Record<string, string | undefined>): Dispatchers {
  return perPlatformWithToken(env, (platform, token) => connectors[platform].createDispatcher({ db, token }));
}

/** Per platform, a download of a file its messages carry, by the file's reference. */
export type FileFetchers = Partial<Record<ConnectorPlatform, (ref: string) => Promise<Buffer>>>;

/**
 * The platforms whose files this process can download (the credential is in the environment),
 * each refusing files over `maxBytes`.
 *
 * @example
 * const fetchers = fileFetchersFromEnv(process.env, 5 * 1024 * 1024); // { telegram } when SHEQUN_TELEGRAM_BOT_TOKEN is set
 */
export function fileFetchersFromEnv(env: Record<string, string | undefined>, maxBytes: number): FileFetchers {
  return perPlatformWithToken(
    env,
    (platform, token) => (ref: string) => connectors[platform].fetchFile(ref, { token, maxBytes }),
  );
}

/** `make` for each platform whose credential is set in the environment. */
function perPlatformWithToken<T>(
  env: Record<string, string | undefined>,
  make: (platform: ConnectorPlatform, token: string) => T,
): Partial<Record<ConnectorPlatform, T>> {
  const made: Partial<Record<ConnectorPlatform, T>> = {};
  for (const platform of CONNECTOR_PLATFORMS) {
    const token = env[TOKEN_ENV[platform]];
    if (token) made[platform] = make(platform, token);
  }
  return made;
}
