import { ValidationError } from '../kernel/errors.js';
import { dayToIso, isoToDay } from '../kernel/time/local-day.js';
import type { MemberTier } from './stats/member-stats.rules.js';
import { named, type ExportMessages } from './member-export.messages.js';

export const MEMBER_SORTS = ['lastActive', 'messages', 'name', 'joined'] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];

/** Filters of the members list and its export, already validated (days as local epoch days). */
export interface MemberFilter {
  q?: string;
  tier?: MemberTier;
  tag?: string;
  group?: number;
  source?: string;
  role?: string;
  joinedFrom?: number;
  joinedTo?: number;
}

/** The query string as the API receives it. */
export interface MemberFilterQuery {
  q?: string;
  tier?: MemberTier;
  tag?: string;
  group?: number;
  source?: string;
  role?: string;
  joinedFrom?: string;
  joinedTo?: string;
}

/**
 * Validates and normalises the list's filters: blank values mean "no filter", dates become days.
 *
 * @example
 * parseMemberFilter({ q: '  ann ', joinedFrom: '2024-05-01' }) // { q: 'ann', joinedFrom: 19844 }
 */
export function parseMemberFilter(query: MemberFilterQuery): MemberFilter {
  const filter: MemberFilter = {};
  const text = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());
  const q = text(query.q);
  if (q !== undefined) filter.q = q;
  if (query.tier) filter.tier = query.tier;
  const tag = text(query.tag);
  if (tag !== undefined) filter.tag = tag;
  if (query.group !== undefined) filter.group = query.group;
  const source = text(query.source);
  if (source !== undefined) filter.source = source;
  const role = text(query.role);
  if (role !== undefined) filter.role = role;
  if (text(query.joinedFrom)) filter.joinedFrom = isoToDay(query.joinedFrom!.trim(), 'joinedFrom');
  if (text(query.joinedTo)) filter.joinedTo = isoToDay(query.joinedTo!.trim(), 'joinedTo');
  if (filter.joinedFrom !== undefined && filter.joinedTo !== undefined && filter.joinedFrom > filter.joinedTo) {
    throw new ValidationError('joinedFrom', `joinedFrom ${query.joinedFrom} is after joinedTo ${query.joinedTo}`);
  }
  return filter;
}

/**
 * A case-insensitive substring pattern for `like … escape '\'`: the user's `%`, `_` and `\`
 * match themselves.
 *
 * @example
 * likePattern('50%_Off') // '%50\%\_off%'
 */
export function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export const isoOrNull = (day: number | null): string | null => (day === null ? null : dayToIso(day));

/** One member as lists and exports show them. */
export interface MemberListItem {
  id: number;
  name: string;
  tier: string | null;
  firstDay: string | null;
  lastActiveDay: string | null;
  messages: number;
  checkins: number;
  tags: string[];
  roles: string[];
  sources: string[];
  blacklisted: boolean;
}

/** The export's columns: a header key (member-export.messages), then how to read the cell in a language. */
export const EXPORT_COLUMNS: ReadonlyArray<
  [keyof ExportMessages['headers'], (m: MemberListItem, x: ExportMessages) => string | number | null]
> = [
  ['id', (m) => m.id],
  ['name', (m) => m.name],
  ['tier', (m, x) => (m.tier === null ? null : named(x.tiers, m.tier))],
  ['firstDay', (m) => m.firstDay],
  ['lastActiveDay', (m) => m.lastActiveDay],
  ['messages', (m) => m.messages],
  ['checkins', (m) => m.checkins],
  ['tags', (m, x) => m.tags.map((t) => named(x.ruleTags, t)).join(x.separator)],
  ['roles', (m, x) => m.roles.map(x.role).join(x.separator)],
  ['sources', (m, x) => m.sources.map((s) => named(x.platforms, s)).join(x.separator)],
  ['blacklisted', (m, x) => (m.blacklisted ? x.yes : x.no)],
];

/**
 * Text a spreadsheet would run as a formula (it starts with = + - @, or a tab or carriage return
 * that some spreadsheets skip) gets a leading apostrophe, so a member named `=HYPERLINK(…)`
 * stays a name (OWASP "CSV injection").
 */
export function guardFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = guardFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: Array<string | number | boolean | null>): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** A UTF-8 byte order mark: without it Excel reads a CSV as the system code page and garbles Chinese. */
export const UTF8_BOM = '\uFEFF';
