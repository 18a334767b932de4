import { basename } from 'node:path';
import { ImportFormatError } from '../../../kernel/errors.js';
import { streamJsonArray } from '../json-array-stream.js';
import type { EventKind, ImportedAuthor, ImportedEvent, ImportedGroup } from '../../../kernel/event-log/event.types.js';
import type { Importer } from '../importer.types.js';

type DiscordRecord = Record<string, unknown>;

/** Where a message is: for error messages and for the group every event carries. */
interface MessageContext {
  file: string;
  where: string;
  group: ImportedGroup;
  guildId: string | null;
}

// Message types that are something a member said or did; the rest (pins, thread creation, boosts,
// call notices …) are channel housekeeping and are skipped.
const KINDS = new Map<string, EventKind>([
  ['Default', 'message'],
  ['Reply', 'message'],
  ['GuildMemberJoin', 'join'],
]);
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * DiscordChatExporter JSON (one channel per file). Messages and replies become `message` events,
 * member joins `join` events, and each user listed under a reaction a `reaction` event. Discord
 * message ids are globally unique, but source ids still carry the channel (`<channel>:<message>`)
 * so that they read like the other importers'.
 *
 * @example
 * for await (const event of importDiscord({ path: 'general.json', timezone: 'UTC' })) …
 */
export const importDiscord: Importer = async function* (source) {
  const file = basename(source.path);
  let context: Omit<MessageContext, 'where'> | null = null;
  const items = streamJsonArray(source.path, 'messages', {
    itemName: 'message',
    onProgress: source.onProgress,
    onEncoding: source.onEncoding,
  });
  for await (const { index, value, header } of items) {
    context ??= channelContext(header, file, source.groupName);
    const where = `message #${index}`;
    if (!isObject(value)) throw new ImportFormatError(file, where, '', 'expected an object');
    yield* messageEvents(value, { ...context, where });
  }
};

function channelContext(
  header: Readonly<Record<string, unknown>>,
  file: string,
  groupName: string | undefined,
): Omit<MessageContext, 'where'> {
  const channel = isObject(header.channel) ? header.channel : undefined;
  const id = channel?.id;
  if (typeof id !== 'string' || !id) {
    throw new ImportFormatError(
      file,
      'top level',
      'channel.id',
      'missing (is this a DiscordChatExporter JSON export?)',
    );
  }
  const name = typeof channel?.name === 'string' && channel.name ? channel.name : id;
  const guild = isObject(header.guild) ? header.guild : {};
  return {
    file,
    group: { externalId: id, name: groupName ?? name },
    guildId: typeof guild.id === 'string' && guild.id ? guild.id : null,
  };
}

function* messageEvents(message: DiscordRecord, context: MessageContext): Generator<ImportedEvent> {
  const { file, where, group } = context;
  const id = requireString(message, 'id', context);
  const type = requireString(message, 'type', context);
  const kind = KINDS.get(type);
  if (!kind) return;
  const sourceId = `${group.externalId}:${id}`;
  const at = parseTimestamp(message.timestamp, context);
  if (!isObject(message.author)) throw new ImportFormatError(file, where, 'author.id', 'missing');
  yield {
    platform: 'discord',
    sourceId,
    group,
    author: userAuthor(message.author, 'author.id', context),
    kind,
    occurredAt: at,
    replyToSourceId: kind === 'message' ? replyTarget(message.reference, context) : null,
    threadSourceId: null,
    text: typeof message.content === 'string' ? message.content : null,
  };
  yield* reactionEvents(message.reactions, sourceId, at, context);
}

/**
 * Forwards and crossposts from followed channels also carry a `reference`, but they answer no
 * one here: only references that are not forwards and stay inside this guild are replies.
 */
function replyTarget(reference: unknown, context: MessageContext): string | null {
  if (!isObject(reference) || typeof reference.messageId !== 'string' || !reference.messageId) return null;
  if (reference.type === 'Forward') return null;
  if (typeof reference.guildId === 'string' && context.guildId && reference.guildId !== context.guildId) return null;
  const channelId =
    typeof reference.channelId === 'string' && reference.channelId ? reference.channelId : context.group.externalId;
  return `${channelId}:${reference.messageId}`;
}

function* reactionEvents(
  reactions: unknown,
  messageId: string,
  at: number,
  context: MessageContext,
): Generator<ImportedEvent> {
  if (reactions === undefined || reactions === null) return;
  const { file, where, group } = context;
  if (!Array.isArray(reactions)) throw new ImportFormatError(file, where, 'reactions', 'expected an array');
  for (const [i, reaction] of reactions.entries()) {
    // Older exports list only counts, which name no member: nothing to record.
    if (!isObject(reaction) || reaction.users === undefined) continue;
    const emoji = isObject(reaction.emoji) ? reaction.emoji : {};
    const key = [emoji.name, emoji.id].find((v): v is string => typeof v === 'string' && v !== '');
    if (!key) throw new ImportFormatError(file, where, `reactions[${i}].emoji`, 'missing name and id');
    if (!Array.isArray(reaction.users))
      throw new ImportFormatError(file, where, `reactions[${i}].users`, 'expected an array');
    const seen = new Set<string>();
    for (const [j, user] of reaction.users.entries()) {
      const author = userAuthor(user, `reactions[${i}].users[${j}].id`, context);
      if (seen.has(author.externalId)) continue;
      seen.add(author.externalId);
      // Exports carry no reaction times, so the reacted-to message's time is the best we have.
      yield {
        platform: 'discord',
        sourceId: `${messageId}:reaction:${key}:${author.externalId}`,
        group,
        author,
        kind: 'reaction',
        occurredAt: at,
        replyToSourceId: null,
        threadSourceId: null,
        text: key,
      };
    }
  }
}

function userAuthor(user: unknown, field: string, context: MessageContext): ImportedAuthor {
  const id = isObject(user) ? user.id : undefined;
  if (typeof id !== 'string' || !id) {
    throw new ImportFormatError(
      context.file,
      context.where,
      field,
      id === undefined ? 'missing' : `unexpected value ${JSON.stringify(id)}`,
    );
  }
  const record = user as DiscordRecord;
  const displayName =
    [record.nickname, record.name].find((v): v is string => typeof v === 'string' && v.trim() !== '') ?? id;
  return record.isBot === true ? { externalId: id, displayName, isBot: true } : { externalId: id, displayName };
}

/** DiscordChatExporter writes ISO 8601 with an offset (local unless --utc), sometimes 7 fraction digits. */
function parseTimestamp(raw: unknown, context: MessageContext): number {
  const ms = typeof raw === 'string' && ISO_WITH_OFFSET.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(ms)) {
    const problem = raw === undefined ? 'missing' : `not an ISO 8601 time with offset: ${JSON.stringify(raw)}`;
    throw new ImportFormatError(context.file, context.where, 'timestamp', problem);
  }
  return ms;
}

function requireString(record: DiscordRecord, field: string, context: MessageContext): string {
  const value = record[field];
  if (typeof value === 'string' && value) return value;
  throw new ImportFormatError(
    context.file,
    context.where,
    field,
    value === undefined ? 'missing' : `unexpected value ${JSON.stringify(value)}`,
  );
}

function isObject(value: unknown): value is DiscordRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
