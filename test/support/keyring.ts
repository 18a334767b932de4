import { randomBytes } from 'node:crypto';
import { keyringFromEnv, type Keyring } from '../../src/kernel/crypto/credentials.js';

/** A keyring with a fresh random key, as SHEQUN_SECRET_KEY would give. */
export function testKeyring(): Keyring {
  return keyringFromEnv({ SHEQUN_SECRET_KEY: randomBytes(32).toString('base64') })!;
}
