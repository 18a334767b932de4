import type { Schema } from '../api/client';
import type { LeaderboardWindow, TemplateName } from './api';

/** The templates in the order the console offers them (the server's TEMPLATE_NAMES). */
export const TEMPLATE_NAMES = [
  'early-riser-21',
  'reading-30',
  'fitness-100',
  'custom',
] as const satisfies readonly TemplateName[];

/** The leaderboard's windows, in the order the tabs show them. */
export const LEADERBOARD_WINDOWS = [
  'last-7-days',
  'last-30-days',
  'camp',
  'all-time',
] as const satisfies readonly LeaderboardWindow[];

/** Picks the text of the page's language out of a server text given in both. */
export function localized(text: Schema<'LocalizedText'>, language: string): string {
  return language === 'en' ? text.en : text['zh-CN'];
}

/** What every tab of the camp page gets: the day shown (undefined: the camp's today) and whether write actions show. */
export interface CampTabProps {
  slug: string;
  campId: number;
  date?: string;
  lengthDays: number;
  /** The community's zone: check-in times are shown on its clock, not the browser's. */
  timezone: string;
  canOperate: boolean;
}

/** `HH:MM` of an instant on the community's clock. */
export function clockIn(iso: string, timezone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone: timezone,
  }).format(new Date(iso));
}
