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

/**
 * A slug for a community's name: Latin letters and digits kept (accents dropped), everything else
 * a dash. A name without any (e.g. all Chinese) gives `community`; callers make it unique.
 *
 * @example
 * suggestSlug('Reading Club 2025') // 'reading-club-2025'
 * suggestSlug('早起营')             // 'community'
 */
export function suggestSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56)
    .replace(/-+$/, '');
  return slug || 'community';
}

/** The settings a community has today: the language of bot messages and the question word lists. */
export interface CommunitySettings {
  locale?: 'zh-CN' | 'en';
  questions?: Partial<Record<'marks' | 'endings' | 'substrings' | 'words', string[]>>;
}

/**
 * Stored settings with a change laid over them: a key set to null is removed (back to the
 * default), others replace the stored value; keys this version does not know are kept.
 */
export function mergeSettings(
  stored: Record<string, unknown>,
  change: { [K in keyof CommunitySettings]?: CommunitySettings[K] | null },
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(change)) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  return merged;
}
