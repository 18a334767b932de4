import { basename } from 'node:path';
import { ImportFormatError } from '../../../kernel/errors.js';
import { cachedDecoder, decodeBinary, decodeBinaryStrings, decodeBinaryValue } from '../binary-strings.js';
import { streamJsonArrayChunks } from '../json-array-stream.js';
import type { ChunkedImporter } from '../importer.types.js';
import type { ImportedAuthor, ImportedEvent, ImportedGroup } from '../../../kernel/event-log/event.types.js';
import type { Importer } from '../importer.types.js';

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

/**
 * Where a message is, and how to read the strings taken from it: as they are, or decoded where
 * the stream handed the element over with binary strings (binary-strings.ts). Texts are not read
 * through it: they stay binary until the whole chunk's are decoded in one call.
 */
interface MessageContext {
  file: string;
  index: number;
  binary: boolean;
  /** For strings that differ per message (ids, dates). */
  string: (s: string) => string;
  /** For strings that repeat (author ids and names): cached when binary. */
  name: (s: string) => string;
  /**
   * Authors by `from_id`, with the `from` they were made from: most messages come from an author
   * seen before, and then cost a lookup instead of decoding and a new object.
   */
  authors: Map<string | number, { from: unknown; author: ImportedAuthor }>;
}

/** Authors a context remembers before it starts over, so odd input cannot grow it without bound. */
const AUTHOR_CACHE_LIMIT = 65_536;

const asIs = (s: string) => s;
const where = (context: MessageContext) => `message #${context.index}`;

/** `importTelegram` a chunk of the file at a time (see `streamJsonArrayChunks`). */
export const importTelegramChunks: ChunkedImporter = async function* (source) {
  const file = basename(source.path);
  let group: ImportedGroup | null = null;
  const plain: MessageContext = { file, index: 0, binary: false, string: asIs, name: asIs, authors: new Map() };
  const binary: MessageContext = {
    file,
    index: 0,
    binary: true,
    string: decodeBinary,
    name: cachedDecoder(),
    authors: new Map(),
  };
  const chunks = streamJsonArrayChunks(source.path, 'messages', {
    itemName: 'message',
    onProgress: source.onProgress,
    onEncoding: source.onEncoding,
    binaryStrings: true,
  });
  for await (const items of chunks) {
    const events: ImportedEvent[] = [];
    const binaryTexts: number[] = []; // events whose text is still binary
    for (const item of items) {
      if (!group) {
        const chatId = item.header.id;
        if (typeof chatId !== 'number' && typeof chatId !== 'string') {
          throw new ImportFormatError(
            file,
            'top level',
            'id',
            'missing chat id (is this a single-chat Telegram export?)',
          );
        }
        const name = typeof item.header.name === 'string' && item.header.name ? item.header.name : String(chatId);
        group = { externalId: String(chatId), name: source.groupName ?? name };
      }
      const context = item.binary ? binary : plain;
      context.index = item.index;
      if (!item.value || typeof item.value !== 'object')
        throw new ImportFormatError(file, where(context), '', 'expected an object');
      const before = events.length;
      telegramEvents(item.value as TelegramMessage, group, context, events);
      if (item.binary) for (let i = before; i < events.length; i++) if (events[i].text) binaryTexts.push(i);
    }
    if (binaryTexts.length > 0) {
      const texts = decodeBinaryStrings(binaryTexts.map((i) => events[i].text!));
      for (let k = 0; k < binaryTexts.length; k++) events[binaryTexts[k]].text = texts[k];
    }
    yield events;
  }
};

function requireField<T>(
  message: TelegramMessage,
  field: string,
  context: MessageContext,
  ok: (v: unknown) => v is T,
): T {
  const value = message[field];
  if (!ok(value)) {
    const shown = context.binary ? decodeBinaryValue(value) : value;
    throw new ImportFormatError(
      context.file,
      where(context),
      field,
      value === undefined ? 'missing' : `unexpected value ${JSON.stringify(shown)}`,
    );
  }
  return value;
}

const isIdLike = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';
const isString = (v: unknown): v is string => typeof v === 'string';
const idText = (id: string | number, read: (s: string) => string) => (typeof id === 'number' ? String(id) : read(id));

/** The author of a message from `fromId` named `from` (the id when there is no name). */
function authorOf(context: MessageContext, fromId: string | number, from: unknown): ImportedAuthor {
  const known = context.authors.get(fromId);
  if (known && known.from === from) return known.author;
  const externalId = idText(fromId, context.name);
  const author = { externalId, displayName: typeof from === 'string' && from ? context.name(from) : externalId };
  if (context.authors.size >= AUTHOR_CACHE_LIMIT) context.authors.clear();
  context.authors.set(fromId, { from, author });
  return author;
}

function occurredAt(message: TelegramMessage, context: MessageContext): number {
  const raw = requireField(message, 'date_unixtime', context, isIdLike);
  const value = typeof raw === 'string' ? context.string(raw) : raw;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new ImportFormatError(
      context.file,
      where(context),
      'date_unixtime',
      `not a Unix time: ${JSON.stringify(value)}`,
    );
  return seconds * 1000;
}

function telegramEvents(
  message: TelegramMessage,
  group: ImportedGroup,
  context: MessageContext,
  out: ImportedEvent[],
): void {
  const id = idText(requireField(message, 'id', context, isIdLike), context.string);
  const type = requireField(message, 'type', context, isString);
  const sourceId = `${group.externalId}:${id}`;
  if (type === 'message') {
    const author = authorOf(context, requireField(message, 'from_id', context, isIdLike), message.from);
    const replyTo = message.reply_to_message_id;
    out.push({
      platform: 'telegram',
      sourceId,
      group,
      author,
      kind: 'message',
      occurredAt: occurredAt(message, context),
      replyToSourceId: isIdLike(replyTo) ? `${group.externalId}:${idText(replyTo, context.string)}` : null,
      threadSourceId: null,
      // Binary in a binary element: the caller decodes the chunk's texts together.
      text: flattenTelegramText(message.text),
    });
    return;
  }
  if (type !== 'service')
    throw new ImportFormatError(context.file, where(context), 'type', `unknown message type "${context.string(type)}"`);
  const action = message.action;
  if (action === 'join_group_by_link') {
    const actorId = idText(requireField(message, 'actor_id', context, isIdLike), context.name);
    const displayName = typeof message.actor === 'string' && message.actor ? context.name(message.actor) : actorId;
    out.push(
      membershipEvent(sourceId, group, { externalId: actorId, displayName }, 'join', occurredAt(message, context)),
    );
    return;
  }
  if (action === 'invite_members' || action === 'remove_members') {
    const kind = action === 'invite_members' ? 'join' : 'leave';
    const members = requireField(message, 'members', context, (v): v is unknown[] => Array.isArray(v));
    const ids = Array.isArray(message.members_ids) ? message.members_ids : null;
    const at = occurredAt(message, context);
    for (let i = 0; i < members.length; i++) {
      const name = typeof members[i] === 'string' ? context.name(members[i] as string) : members[i];
      const externalId = ids && isIdLike(ids[i]) ? `user${idText(ids[i] as string | number, context.name)}` : null;
      if (typeof name !== 'string' && !externalId)
        throw new ImportFormatError(context.file, where(context), `members[${i}]`, 'expected a name');
      // Desktop exports list invited members by display name only; match them to authors by name
      // when no id is given (ids appear as `user<id>` in `from_id`).
      const author = {
        externalId: externalId ?? `name:${name}`,
        displayName: typeof name === 'string' ? name : String(externalId),
      };
      out.push(membershipEvent(`${sourceId}:${i}`, group, author, kind, at));
    }
  }
}

function membershipEvent(
  sourceId: string,
  group: ImportedGroup,
  author: ImportedAuthor,
  kind: 'join' | 'leave',
  at: number,
): ImportedEvent {
  return {
    platform: 'telegram',
    sourceId,
    group,
    author,
    kind,
    occurredAt: at,
    replyToSourceId: null,
    threadSourceId: null,
    text: null,
  };
}
