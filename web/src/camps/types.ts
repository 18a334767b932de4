/** Shapes of the camp API (src/camps/camp.schemas.ts and the dashboard, flag and leaderboard routes). */
export type TemplateName = 'early-riser-21' | 'reading-30' | 'fitness-100' | 'custom';
export const TEMPLATE_NAMES: TemplateName[] = ['early-riser-21', 'reading-30', 'fitness-100', 'custom'];

export type MissPolicy = 'reset' | 'pause';

export interface ContentSpec {
  text: boolean;
  image: boolean;
  number: boolean;
  link: boolean;
  numberLabel?: string;
}

export interface CampRules {
  makeUpCards: number;
  makeUpMaxDaysLate: number;
  freezes: number;
  freezeEarnedEveryDays: number;
  missPolicy: MissPolicy;
}

export interface CampSettings {
  reminderTime: string | null;
  /** When the day's praise message goes to the camp's groups; absent on camps stored before it existed. */
  praiseTime?: string | null;
  milestones: number[];
}

export interface Camp {
  id: number;
  name: string;
  template: string;
  startDate: string;
  endDate: string;
  lengthDays: number;
  window: { start: string; end: string; timezone: string };
  content: ContentSpec;
  rules: CampRules;
  settings: CampSettings;
  enrolled: number;
  groupIds?: number[];
}

/** The body of POST …/camps (and, without `template`, of PATCH …/camps/:campId). */
export interface CampBody {
  template?: TemplateName;
  startDate: string;
  name: string;
  lengthDays: number;
  window: { start: string; end: string };
  content: ContentSpec;
  rules: CampRules;
  settings: CampSettings;
  groupIds: number[];
}

export interface EnrolResult {
  enrolled: number;
  alreadyEnrolled: number;
  members: Array<{ memberId: number; link: string }>;
}

export interface Enrolment {
  memberId: number;
  displayName: string;
  groupId: number;
  optedOutOfReminders: boolean;
  enrolledAt: string;
  currentStreak: number;
  longestStreak: number;
  daysCompleted: number;
  checkedInToday: boolean;
}

export interface DayCheckin {
  id: number;
  memberId: number;
  displayName: string;
  date: string;
  at: string;
  source: string;
  kind: string;
  text: string | null;
  number: number | null;
  link: string | null;
  hasImage: boolean;
  voided: { at: string; reason: string } | null;
}

export const STREAK_BUCKETS = ['0', '1-2', '3-6', '7-13', '14-20', '21+'] as const;

export interface Dashboard {
  date: string;
  dayOfCamp: number | null;
  enrolled: number;
  checkedIn: number;
  rateByDay: Array<{ date: string; checkedIn: number; enrolled: number; rate: number }>;
  rateByGroup: Array<{ groupId: number; name: string; enrolled: number; checkedIn: number; rate: number }>;
  streakDistribution: Array<{ bucket: (typeof STREAK_BUCKETS)[number]; members: number }>;
  atRisk: Array<{ memberId: number; displayName: string; currentStreak: number; deadline: string }>;
  openFlags: number;
}

interface FlaggedCheckin {
  id: number;
  memberId: number;
  displayName: string;
  date: string;
  at: string;
  text: string | null;
}

export interface Flag {
  id: number;
  /** Share of the check-in's text found in the original, 0..1. */
  score: number;
  status: 'open' | 'dismissed' | 'voided' | 'blacklisted';
  createdAt: string;
  resolvedAt: string | null;
  resolutionReason: string | null;
  checkin: FlaggedCheckin;
  original: FlaggedCheckin;
}

export type FlagAction = 'dismiss' | 'void' | 'blacklist';

export const LEADERBOARD_WINDOWS = ['last-7-days', 'last-30-days', 'camp', 'all-time'] as const;
export type LeaderboardWindow = (typeof LEADERBOARD_WINDOWS)[number];

export interface StaffLeaderboard {
  window: LeaderboardWindow;
  rows: Array<{ rank: number; memberId: number; displayName: string; points: number }>;
}

/** Text in both console languages, as the server phrases role-model reasons and level names. */
export type Localized = { 'zh-CN': string; en: string };

/** Picks the text of the page's language out of a server text given in both. */
export function localized(text: Localized, language: string): string {
  return language === 'en' ? text.en : text['zh-CN'];
}

export interface RoleModel {
  displayName: string;
  reason: string;
  text: Localized;
  checkinText: string | null;
}

export interface RoleModels {
  date: string;
  roleModels: RoleModel[];
}

/** What every tab of the camp page gets: the day shown (undefined: the camp's today) and whether write actions show. */
export interface CampTabProps {
  slug: string;
  campId: string;
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
