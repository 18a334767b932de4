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

/**
 * The day the console's figures describe: the community's last day with events, so that an
 * imported history is shown as it ended rather than as weeks of silence since; today when the
 * data reaches today (or runs past it: clocks on other machines may be ahead).
 *
 * @example
 * asOfDay(19_800, 19_900) // 19_800: imported history ending 100 days ago
 * asOfDay(null, 19_900)   // 19_900: no events yet
 */
export function asOfDay(lastEventDay: number | null, today: number): number {
  return lastEventDay === null ? today : Math.min(lastEventDay, today);
}
