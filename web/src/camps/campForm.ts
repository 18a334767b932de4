import { TEMPLATE_PRESETS, type CampPreset } from './templates';
import type { Schema } from '../api/client';
import type { Camp, CampCreateBody, TemplateName } from './api';

/** The create/edit form's fields: flat, with clock times, dates and milestones as text. */
export interface CampFormValues {
  name: string;
  startDate: string;
  lengthDays: number;
  groupIds: number[];
  windowStart: string;
  windowEnd: string;
  text: boolean;
  number: boolean;
  link: boolean;
  image: boolean;
  numberLabel: string;
  makeUpCards: number;
  makeUpMaxDaysLate: number;
  freezes: number;
  freezeEarnedEveryDays: number;
  missPolicy: Schema<'MissPolicy'>;
  reminderTime: string;
  praiseTime: string;
  milestones: string[];
}

/** `HH:MM` in 00:00–23:59; `24:00` too where `end` allows it (a window's end). */
export function isClock(value: string, end = false): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(value) || (end && value === '24:00');
}

type Preset = Pick<CampPreset, 'lengthDays' | 'window' | 'content' | 'rules' | 'settings'>;

/**
 * The form pre-filled from a template (or a camp, which has the same parts).
 *
 * @example
 * presetToForm(TEMPLATE_PRESETS['early-riser-21'], { name: '21天早起', startDate: '2025-03-01' }).windowStart // '05:00'
 */
export function presetToForm(
  preset: Preset,
  extra: { name: string; startDate: string; groupIds?: number[] },
): CampFormValues {
  return {
    name: extra.name,
    startDate: extra.startDate,
    lengthDays: preset.lengthDays,
    groupIds: extra.groupIds ?? [],
    windowStart: preset.window.start,
    windowEnd: preset.window.end,
    text: preset.content.text,
    number: preset.content.number,
    link: preset.content.link,
    image: preset.content.image,
    numberLabel: preset.content.numberLabel ?? '',
    ...preset.rules,
    reminderTime: preset.settings.reminderTime ?? '',
    praiseTime: preset.settings.praiseTime ?? '',
    milestones: preset.settings.milestones.map(String),
  };
}

export function campToForm(camp: Camp): CampFormValues {
  const values = presetToForm(camp, {
    name: camp.name,
    startDate: camp.startDate,
    groupIds: camp.groupIds ?? [],
  });
  // A camp stored before praise times existed uses its template's; show that rather than "none".
  const template = TEMPLATE_PRESETS[camp.template as TemplateName];
  if (camp.settings.praiseTime === undefined && template) values.praiseTime = template.settings.praiseTime ?? '';
  return values;
}

/** Milestone entries as whole days, ascending and without repeats; null when one is not a day of the camp. */
export function parseMilestones(entries: string[], lengthDays: number): number[] | null {
  const days = entries.map((e) => Number(e.trim()));
  if (days.some((d) => !Number.isInteger(d) || d < 1 || d > lengthDays)) return null;
  return [...new Set(days)].sort((a, b) => a - b);
}

/** The camp's settings in the form, as the create and edit routes take them (creation adds the template). */
export function formToBody(values: CampFormValues): Omit<CampCreateBody, 'template'> {
  const label = (values.numberLabel ?? '').trim();
  return {
    name: values.name.trim(),
    startDate: values.startDate,
    lengthDays: values.lengthDays,
    groupIds: values.groupIds,
    window: { start: values.windowStart, end: values.windowEnd },
    content: {
      text: values.text,
      number: values.number,
      link: values.link,
      image: values.image,
      ...(values.number && label ? { numberLabel: label } : {}),
    },
    rules: {
      makeUpCards: values.makeUpCards,
      makeUpMaxDaysLate: values.makeUpMaxDaysLate,
      freezes: values.freezes,
      freezeEarnedEveryDays: values.freezeEarnedEveryDays,
      missPolicy: values.missPolicy,
    },
    settings: {
      reminderTime: (values.reminderTime ?? '').trim() || null,
      praiseTime: (values.praiseTime ?? '').trim() || null,
      milestones: parseMilestones(values.milestones, values.lengthDays) ?? [],
    },
  };
}

/** Today's date in a time zone, `YYYY-MM-DD` (a camp's default start). */
export function todayIn(timezone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}
