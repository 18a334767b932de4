import { open, seal, sealedWithOldKey, type Keyring } from '../../kernel/crypto/credentials.js';
import type { ConnectorRow } from '../../kernel/db/schema-outbox.js';
import { ConfigError, ValidationError } from '../../kernel/errors.js';
import type { Connector, ConnectorSettings, InboundMode } from '../../platforms/connector.js';

/*
 * A connector's settings as stored: plain fields in `settings` (JSON), secret fields sealed
 * together in `credentials` (AES-256-GCM, bound to the connector's id), opened only in memory when
 * the connector runs. The API never answers a secret: it says which secret fields are set.
 */

/** What binds a connector's sealed credentials to its row: a copy on another row does not open. */
export const credentialsContext = (connectorId: number) => `shequn:connector:${connectorId}`;

const MAX_FIELD_LENGTH = 4096;

/** Input split into plain and secret parts, checked against the platform's fields. */
export interface SplitSettings {
  plain: Record<string, string>;
  secret: Record<string, string>;
}

/**
 * Checks `input` against the platform's fields: required ones present (or already stored, when
 * `stored` is given: a secret is not asked for again on a change), no unknown ones, and an
 * `inbound` the platform offers. Splits what is secret from what is not.
 *
 * @example
 * splitSettings(connectors.telegram, { token: '42:abc', inbound: 'connection' }); // { plain: { inbound: 'connection' }, secret: { token: '42:abc' } }
 */
export function splitSettings(
  connector: Connector,
  input: Record<string, string>,
  stored: SplitSettings | null = null,
): SplitSettings {
  const plain: Record<string, string> = { ...stored?.plain };
  const secret: Record<string, string> = { ...stored?.secret };
  for (const [name, raw] of Object.entries(input)) {
    const value = raw.trim();
    if (value.length > MAX_FIELD_LENGTH) throw new ValidationError(`settings.${name}`, 'is too long');
    if (name === 'inbound') {
      if (!connector.inbound.includes(value as InboundMode))
        throw new ValidationError(
          'settings.inbound',
          `inbound: ${connector.platform} takes updates by ${connector.inbound.join(' or ')}, not "${value}"`,
        );
      plain.inbound = value;
      continue;
    }
    const field = connector.fields.find((f) => f.name === name);
    if (!field) throw new ValidationError(`settings.${name}`, `${connector.platform} has no setting "${name}"`);
    const target = field.secret ? secret : plain;
    if (value === '') delete target[name];
    else target[name] = value;
  }
  for (const field of connector.fields) {
    const has = (field.secret ? secret : plain)[field.name] !== undefined;
    if (field.required && !has) throw new ValidationError(`settings.${field.name}`, `${field.name} is required`);
  }
  plain.inbound ??= connector.inbound[0];
  return { plain, secret };
}

/** The sealed form of the secret part, or null when there is none. Needs the key when there is. */
export function sealSecrets(keyring: Keyring | null, connectorId: number, secret: Record<string, string>) {
  if (Object.keys(secret).length === 0) return null;
  if (!keyring)
    throw new ConfigError(
      'SHEQUN_SECRET_KEY is not set: the server cannot store credentials (make a key with: openssl rand -base64 32)',
    );
  return seal(keyring, JSON.stringify(secret), credentialsContext(connectorId));
}

/** The stored settings, split again; secrets opened (they stay in memory). */
export function storedSettings(row: ConnectorRow, keyring: Keyring | null): SplitSettings {
  const plain = JSON.parse(row.settings) as Record<string, string>;
  if (row.credentials === null) return { plain, secret: {} };
  if (!keyring) throw new ConfigError('SHEQUN_SECRET_KEY is not set: the connector credentials cannot be opened');
  return { plain, secret: JSON.parse(open(keyring, row.credentials, credentialsContext(row.id))) };
}

/** Everything a running connector is given: plain and secret settings in one record. */
export function settingsOf(row: ConnectorRow, keyring: Keyring | null): ConnectorSettings {
  const { plain, secret } = storedSettings(row, keyring);
  return { ...plain, ...secret };
}

/** What the API shows of a connector's settings: plain values, and the names of the secret ones set. */
export function visibleSettings(connector: Connector | undefined, row: ConnectorRow) {
  const plain = JSON.parse(row.settings) as Record<string, string>;
  const secretNames = connector?.fields.filter((f) => f.secret).map((f) => f.name) ?? [];
  return { settings: plain, secretsSet: row.credentials === null ? [] : secretNames };
}

/** A connector's sealed credentials, opened with any key of the keyring and sealed again with the current one. */
export function resealed(row: ConnectorRow, keyring: Keyring): string | null {
  if (row.credentials === null || !sealedWithOldKey(keyring, row.credentials)) return null;
  return seal(keyring, open(keyring, row.credentials, credentialsContext(row.id)), credentialsContext(row.id));
}
