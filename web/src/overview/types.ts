/** API shapes the overview, groups, persona and roles pages read (see src/analytics/report.types.ts). */

export type Phase = 'honeymoon' | 'cooling' | 'fading' | 'silent';
export type Tier = 'active' | 'observer' | 'lurker';

/** One day of activity; the report says `date`, the group page `day`. */
export interface DailyPoint {
  day?: string;
  date?: string;
  messages: number;
  checkIns?: number;
  activeMembers: number;
}

export interface RetentionRow {
  cohort: string;
  size: number;
  week1: number | null;
  week2: number | null;
  week3: number | null;
  week4: number | null;
}

export interface Report {
  community: string;
  range: { from: string; to: string };
  totals: { messages: number; members: number; authors: number; checkIns: number };
  daily: DailyPoint[];
  tiers: { asOf: string; active: number; observer: number; lurker: number };
  retention: RetentionRow[];
  responseTime: {
    questions: number;
    answered: number;
    medianSeconds: number | null;
    p90Seconds: number | null;
    withinSla: number | null;
    distribution?: Array<{ upToSeconds: number | null; count: number }>;
  };
  concentration: { top20Share: number | null };
  groups: Array<{ id: string | number; name: string; phase: Phase; silent: boolean; m7: number; peak: number }>;
}

export interface GroupSummary {
  id: string | number;
  name: string;
  platform?: string;
  size: number;
  capacity: number | null;
  phase: Phase;
  silent: boolean;
  m7: number;
  peak: number;
  dau: number;
  wau: number;
  lastActiveDay: string | null;
  health: number;
}

export interface SilenceAlert {
  groupId: string | number;
  groupName: string;
  kind: 'silent' | 'fading';
  since: string;
}

export interface Overview {
  community: { slug: string; name: string; timezone: string };
  today: string;
  asOf: string;
  report: Report;
  groups: GroupSummary[];
  alerts: SilenceAlert[];
}

/** The day of a daily point, whichever name the endpoint uses. */
export function dayOf(point: DailyPoint): string {
  return point.day ?? point.date ?? '';
}
