/** Shapes of the member-page API (`/api/m/:token`, src/camps/camp.schemas.ts). */
import type { ContentSpec, LeaderboardWindow, Localized } from '../camps/types';

export interface Progress {
  from: number;
  done: number;
  target: number;
  remaining: number;
  /** 0..1 */
  ratio: number;
}

export interface Streak {
  currentStreak: number;
  longestStreak: number;
  daysCompleted: number;
  lengthDays: number;
  progress: number;
  missedDays: number;
  makeUpsUsed: number;
  makeUpsLeft: number;
  freezesUsed: number;
  freezesLeft: number;
  checkedInToday: boolean;
  nextMilestone: { days: number; remaining: number } | null;
}

export interface CalendarEntry {
  date: string;
  kind: string;
  voided: boolean;
}

export interface MemberState {
  member: { displayName: string; optedOutOfReminders: boolean };
  camp: {
    name: string;
    startDate: string;
    endDate: string;
    lengthDays: number;
    window: { start: string; end: string; timezone: string };
    content: ContentSpec;
    milestones: number[];
    /** How many days late a missed day can still be made up (补卡). */
    makeUpMaxDaysLate: number;
  };
  today: { date: string; dayOfCamp: number | null; windowOpen: boolean; checkedIn: boolean };
  streak: Streak;
  calendar: CalendarEntry[];
  // Points, milestones, badges and the certificate come with the gamification routes; a server
  // without them still serves the page.
  points?: {
    total: number;
    level: { number: number; name: Localized; next: Localized | null; progress: Progress | null };
  };
  milestones?: {
    next: { day: number } | null;
    progress: Progress;
    completed: boolean;
    reached: Array<{ day: number; date: string }>;
  };
  badges?: Array<{ code: string; name: Localized; earnedDate: string }>;
  certificate?: { url: string } | null;
}

export interface CheckinBody {
  text?: string;
  number?: number;
  link?: string;
  makeUpDate?: string;
  /** From the image upload, sent before the check-in. */
  imageId?: string;
  idempotencyKey: string;
}

export interface CheckinAnswer {
  checkin: { id: number; date: string; kind: string; text: string | null; number: number | null; link: string | null };
  streak: Streak;
  rewards?: { points: number; milestones: number[]; badges: string[] };
}

export const REFUSAL_CODES = [
  'OUTSIDE_WINDOW',
  'ALREADY_CHECKED_IN',
  'CAMP_NOT_STARTED',
  'CAMP_ENDED',
  'MISSING_FIELD',
  'MAKEUP_NOT_ALLOWED',
] as const;

export interface MemberLeaderboard {
  window: LeaderboardWindow;
  rows: Array<{ rank: number; displayName: string; points: number; isMe: boolean }>;
  me: { rank: number; points: number } | null;
}

export interface MemberRoleModels {
  date: string;
  roleModels: Array<{ displayName: string; reason: string; text: Localized; checkinText: string | null }>;
}
