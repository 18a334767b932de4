import { createHash, randomBytes } from 'node:crypto';

/** A random URL-safe secret (session cookies, CSRF tokens, API tokens, generated passwords). */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Secrets are stored only as SHA-256 digests: they are random, so no slow hash is needed. */
export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}
