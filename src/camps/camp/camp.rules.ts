import { ValidationError } from '../../kernel/errors.js';

/** What a check-in must carry: `true` marks a field as required. */
export interface ContentSpec {
  text: boolean;
  image: boolean;
  number: boolean;
  link: boolean;
  /** What the number counts, shown on the member page (e.g. `pages`). */
  numberLabel?: string;
}

/**
 * - `reset`: a missed day that no freeze covers ends the streak;
 * - `pause`: a missed day neither counts nor ends the streak (for gentle, long camps).
 */
export type MissPolicy = 'reset' | 'pause';

export interface CampRules {
  /** Make-up cards (补卡) per member per camp. */
  makeUpCards: number;
  /** How many days after a missed day it may still be made up. */
  makeUpMaxDaysLate: number;
  /** Streak freezes each member starts with; a freeze covers one missed day automatically. */
  freezes: number;
  /** One more freeze every this many consecutive check-in days; 0: none are earned. */
  freezeEarnedEveryDays: number;
  missPolicy: MissPolicy;
}

export interface CampSettings {
  /** Local time of the reminder to members who have not checked in, `HH:MM`; null: none. */
  reminderTime: string | null;
  /** Local time of the day's praise message in the camp's groups, `HH:MM`; null: none. */
  praiseTime: string | null;
  /** Days completed at which a milestone is reached. */
  milestones: number[];
}

/** A daily window in minutes after local midnight; `end <= start` crosses midnight. */
export interface CheckinWindow {
  start: number;
  end: number;
}

export interface CampTemplate {
  name: string;
  lengthDays: number;
  window: CheckinWindow;
  content: ContentSpec;
  rules: CampRules;
  settings: CampSettings;
}

export const WHOLE_DAY: CheckinWindow = { start: 0, end: 1440 };
const DEFAULT_RULES: CampRules = {
  makeUpCards: 2,
  makeUpMaxDaysLate: 2,
  freezes: 0,
  freezeEarnedEveryDays: 7,
  missPolicy: 'reset',
};
const DEFAULT_MILESTONES = [3, 7, 15, 21];
const NO_CONTENT: ContentSpec = { text: false, image: false, number: false, link: false };

/** The camps an operator starts from (PLAYBOOK §5); every field can be overridden at creation. */
export const CAMP_TEMPLATES = {
  'early-riser-21': {
    name: '21-day early riser',
    lengthDays: 21,
    window: { start: 5 * 60, end: 8 * 60 },
    content: NO_CONTENT,
    rules: { ...DEFAULT_RULES, makeUpCards: 1, makeUpMaxDaysLate: 1 },
    settings: { reminderTime: '07:30', praiseTime: '08:00', milestones: DEFAULT_MILESTONES },
  },
  'reading-30': {
    name: '30-day reading',
    lengthDays: 30,
    window: WHOLE_DAY,
    content: { ...NO_CONTENT, number: true, numberLabel: 'pages' },
    rules: DEFAULT_RULES,
    settings: { reminderTime: '21:00', praiseTime: '22:00', milestones: [3, 7, 15, 21, 30] },
  },
  'fitness-100': {
    name: '100-day fitness',
    lengthDays: 100,
    window: WHOLE_DAY,
    content: { ...NO_CONTENT, text: true },
    rules: { ...DEFAULT_RULES, makeUpCards: 5, makeUpMaxDaysLate: 3, freezes: 1, freezeEarnedEveryDays: 14 },
    settings: { reminderTime: '20:00', praiseTime: '22:00', milestones: [3, 7, 15, 21, 50, 100] },
  },
  custom: {
    name: 'Camp',
    lengthDays: 21,
    window: WHOLE_DAY,
    content: NO_CONTENT,
    rules: DEFAULT_RULES,
    settings: { reminderTime: null, praiseTime: '22:00', milestones: DEFAULT_MILESTONES },
  },
} satisfies Record<string, CampTemplate>;

export type CampTemplateName = keyof typeof CAMP_TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(CAMP_TEMPLATES) as CampTemplateName[];

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `HH:MM` → minutes after midnight; `24:00` is allowed as a window's end. */
export function parseClock(value: string, field: string): number {
  if (value === '24:00') return 1440;
  const match = HH_MM.exec(value);
  if (!match) throw new ValidationError(field, `${field}: expected HH:MM, got "${value}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export interface CampOverrides {
  name?: string;
  lengthDays?: number;
  window?: { start: string; end: string };
  content?: Partial<ContentSpec>;
  rules?: Partial<CampRules>;
  settings?: Partial<CampSettings>;
}

/**
 * A template with the operator's overrides, checked: a length of 1..365 days, a window of at
 * least one minute, non-negative counts, milestones within the camp.
 *
 * @example
 * campFromTemplate('early-riser-21', { window: { start: '06:00', end: '09:00' } }).window // { start: 360, end: 540 }
 */
export function campFromTemplate(template: CampTemplateName, overrides: CampOverrides = {}): CampTemplate {
  return applyCampOverrides(CAMP_TEMPLATES[template], overrides);
}

/** `base` — a template, or a stored camp being edited — with overrides, checked as `campFromTemplate` is. */
export function applyCampOverrides(base: CampTemplate, overrides: CampOverrides = {}): CampTemplate {
  const window = overrides.window
    ? { start: parseClock(overrides.window.start, 'window.start'), end: parseClock(overrides.window.end, 'window.end') }
    : base.window;
  if (window.start === 1440) throw new ValidationError('window.start', 'window.start: 24:00 is not a start time');
  if (window.start === window.end)
    throw new ValidationError('window', 'window: start and end are the same time; use 00:00–24:00 for the whole day');
  const camp: CampTemplate = {
    name: overrides.name?.trim() || base.name,
    lengthDays: overrides.lengthDays ?? base.lengthDays,
    window,
    content: { ...base.content, ...overrides.content },
    rules: { ...base.rules, ...overrides.rules },
    settings: { ...base.settings, ...overrides.settings },
  };
  if (!Number.isInteger(camp.lengthDays) || camp.lengthDays < 1 || camp.lengthDays > 365) {
    throw new ValidationError('lengthDays', `lengthDays: expected 1..365, got ${camp.lengthDays}`);
  }
  for (const key of ['makeUpCards', 'makeUpMaxDaysLate', 'freezes', 'freezeEarnedEveryDays'] as const) {
    const value = camp.rules[key];
    if (!Number.isInteger(value) || value < 0)
      throw new ValidationError(`rules.${key}`, `rules.${key}: expected a whole number ≥ 0, got ${value}`);
  }
  if (camp.settings.reminderTime !== null) parseClock(camp.settings.reminderTime, 'settings.reminderTime');
  if (camp.settings.praiseTime !== null) parseClock(camp.settings.praiseTime, 'settings.praiseTime');
  const milestones = [...new Set(camp.settings.milestones)].sort((a, b) => a - b);
  for (const m of milestones) {
    if (!Number.isInteger(m) || m < 1 || m > camp.lengthDays) {
      throw new ValidationError(
        'settings.milestones',
        `settings.milestones: ${m} is not a day of a ${camp.lengthDays}-day camp`,
      );
    }
  }
  camp.settings = { ...camp.settings, milestones };
  return camp;
}

/** Where a camp is in its run on a given camp day: before its first day, within its days, or past them. */
export type CampStatus = 'upcoming' | 'running' | 'finished';

/**
 * campStatus({ startDay: 100, lengthDays: 21 }, 99) // 'upcoming'
 * campStatus({ startDay: 100, lengthDays: 21 }, 120) // 'running' (its last day)
 * campStatus({ startDay: 100, lengthDays: 21 }, 121) // 'finished'
 */
export function campStatus(camp: { startDay: number; lengthDays: number }, today: number): CampStatus {
  if (today < camp.startDay) return 'upcoming';
  return today < camp.startDay + camp.lengthDays ? 'running' : 'finished';
}
