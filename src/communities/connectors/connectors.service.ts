import { digest, randomSecret } from '../../kernel/crypto/secrets.js';
import type { Db } from '../../kernel/db/database.js';
import type { ConnectorRow } from '../../kernel/db/schema-outbox.js';
import type { Community } from '../../kernel/db/schema.js';
import { ValidationError } from '../../kernel/errors.js';
import type { ConnectorPlatform } from '../../platforms/connector.js';
import * as repo from './connectors.repo.js';
import { CONNECTOR_PLATFORMS } from '../../platforms/connectors/registry.js';

/** Where a connector's platform posts its updates (relative to the server's public address). */
export const webhookPath = (platform: string, id: number) => `/api/connectors/${platform}/${id}`;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * Whether a connector works: `waiting` before its first update, `failing` while its last error is
 * newer than its last update, else `ok`. An error at the update's own time counts as newer: the
 * update was stored and a step after it failed (a subscriber's download), so the platform retries.
 * The error is its class and code, never its message.
 */
export function connectorHealth(row: ConnectorRow) {
  const lastError =
    row.last_error === null || row.last_error_at === null
      ? null
      : { error: row.last_error, at: iso(row.last_error_at)! };
  const failing =
    row.last_error_at !== null && (row.last_update_at === null || row.last_error_at >= row.last_update_at);
  return {
    lastEventAt: iso(row.last_update_at),
    lastError,
    status: failing ? ('failing' as const) : row.last_update_at === null ? ('waiting' as const) : ('ok' as const),
  };
}

export function presentConnector(row: ConnectorRow) {
  return {
    id: row.id,
    platform: row.platform,
    name: row.name,
    webhookUrl: webhookPath(row.platform, row.id),
    createdAt: new Date(row.created_at).toISOString(),
    lastUpdateId: row.last_update_id,
    lastUpdateAt: iso(row.last_update_at),
    health: connectorHealth(row),
  };
}

/**
 * Connects a platform bot to a community. The answer holds the webhook secret, this once: only
 * its digest is stored (as with API tokens), and the platform is told the secret when the
 * webhook is registered (Telegram: `setWebhook` with `secret_token`).
 *
 * @example
 * const { webhookUrl, secret } = await createConnector(db, community, { platform: 'telegram', name: 'Camp bot' }, now);
 */
export async function createConnector(
  db: Db,
  community: Community,
  input: { platform: string; name: string },
  now: number,
) {
  if (!CONNECTOR_PLATFORMS.includes(input.platform as ConnectorPlatform)) {
    throw new ValidationError(
      'platform',
      `unknown platform "${input.platform}"; expected one of ${CONNECTOR_PLATFORMS.join(', ')}`,
    );
  }
  const name = input.name.trim();
  if (!name) throw new ValidationError('name', 'give the connector a name');
  // base64url: the characters Telegram allows in a secret token (A-Z, a-z, 0-9, _ and -).
  const secret = randomSecret(32);
  const id = await db.transaction().execute((trx) =>
    repo.insertConnector(trx, {
      community_id: community.id,
      platform: input.platform,
      name,
      secret_digest: digest(secret),
      created_at: now,
      last_update_id: null,
      last_update_at: null,
      last_error: null,
      last_error_at: null,
    }),
  );
  const row = (await repo.findConnector(db, id, input.platform))!;
  return { ...presentConnector(row), secret };
}

export async function listConnectors(db: Db, community: Community) {
  return (await repo.listConnectors(db, community.id)).map(presentConnector);
}
