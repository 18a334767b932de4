import { createCipheriv, createDecipheriv, hash, randomBytes } from 'node:crypto';
import { ConfigError } from '../errors.js';

/*
 * Credentials at rest (a connector's bot token, an IRC password): AES-256-GCM with a key from the
 * environment, never from the database, so a copy of the database alone reveals nothing. Each
 * sealed value names the key that sealed it, so keys can be rotated: put the new key in
 * SHEQUN_SECRET_KEY and the old one in SHEQUN_SECRET_KEYS_PREVIOUS, run `shequn connectors rekey`,
 * then drop the old key (docs/connectors.md, "Rotating the key").
 */

const VERSION = 'v1';
const IV_BYTES = 12;

export interface Keyring {
  /** The id of the key new values are sealed with. */
  currentId: string;
  /** Every key that can open a value, by id (the current one included). */
  keys: ReadonlyMap<string, Buffer>;
}

/** A key's id: the start of its SHA-256, enough to tell keys apart, useless to an attacker. */
const keyId = (key: Buffer) => hash('sha256', key, 'base64url').slice(0, 8);

function parseKey(value: string, name: string): Buffer {
  const key = Buffer.from(value.trim(), /^[0-9a-f]{64}$/i.test(value.trim()) ? 'hex' : 'base64');
  if (key.length !== 32)
    throw new ConfigError(`${name} must be 32 bytes, base64 or hex (make one with: openssl rand -base64 32)`);
  return key;
}

/**
 * The keyring the environment describes, or null when SHEQUN_SECRET_KEY is not set (then nothing
 * that needs a credential can be saved).
 *
 * @example
 * const keyring = keyringFromEnv({ SHEQUN_SECRET_KEY: 'q0K…=' });
 */
export function keyringFromEnv(env: Record<string, string | undefined>): Keyring | null {
  const current = env.SHEQUN_SECRET_KEY;
  if (!current) return null;
  const key = parseKey(current, 'SHEQUN_SECRET_KEY');
  const keys = new Map<string, Buffer>([[keyId(key), key]]);
  for (const old of (env.SHEQUN_SECRET_KEYS_PREVIOUS ?? '').split(',').filter((s) => s.trim())) {
    const previous = parseKey(old, 'SHEQUN_SECRET_KEYS_PREVIOUS');
    keys.set(keyId(previous), previous);
  }
  return { currentId: keyId(key), keys };
}

/**
 * Seals `plaintext` with the current key. `context` is bound to the value (GCM's additional
 * data): a value copied onto another row does not open there.
 */
export function seal(keyring: Keyring, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyring.keys.get(keyring.currentId)!, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [iv, body, cipher.getAuthTag()].map((b) => b.toString('base64url'));
  return [VERSION, keyring.currentId, ...parts].join('.');
}

/** A sealed value that cannot be opened: its key is not in the keyring, or it was altered. */
export class SealedValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedValueError';
  }
}

/** Opens a value `seal` made with any key of the keyring and the same `context`. */
export function open(keyring: Keyring, sealed: string, context: string): string {
  const [version, id, iv, body, tag] = sealed.split('.');
  if (version !== VERSION || tag === undefined) throw new SealedValueError('not a sealed value');
  const key = keyring.keys.get(id);
  if (!key) throw new SealedValueError(`sealed with key ${id}, which is not in SHEQUN_SECRET_KEY(S_PREVIOUS)`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SealedValueError('the sealed value was altered or belongs elsewhere');
  }
}

/** Whether a value was sealed with another key than the current one (rotation pending). */
export const sealedWithOldKey = (keyring: Keyring, sealed: string) => sealed.split('.')[1] !== keyring.currentId;
