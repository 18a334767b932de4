import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { keyringFromEnv, open, seal, SealedValueError, sealedWithOldKey } from './credentials.js';

const key = () => randomBytes(32).toString('base64');

describe('credentials at rest', () => {
  const current = key();
  const keyring = keyringFromEnv({ SHEQUN_SECRET_KEY: current })!;

  it('seals so that the value is not in the stored form, and opens it again in the same context', () => {
    const sealed = seal(keyring, '123456:bot-token', 'shequn:connector:7');
    expect(sealed).not.toContain('123456');
    expect(sealed).toMatch(/^v1\.[\w-]{8}\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(open(keyring, sealed, 'shequn:connector:7')).toBe('123456:bot-token');
    // A fresh IV each time: the same secret never seals to the same text.
    expect(seal(keyring, '123456:bot-token', 'shequn:connector:7')).not.toBe(sealed);
  });

  it('does not open on another row, when altered, or without its key', () => {
    const sealed = seal(keyring, 'token', 'shequn:connector:7');
    expect(() => open(keyring, sealed, 'shequn:connector:8')).toThrow(SealedValueError);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('x'.repeat(5)).toString('base64url');
    expect(() => open(keyring, parts.join('.'), 'shequn:connector:7')).toThrow(SealedValueError);
    const other = keyringFromEnv({ SHEQUN_SECRET_KEY: key() })!;
    expect(() => open(other, sealed, 'shequn:connector:7')).toThrow(/not in SHEQUN_SECRET_KEY/);
    expect(() => open(keyring, 'plain text', 'shequn:connector:7')).toThrow(SealedValueError);
  });

  it('rotates: a value sealed with the previous key still opens, and is known to need sealing again', () => {
    const sealed = seal(keyring, 'token', 'c');
    const rotated = keyringFromEnv({ SHEQUN_SECRET_KEY: key(), SHEQUN_SECRET_KEYS_PREVIOUS: current })!;
    expect(open(rotated, sealed, 'c')).toBe('token');
    expect(sealedWithOldKey(rotated, sealed)).toBe(true);
    expect(sealedWithOldKey(rotated, seal(rotated, 'token', 'c'))).toBe(false);
  });

  it('takes a key in base64 or hex, and refuses one of the wrong length with how to make one', () => {
    expect(keyringFromEnv({})).toBeNull();
    expect(keyringFromEnv({ SHEQUN_SECRET_KEY: randomBytes(32).toString('hex') })).not.toBeNull();
    expect(() => keyringFromEnv({ SHEQUN_SECRET_KEY: 'short' })).toThrow(ConfigError);
    expect(() => keyringFromEnv({ SHEQUN_SECRET_KEY: 'short' })).toThrow(/openssl rand -base64 32/);
  });
});
