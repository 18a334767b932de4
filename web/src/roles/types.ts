/** Shapes of GET /roles and GET /blacklist, tolerant of the exact field names. */

export interface RoleHolder {
  memberId: number | string;
  name?: string;
  memberName?: string;
  groupId?: number | string | null;
  groupName?: string | null;
}

export interface DutyRole {
  role: string;
  name?: { en: string; zh: string };
  isStaff?: boolean;
  duties: { en: string | string[]; zh: string | string[] } | Array<{ en: string; zh: string }>;
  holders: RoleHolder[];
}

export interface BlacklistEntry {
  id: number | string;
  memberId: number | string;
  memberName?: string;
  name?: string;
  action: 'mute' | 'remove' | string;
  reason: string;
  createdAt: number | string;
  author?: string | null;
  liftedAt: number | string | null;
}

/** Accepts a bare array or `{ items | roles | entries: [...] }`. */
export function listOf<T>(data: unknown): T[] {
  if (Array.isArray(data)) return data as T[];
  if (data && typeof data === 'object') {
    for (const key of ['items', 'roles', 'entries', 'blacklist']) {
      const value = (data as Record<string, unknown>)[key];
      if (Array.isArray(value)) return value as T[];
    }
  }
  return [];
}

/** The duties in one language, as a list of lines. */
export function dutiesIn(duties: DutyRole['duties'] | undefined, lang: 'en' | 'zh'): string[] {
  if (!duties) return [];
  if (Array.isArray(duties)) return duties.map((d) => d[lang] ?? d.en);
  const value = duties[lang] ?? duties.en;
  return Array.isArray(value) ? value : [value];
}

export function formatWhen(value: number | string | null | undefined, lang: string): string {
  if (value === null || value === undefined || value === '') return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? String(value)
    : date.toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' });
}
