import type { ContentSpec } from '../camp/camp.rules.js';
import type { CheckinRejection } from '../checkin/checkin.rules.js';
import { fillTemplate } from '../rewards/gamification.rules.js';
import type { Locale } from '../rewards/rewards.messages.js';
import { CHAT_CHECKIN_TEXTS, FIELD_NAMES, FIELD_WITH_LABEL, STREAK_DAYS_WORD } from './chat-checkin.messages.js';

/**
 * The bot's answer to a check-in posted in a group chat (`打卡 …` / `#checkin …`). Pure: the
 * service hands over the outcome, this words it. The answer replies to the member's message, so
 * it does not repeat their name.
 */

export type ChatCheckinFacts =
  | { status: 'created' | 'replayed'; campName: string; dayNumber: number; lengthDays: number; streak: number }
  | {
      status: 'rejected';
      code: CheckinRejection;
      campName: string;
      /** `05:00–08:00` and the zone, for OUTSIDE_WINDOW. */
      window: string;
      timezone: string;
      /** `YYYY-MM-DD`, for CAMP_NOT_STARTED. */
      startDate: string;
      /** What the check-in lacked, for MISSING_FIELD. */
      missing: FieldLabel | null;
      /** The check-in rules' English message, for refusals without their own text. */
      message: string;
    };

export type FieldLabel = { field: 'text' | 'image' | 'link' } | { field: 'number'; label?: string };

function fieldName(missing: FieldLabel | null, locale: Locale): string {
  if (!missing) return FIELD_NAMES.text[locale];
  const name = FIELD_NAMES[missing.field][locale];
  return missing.field === 'number' && missing.label
    ? fillTemplate(FIELD_WITH_LABEL[locale], { field: name, label: missing.label })
    : name;
}

/**
 * The reply text.
 *
 * @example
 * chatCheckinReply('en', { status: 'created', campName: 'Early risers', dayNumber: 5, lengthDays: 21, streak: 5 })
 * // 'Checked in for day 5 of 21 in "Early risers". Streak: 5 days in a row!'
 */
export function chatCheckinReply(locale: Locale, facts: ChatCheckinFacts): string {
  if (facts.status !== 'rejected') {
    return fillTemplate(CHAT_CHECKIN_TEXTS.counted[locale], {
      camp: facts.campName,
      dayNumber: facts.dayNumber,
      lengthDays: facts.lengthDays,
      streak: facts.streak,
      days: facts.streak === 1 ? STREAK_DAYS_WORD.one : STREAK_DAYS_WORD.other,
    });
  }
  const params = {
    camp: facts.campName,
    window: facts.window,
    timezone: facts.timezone,
    startDate: facts.startDate,
    field: fieldName(facts.missing, locale),
    message: facts.message,
  };
  const template =
    facts.code in CHAT_CHECKIN_TEXTS
      ? CHAT_CHECKIN_TEXTS[facts.code as keyof typeof CHAT_CHECKIN_TEXTS]
      : CHAT_CHECKIN_TEXTS.other;
  return fillTemplate(template[locale], params);
}

/** The first field the camp requires that a chat check-in lacks (an image only when the message's photo was stored). */
export function missingField(
  content: ContentSpec,
  given: { text?: string; number?: number; link?: string; imagePath?: string },
): FieldLabel | null {
  if (content.text && !given.text) return { field: 'text' };
  if (content.number && given.number === undefined) return { field: 'number', label: content.numberLabel };
  if (content.link && !given.link) return { field: 'link' };
  if (content.image && !given.imagePath) return { field: 'image' };
  return null;
}

/** The check-in idempotency key of a chat message: a platform's retry of the same message finds the first check-in. */
export const chatCheckinKey = (platform: string, sourceId: string) => `${platform}:${sourceId}`;

/** The outbox key of the reply to a chat check-in: one reply per message and camp. */
export const chatReplyKey = (campId: number, platform: string, sourceId: string) =>
  `checkin-reply:${campId}:${platform}:${sourceId}`;
