import { ValidationError } from '../kernel/errors.js';

export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** Slugs name communities in URLs and on the command line: lower-case letters, digits and dashes. */
export function assertSlug(slug: string, field = 'community'): string {
  if (!SLUG.test(slug)) {
    throw new ValidationError(
      field,
      `invalid community slug "${slug}": use 1-64 lower-case letters, digits and dashes`,
    );
  }
  return slug;
}
