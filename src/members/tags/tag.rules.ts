import { ValidationError } from '../../kernel/errors.js';

export const TAG_MAX_LENGTH = 32;
export const BULK_TAG_MAX_MEMBERS = 10_000;

/**
 * A manual tag as stored: trimmed, 1 to 32 characters, no control characters, and no commas
 * (exports list a member's tags separated by commas).
 *
 * @example
 * normalizeTag('  宝妈 ') // '宝妈'
 * normalizeTag('') // throws ValidationError
 */
export function normalizeTag(raw: string): string {
  const tag = raw.trim();
  const length = [...tag].length;
  if (length === 0) throw new ValidationError('tag', 'the tag is empty');
  if (length > TAG_MAX_LENGTH)
    throw new ValidationError(
      'tag',
      `a tag has at most ${TAG_MAX_LENGTH} characters; "${tag.slice(0, 40)}…" has ${length}`,
    );
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(tag)) throw new ValidationError('tag', 'a tag cannot contain control characters');
  if (/[,，]/.test(tag)) throw new ValidationError('tag', 'a tag cannot contain a comma');
  return tag;
}

/** Distinct member ids in the order given. */
export function distinctIds(ids: readonly number[]): number[] {
  return [...new Set(ids)];
}
