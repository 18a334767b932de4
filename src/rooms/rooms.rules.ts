import { AppError } from '../kernel/errors.js';
import { ROOM_REFUSALS, type RoomLocale, type RoomRefusalCode } from './rooms.messages.js';

/** Pure rules of the rooms: limits, validation, ids and the language of refusals. */

/** The longest message, in characters (code points). */
export const MAX_TEXT_CHARS = 4000;
/** How fast one member may post in one room: 5 messages per 10 s (a token bucket). */
export const POST_RATE = { count: 5, perMs: 10_000 };
/** The longest mute staff can give: 30 days. */
export const MAX_MUTE_MINUTES = 30 * 24 * 60;
/** Reactions are short emoji: pictographs, their modifiers and joiners, nothing else (no text, no markup). */
const REACTION = /^(?:\p{Extended_Pictographic}|\p{Emoji_Component}|\u200d|\ufe0f){1,16}$/u;
const CLIENT_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const STATUS: Partial<Record<RoomRefusalCode, number>> = {
  ROOM_NOT_FOUND: 404,
  ROOM_LINK_INVALID: 404,
  ROOM_MESSAGE_NOT_FOUND: 404,
  ROOM_SIGN_IN: 401,
  ROOM_RATE_LIMITED: 429,
  ROOM_MUTED: 403,
  ROOM_BLACKLISTED: 403,
  ROOM_REMOVED: 403,
  ROOM_STAFF_ONLY: 403,
  ROOM_IMAGE_TOO_LARGE: 413,
};

/** A refusal in the member's language, with a stable code; nothing was stored. */
export class RoomRefusal extends AppError {
  constructor(
    code: RoomRefusalCode,
    readonly locale: RoomLocale,
    params: Record<string, string | number> = {},
  ) {
    super(code, roomText(code, locale, params), STATUS[code] ?? 400);
  }
}

export function roomText(code: RoomRefusalCode, locale: RoomLocale, params: Record<string, string | number> = {}) {
  return ROOM_REFUSALS[code][locale].replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
}

/**
 * The language to answer in: an explicit `lang`, else the first of Accept-Language we have,
 * else the community's locale setting, else zh-CN.
 */
export function pickLocale(
  lang: string | undefined,
  acceptLanguage: string | undefined,
  communityLocale: unknown,
): RoomLocale {
  for (const candidate of [lang, ...(acceptLanguage ?? '').split(',').map((p) => p.split(';')[0])]) {
    const tag = candidate?.trim().toLowerCase() ?? '';
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return communityLocale === 'en' ? 'en' : 'zh-CN';
}

/** The text as stored: trimmed at the ends; refused when over the limit, or empty without an image. */
export function messageText(raw: string | null | undefined, hasImage: boolean, locale: RoomLocale): string | null {
  const text = (raw ?? '').trim();
  if (text.length === 0) {
    if (!hasImage) throw new RoomRefusal('ROOM_EMPTY', locale);
    return null;
  }
  // Characters, not UTF-16 units: an emoji counts once. (The length in units is at least the count.)
  if (text.length > MAX_TEXT_CHARS && [...text].length > MAX_TEXT_CHARS)
    throw new RoomRefusal('ROOM_TEXT_TOO_LONG', locale, { max: MAX_TEXT_CHARS });
  return text;
}

export function assertClientId(clientId: string, locale: RoomLocale): string {
  if (!CLIENT_ID.test(clientId)) throw new RoomRefusal('ROOM_BAD_CLIENT_ID', locale);
  return clientId.toLowerCase();
}

export function assertReaction(emoji: string, locale: RoomLocale): string {
  if (!REACTION.test(emoji)) throw new RoomRefusal('ROOM_BAD_REACTION', locale);
  return emoji;
}

/** A post's event source id: the same member and client id give the same event, so a retry is stored once. */
export function postSourceId(memberId: number, clientId: string): string {
  return `room:m${memberId}:${clientId}`;
}

/** An outbox item's event source id in a room: its key, unique per community. */
export function outboxSourceId(key: string): string {
  return `room:outbox:${key}`;
}

/** The web identities of a member and of a staff account, and the community's bot. */
export const memberIdentity = (memberId: number) => `member-${memberId}`;
export const staffIdentity = (accountId: number) => `staff-${accountId}`;
export const BOT_IDENTITY = 'bot';

/** A room's group id on platform `web`: random, so two staff creating rooms never collide. */
export const roomExternalId = (random: string) => `room-${random}`;

/** A date-time for a refusal ("muted until …"), in the member's language and the community's zone. */
export function untilText(until: number, locale: RoomLocale, timezone: string): string {
  return new Date(until).toLocaleString(locale, { timeZone: timezone, dateStyle: 'medium', timeStyle: 'short' });
}
