import { digest, randomSecret } from '../../kernel/crypto/secrets.js';
import type { Db } from '../../kernel/db/database.js';
import type { ConnectorRow } from '../../kernel/db/schema-outbox.js';
import type { Community } from '../../kernel/db/schema.js';
import { NotFoundError, ValidationError } from '../../kernel/errors.js';
import { CredentialsRejectedError, type Connector } from '../../platforms/connector.js';
import * as repo from './connectors.repo.js';
import { CONNECTOR_PLATFORMS, connectors, isConnectorPlatform } from '../../platforms/connectors/registry.js';
import type { Keyring } from '../../kernel/crypto/credentials.js';
import type { ConnectorRuntime } from './connector-runtime.js';
import {
  resealed,
  sealSecrets,
  splitSettings,
  storedSettings,
  visibleSettings,
  type SplitSettings,
} from './connector-settings.js';

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

export function presentConnector(row: ConnectorRow, running: boolean) {
  const connector = isConnectorPlatform(row.platform) ? connectors[row.platform] : undefined;
  return {
    id: row.id,
    platform: row.platform,
    name: row.name,
    account: row.account,
    enabled: row.enabled === 1,
    running,
    ...visibleSettings(connector, row),
    webhookUrl: connector?.webhook ? webhookPath(row.platform, row.id) : null,
    createdAt: new Date(row.created_at).toISOString(),
    lastUpdateId: row.last_update_id,
    lastUpdateAt: iso(row.last_update_at),
    health: connectorHealth(row),
  };
}

/** What the console's "add a connector" steps need of each platform. */
export function connectorPlatforms() {
  return CONNECTOR_PLATFORMS.map((platform) => {
    const c = connectors[platform];
    return {
      platform,
      inbound: [...c.inbound],
      actions: [...c.actions],
      fields: c.fields.map((f) => ({ ...f })),
      liveCheck: c.check !== undefined,
    };
  });
}

/** What the connector features need beside the database. */
export interface ConnectorDeps {
  db: Db;
  keyring: Keyring | null;
  /** The process's running connectors: told of every change. */
  runtime: Pick<ConnectorRuntime, 'reload' | 'running'>;
  /** Injected in tests: the platforms' HTTP for live checks. */
  fetch?: typeof fetch;
}

function platformOf(platform: string): Connector {
  if (!isConnectorPlatform(platform))
    throw new ValidationError(
      'platform',
      `unknown platform "${platform}"; expected one of ${CONNECTOR_PLATFORMS.join(', ')}`,
    );
  return connectors[platform];
}

/**
 * The platform's live check of the settings (Telegram: `getMe`), where it has one: the account
 * the credentials belong to, or a ValidationError naming the field the platform refused.
 */
export async function checkSettings(deps: Pick<ConnectorDeps, 'fetch'>, platform: string, settings: SplitSettings) {
  const connector = platformOf(platform);
  if (!connector.check) return { account: null };
  try {
    return await connector.check({ ...settings.plain, ...settings.secret }, deps.fetch);
  } catch (error) {
    if (error instanceof CredentialsRejectedError)
      throw new ValidationError(
        `settings.${error.field ?? 'token'}`,
        `the platform refused: ${error.message}`,
        'CREDENTIALS_REJECTED',
      );
    throw error;
  }
}

/**
 * Connects a platform to a community with its own settings; secret ones are sealed
 * (kernel/crypto/credentials.ts) and never answered again. The platform checks them live first
 * where it can (`check: false` skips it, for a server that cannot reach the platform yet). The
 * answer holds the webhook secret, this once: only its digest is stored (as with API tokens).
 *
 * @example
 * const { webhookUrl, secret } = await createConnector(deps, community, { platform: 'telegram', name: 'Camp bot', settings: { token } }, now);
 */
export async function createConnector(
  deps: ConnectorDeps,
  community: Community,
  input: { platform: string; name: string; settings?: Record<string, string>; check?: boolean },
  now: number,
) {
  const connector = platformOf(input.platform);
  const name = input.name.trim();
  if (!name) throw new ValidationError('name', 'give the connector a name');
  const settings = splitSettings(connector, input.settings ?? {});
  const checked = input.check === false ? { account: null } : await checkSettings(deps, input.platform, settings);
  // base64url: the characters Telegram allows in a secret token (A-Z, a-z, 0-9, _ and -).
  const secret = randomSecret(32);
  const id = await deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertConnector(trx, {
      community_id: community.id,
      platform: input.platform,
      name,
      secret_digest: digest(secret),
      created_at: now,
      last_update_id: null,
      last_update_at: null,
      last_error: null,
      last_error_at: null,
      settings: JSON.stringify(settings.plain),
      credentials: null,
      account: checked.account,
    });
    // Sealed after the insert: the seal is bound to the row's id.
    await repo.updateConnector(trx, id, { credentials: sealSecrets(deps.keyring, id, settings.secret) });
    return id;
  });
  await deps.runtime.reload(id);
  return { ...(await presentOne(deps, id)), secret };
}

async function presentOne(deps: Pick<ConnectorDeps, 'db' | 'runtime'>, id: number) {
  const row = (await repo.findConnectorById(deps.db, id))!;
  return presentConnector(row, deps.runtime.running().includes(id));
}

/** A connector of the community, or 404 (another community's id is not there either). */
async function connectorIn(db: Db, community: Community, id: number) {
  const row = await repo.findConnectorById(db, id);
  if (!row || row.community_id !== community.id) throw new NotFoundError('connector');
  return row;
}

/**
 * Renames, changes settings (a secret left out keeps its stored value), enables or disables a
 * connector, then restarts it (or stops it, when disabled).
 */
export async function updateConnector(
  deps: ConnectorDeps,
  community: Community,
  id: number,
  input: { name?: string; settings?: Record<string, string>; enabled?: boolean; check?: boolean },
) {
  const row = await connectorIn(deps.db, community, id);
  const connector = platformOf(row.platform);
  const changes: Parameters<typeof repo.updateConnector>[2] = {};
  if (input.name !== undefined) {
    const name = input.name.trim();
    if (!name) throw new ValidationError('name', 'give the connector a name');
    changes.name = name;
  }
  if (input.settings !== undefined) {
    const settings = splitSettings(connector, input.settings, storedSettings(row, deps.keyring));
    if (input.check !== false) changes.account = (await checkSettings(deps, row.platform, settings)).account;
    changes.settings = JSON.stringify(settings.plain);
    changes.credentials = sealSecrets(deps.keyring, id, settings.secret);
  }
  if (input.enabled !== undefined) changes.enabled = input.enabled ? 1 : 0;
  await deps.db.transaction().execute((trx) => repo.updateConnector(trx, id, changes));
  await deps.runtime.reload(id);
  return presentOne(deps, id);
}

export async function listConnectors(deps: Pick<ConnectorDeps, 'db' | 'runtime'>, community: Community) {
  const running = deps.runtime.running();
  return (await repo.listConnectors(deps.db, community.id)).map((row) =>
    presentConnector(row, running.includes(row.id)),
  );
}

/** The platform chats a connector has seen and the Shequn group each one is. */
export async function connectorChats(db: Db, community: Community, id: number) {
  await connectorIn(db, community, id);
  return (await repo.chatsOf(db, id)).map((c) => ({ ...c, seenAt: new Date(c.seenAt).toISOString() }));
}

/**
 * Seals every connector's credentials with the current key (`shequn connectors rekey`, after a
 * new SHEQUN_SECRET_KEY with the old one in SHEQUN_SECRET_KEYS_PREVIOUS). All or nothing: a value
 * no key opens stops it before anything changed. Answers how many were sealed again.
 */
export async function rekeyConnectors(db: Db, keyring: Keyring): Promise<{ resealed: number; total: number }> {
  return db.transaction().execute(async (trx) => {
    const rows = await repo.listAllConnectors(trx);
    let count = 0;
    for (const row of rows) {
      const credentials = resealed(row, keyring);
      if (credentials === null) continue;
      await repo.updateConnector(trx, row.id, { credentials });
      count++;
    }
    return { resealed: count, total: rows.length };
  });
}
