/** One-time bind codes (docs/identities.md): eight characters no one misreads, alive 15 minutes. */

/** No 0/O, 1/I/L: a code read off a phone and typed into a chat arrives as it was shown. */
export const BIND_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const BIND_CODE_LENGTH = 8;
export const BIND_CODE_TTL_MS = 15 * 60 * 1000;

/** A code from `random`, one index into the alphabet per character. */
export function bindCodeOf(indexes: readonly number[]): string {
  return indexes.map((i) => BIND_CODE_ALPHABET[i]).join('');
}

const PATTERN = new RegExp(`^(?:(?:bind|绑定)\\s*)?([${BIND_CODE_ALPHABET}]{${BIND_CODE_LENGTH}})$`, 'i');

/**
 * The code a chat message carries: its whole text (trimmed, any case) is the code, `bind CODE` or
 * `绑定 CODE`; otherwise null.
 *
 * @example
 * codeInMessage(' bind abcd2345 ') // 'ABCD2345'
 */
export function codeInMessage(text: string | null): string | null {
  if (!text) return null;
  const match = PATTERN.exec(text.trim());
  return match ? match[1].toUpperCase() : null;
}
