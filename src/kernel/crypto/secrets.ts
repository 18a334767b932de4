import { hash, randomBytes } from 'node:crypto';

/** A random URL-safe secret (session cookies, CSRF tokens, API tokens, generated passwords). */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Secrets are stored only as SHA-256 digests: they are random, so no slow hash is needed. The
 * one-shot `hash` costs a fifth of a `createHash` object's time, and every check-in through a
 * personal link pays it on the writer thread.
 */
export function digest(secret: string): string {
  return hash('sha256', secret, 'base64url');
}
