import type { Schema } from '../api/client';
import type { TemplateName } from './api';

type ContentSpec = Schema<'ContentSpec'>;
type CampRules = Schema<'CampRules'>;

/** What a template pre-fills in the create form; the server applies the same defaults. */
export interface CampPreset {
  lengthDays: number;
  window: { start: string; end: string };
  content: ContentSpec;
  rules: CampRules;
  settings: Schema<'CampSettings'>;
}

const NO_CONTENT: ContentSpec = { text: false, image: false, number: false, link: false };
const DEFAULT_RULES: CampRules = {
  makeUpCards: 2,
  makeUpMaxDaysLate: 2,
  freezes: 0,
  freezeEarnedEveryDays: 7,
  missPolicy: 'reset',
};
const DEFAULT_MILESTONES = [3, 7, 15, 21];
const WHOLE_DAY = { start: '00:00', end: '24:00' };

/**
 * A copy of the server's CAMP_TEMPLATES (src/camps/camp/camp.rules.ts) with clock times instead of
 * minutes — the server has no endpoint for them, and the form must show the values before the
 * camp exists. test/browser/camps.test.ts fails when the two drift apart. Names are localized
 * in locales.ts instead.
 */
export const TEMPLATE_PRESETS: Record<TemplateName, CampPreset> = {
  'early-riser-21': {
    lengthDays: 21,
    window: { start: '05:00', end: '08:00' },
    content: NO_CONTENT,
    rules: { ...DEFAULT_RULES, makeUpCards: 1, makeUpMaxDaysLate: 1 },
    settings: { reminderTime: '07:30', praiseTime: '08:00', milestones: DEFAULT_MILESTONES },
  },
  'reading-30': {
    lengthDays: 30,
    window: WHOLE_DAY,
    content: { ...NO_CONTENT, number: true, numberLabel: 'pages' },
    rules: DEFAULT_RULES,
    settings: { reminderTime: '21:00', praiseTime: '22:00', milestones: [3, 7, 15, 21, 30] },
  },
  'fitness-100': {
    lengthDays: 100,
    window: WHOLE_DAY,
    content: { ...NO_CONTENT, text: true },
    rules: { ...DEFAULT_RULES, makeUpCards: 5, makeUpMaxDaysLate: 3, freezes: 1, freezeEarnedEveryDays: 14 },
    settings: { reminderTime: '20:00', praiseTime: '22:00', milestones: [3, 7, 15, 21, 50, 100] },
  },
  custom: {
    lengthDays: 21,
    window: WHOLE_DAY,
    content: NO_CONTENT,
    rules: DEFAULT_RULES,
    settings: { reminderTime: null, praiseTime: '22:00', milestones: DEFAULT_MILESTONES },
  },
};
