import { ValidationError } from '../../../kernel/errors.js';
import type { PhotoSize } from '../../../kernel/event-log/live-message.js';
import type { ParsedUpdate } from '../../connector.js';
import type { ImportedAuthor, ImportedEvent, ImportedGroup } from '../../../kernel/event-log/event.types.js';
import { cleanStrings } from '../../../kernel/text/clean-text.js';

/**
 * Telegram Bot API `Update` → events, with the ids the Telegram Desktop importer gives the same
 * message, so history imported from an export and messages received live are one event:
 * - a chat is its bare id: the Bot API's `-100<id>` (supergroups, channels) or `-<id>` (basic
 *   groups) without the prefix, as Desktop exports write `"id"`;
 * - a person is `user<id>`, as Desktop's `from_id`;
 * - a message is `<chat>:<message_id>`; joins of invited members `<chat>:<message_id>:<index>`,
 *   leaves `<chat>:<message_id>:0`.
 * Supergroup message ids are the same for everyone, so these match; in basic groups each account
 * numbers messages itself, so an export made by a person and the bot's updates differ (a basic
 * group becomes a supergroup once it has a bot admin or 200 members, so this is rare).
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/** Keys of a message that carries content; a message with none of them is a service message. */
const CONTENT_KEYS = [
  'text',
  'caption',
  'photo',
  'sticker',
  'document',
  'video',
  'voice',
  'audio',
  'animation',
  'video_note',
  'poll',
  'location',
  'venue',
  'contact',
  'dice',
  'game',
  'story',
];
const GROUP_TYPES = new Set(['group', 'supergroup']);

function fail(field: string, problem: string): never {
  throw new ValidationError(field, `not a Telegram update: ${field} ${problem}`);
}

function requireInt(parent: Json, key: string, path: string): number {
  const value = parent[key];
  if (!isInt(value)) fail(`${path}.${key}`, value === undefined ? 'is missing' : 'is not an integer');
  return value;
}

/** The Bot API chat id → the id Desktop exports use for the chat. */
export function bareChatId(chatId: number, type: string): string {
  const id = String(chatId);
  if ((type === 'supergroup' || type === 'channel') && id.startsWith('-100')) return id.slice(4);
  return id.startsWith('-') ? id.slice(1) : id;
}

function userOf(user: unknown, path: string): ImportedAuthor {
  if (!isObject(user)) fail(path, 'is not an object');
  const id = requireInt(user, 'id', path);
  if (typeof user.first_name !== 'string') fail(`${path}.first_name`, 'is missing');
  const last = typeof user.last_name === 'string' && user.last_name ? ` ${user.last_name}` : '';
  // Desktop exports name people "First Last" in `from`.
  return {
    externalId: `user${id}`,
    displayName: `${user.first_name}${last}` || `user${id}`,
    isBot: user.is_bot === true,
  };
}

/** Who posted: the person, or the chat a message was sent on behalf of (anonymous admins, linked channels). */
function authorOf(message: Json): ImportedAuthor {
  const senderChat = message.sender_chat;
  if (isObject(senderChat) && isInt(senderChat.id)) {
    const type = typeof senderChat.type === 'string' ? senderChat.type : 'channel';
    const bare = bareChatId(senderChat.id, type);
    return {
      externalId: `channel${bare}`,
      displayName: typeof senderChat.title === 'string' && senderChat.title ? senderChat.title : `channel${bare}`,
    };
  }
  return userOf(message.from, 'message.from');
}

/**
 * Parses one webhook body. Throws a ValidationError when it is not a Telegram update at all;
 * an update of a kind Shequn does not record (an edit, a private chat, a channel post, a member
 * status change …) parses to no events.
 *
 * @example
 * parseTelegramUpdate({ update_id: 7, message: { message_id: 2, date: 1709247900, chat: { id: -1004242, type: 'supergroup', title: 'g' }, from: { id: 1, first_name: 'Alice', is_bot: false }, text: 'hi' } })
 * // { updateId: 7, events: [{ platform: 'telegram', sourceId: '4242:2', author: { externalId: 'user1', … }, kind: 'message', … }], … }
 */
export function parseTelegramUpdate(raw: unknown): ParsedUpdate {
  // Polled updates come in past the HTTP edge: cleaned here, so a NUL in a message is dropped
  // (kernel/text/clean-text.ts) rather than failing the store and holding the updates after it.
  const body = cleanStrings(raw);
  if (!isObject(body)) fail('body', 'is not an object');
  const updateId = requireInt(body, 'update_id', 'update');
  const none: ParsedUpdate = { updateId, events: [], chats: [], message: null, photo: [] };
  const message = body.message;
  if (message === undefined) return none;
  if (!isObject(message)) fail('message', 'is not an object');
  const messageId = requireInt(message, 'message_id', 'message');
  const date = requireInt(message, 'date', 'message');
  const chat = message.chat;
  if (!isObject(chat)) fail('message.chat', 'is missing');
  const chatId = requireInt(chat, 'id', 'message.chat');
  if (typeof chat.type !== 'string') fail('message.chat.type', 'is missing');
  if (!GROUP_TYPES.has(chat.type)) return none;

  const bare = bareChatId(chatId, chat.type);
  const group: ImportedGroup = {
    externalId: bare,
    name: typeof chat.title === 'string' && chat.title ? chat.title : bare,
  };
  const sourceId = `${bare}:${messageId}`;
  const occurredAt = date * 1000;
  const base = {
    platform: 'telegram' as const,
    group,
    occurredAt,
    replyToSourceId: null,
    threadSourceId: null,
    text: null,
  };
  const parsed: ParsedUpdate = { ...none, chats: [{ externalId: bare, address: String(chatId) }] };

  if (Array.isArray(message.new_chat_members)) {
    const members = message.new_chat_members.map((m, i) => userOf(m, `message.new_chat_members[${i}]`));
    const from = isObject(message.from) ? userOf(message.from, 'message.from') : null;
    // Joining by link (Desktop: join_group_by_link) lists the joiner, who is also the sender.
    const self = members.length === 1 && from !== null && from.externalId === members[0].externalId;
    members.forEach((author, i) => {
      parsed.events.push({ ...base, sourceId: self ? sourceId : `${sourceId}:${i}`, author, kind: 'join' });
    });
    return parsed;
  }
  if (message.left_chat_member !== undefined) {
    // Desktop: remove_members, one member, index 0.
    parsed.events.push({
      ...base,
      sourceId: `${sourceId}:0`,
      author: userOf(message.left_chat_member, 'message.left_chat_member'),
      kind: 'leave',
    });
    return parsed;
  }
  if (!CONTENT_KEYS.some((key) => message[key] !== undefined)) return parsed;

  const reply = message.reply_to_message;
  const text =
    typeof message.text === 'string' ? message.text : typeof message.caption === 'string' ? message.caption : '';
  const event: ImportedEvent = {
    ...base,
    sourceId,
    author: authorOf(message),
    kind: 'message',
    replyToSourceId: isObject(reply) && isInt(reply.message_id) ? `${bare}:${reply.message_id}` : null,
    text,
  };
  parsed.events.push(event);
  parsed.message = event;
  parsed.photo = photoSizesOf(message.photo);
  return parsed;
}

/** A message's `photo` (PhotoSize objects, which Telegram lists smallest first), as sizes to fetch by `file_id`. */
function photoSizesOf(photo: unknown): PhotoSize[] {
  if (!Array.isArray(photo)) return [];
  return photo
    .filter((size): size is Json => isObject(size) && typeof size.file_id === 'string' && size.file_id.length > 0)
    .map((size) => ({ ref: size.file_id as string, bytes: isInt(size.file_size) ? size.file_size : null }));
}
