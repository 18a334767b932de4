import { basename } from 'node:path';
import { ImportFormatError } from '../../../kernel/errors.js';
import { streamJsonArrayChunks } from '../json-array-stream.js';
import type { ChunkedImporter } from '../chunked-importers.js';
import type { ImportedAuthor, ImportedEvent, ImportedGroup, Importer } from '../types.js';

/** Telegram Desktop's `text`: a plain string, or an array of strings and entity objects. */
export function flattenTelegramText(text: unknown): string | null {
  if (typeof text === 'string') return text;
  if (!Array.isArray(text)) return null;
  let out = '';
  for (const part of text) {
    if (typeof part === 'string') out += part;
    else if (part && typeof (part as { text?: unknown }).text === 'string') out += (part as { text: string }).text;
  }
  return out;
}

type TelegramMessage = Record<string, unknown>;

/**
 * Telegram Desktop JSON export (`result.json` of one chat). Messages become `message` events;
 * service actions `join_group_by_link` / `invite_members` become joins and `remove_members`
 * leaves; other service actions (pins, title changes …) are skipped. Message ids are unique per
 * chat, so source ids are `<chat id>:<message id>`.
 *
 * @example
 * for await (const event of importTelegram({ path: 'result.json', timezone: 'Asia/Shanghai' })) …
 */
export const importTelegram: Importer = async function* (source) {
  for await (const events of importTelegramChunks(source)) yield* events;
};

/** `importTelegram` a chunk of the file at a time (see `streamJsonArrayChunks`). */
export const importTelegramChunks: ChunkedImporter = async function* (source) {
  const file = basename(source.path);
  let group: ImportedGroup | null = null;
  const chunks = streamJsonArrayChunks(source.path, 'messages', { itemName: 'message', onProgress: source.onProgress });
  for await (const items of chunks) {
    const events: ImportedEvent[] = [];
    for (const { index, value, header } of items) {
      const where = `message #${index}`;
      if (!group) {
        const chatId = header.id;
        if (typeof chatId !== 'number' && typeof chatId !== 'string') {
          throw new ImportFormatError(file, 'top level', 'id', 'missing chat id (is this a single-chat Telegram export?)');
        }
        const name = typeof header.name === 'string' && header.name ? header.name : String(chatId);
        group = { externalId: String(chatId), name: source.groupName ?? name };
      }
      if (!value || typeof value !== 'object') throw new ImportFormatError(file, where, '', 'expected an object');
      telegramEvents(value as TelegramMessage, group, file, where, events);
    }
    yield events;
  }
};

function requireField<T>(message: TelegramMessage, field: string, file: string, where: string, ok: (v: unknown) => v is T): T {
  const value = message[field];
  if (!ok(value)) throw new ImportFormatError(file, where, field, value === undefined ? 'missing' : `unexpected value ${JSON.stringify(value)}`);
  return value;
}

const isIdLike = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';
const isString = (v: unknown): v is string => typeof v === 'string';

function occurredAt(message: TelegramMessage, file: string, where: string): number {
  const raw = requireField(message, 'date_unixtime', file, where, isIdLike);
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new ImportFormatError(file, where, 'date_unixtime', `not a Unix time: ${JSON.stringify(raw)}`);
  return seconds * 1000;
}

function telegramEvents(message: TelegramMessage, group: ImportedGroup, file: string, where: string, out: ImportedEvent[]): void {
  const id = String(requireField(message, 'id', file, where, isIdLike));
  const type = requireField(message, 'type', file, where, isString);
  const sourceId = `${group.externalId}:${id}`;
  if (type === 'message') {
    const author: ImportedAuthor = {
      externalId: String(requireField(message, 'from_id', file, where, isIdLike)),
      displayName: typeof message.from === 'string' && message.from ? message.from : String(message.from_id),
    };
    const replyTo = message.reply_to_message_id;
    out.push({
      platform: 'telegram',
      sourceId,
      group,
      author,
      kind: 'message',
      occurredAt: occurredAt(message, file, where),
      replyToSourceId: isIdLike(replyTo) ? `${group.externalId}:${replyTo}` : null,
      threadSourceId: null,
      text: flattenTelegramText(message.text),
    });
    return;
  }
  if (type !== 'service') throw new ImportFormatError(file, where, 'type', `unknown message type "${type}"`);
  const action = message.action;
  if (action === 'join_group_by_link') {
    const actorId = String(requireField(message, 'actor_id', file, where, isIdLike));
    const displayName = typeof message.actor === 'string' && message.actor ? message.actor : actorId;
    out.push(membershipEvent(sourceId, group, { externalId: actorId, displayName }, 'join', occurredAt(message, file, where)));
    return;
  }
  if (action === 'invite_members' || action === 'remove_members') {
    const kind = action === 'invite_members' ? 'join' : 'leave';
    const members = requireField(message, 'members', file, where, (v): v is unknown[] => Array.isArray(v));
    const ids = Array.isArray(message.members_ids) ? message.members_ids : null;
    const at = occurredAt(message, file, where);
    for (let i = 0; i < members.length; i++) {
      const name = members[i];
      const externalId = ids && isIdLike(ids[i]) ? `user${ids[i]}` : null;
      if (typeof name !== 'string' && !externalId) throw new ImportFormatError(file, where, `members[${i}]`, 'expected a name');
      // Desktop exports list invited members by display name only; match them to authors by name
      // when no id is given (ids appear as `user<id>` in `from_id`).
      const author = { externalId: externalId ?? `name:${name}`, displayName: typeof name === 'string' ? name : String(externalId) };
      out.push(membershipEvent(`${sourceId}:${i}`, group, author, kind, at));
    }
  }
}

function membershipEvent(sourceId: string, group: ImportedGroup, author: ImportedAuthor, kind: 'join' | 'leave', at: number): ImportedEvent {
  return { platform: 'telegram', sourceId, group, author, kind, occurredAt: at, replyToSourceId: null, threadSourceId: null, text: null };
}
