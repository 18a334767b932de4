import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, posix } from 'node:path';
import yauzl from 'yauzl';
import { ImportFormatError } from '../../../kernel/errors.js';
import type { ImportedAuthor, ImportedEvent, ImportedGroup } from '../../../kernel/event-log/event.types.js';
import type { Importer, ImportSource } from '../importer.types.js';
import { decodeText } from '../text-decoding.js';

/** The export's files, read one at a time, whether it is an unpacked folder or a .zip. */
interface ExportTree {
  /** Names of the files directly inside `dir` (relative to the export root); [] if no such folder. */
  list(dir: string): string[] | Promise<string[]>;
  /** A file's text, or null when the export has no such file. */
  read(path: string): Promise<string | null>;
  close(): void;
}

type Users = Map<string, { displayName: string; isBot: boolean }>;
type SlackMessage = Record<string, unknown>;
/** Where a message is: for error messages and for the group every event carries. */
interface ChannelContext {
  file: string;
  group: ImportedGroup;
  users: Users;
}

const DAY_FILE = /^\d{4}-\d{2}-\d{2}\.json$/;
const SLACK_TS = /^(\d{1,12})(?:\.(\d{1,6}))?$/;
const MEMBERSHIP = new Map<string, 'join' | 'leave'>([
  ['channel_join', 'join'],
  ['channel_leave', 'leave'],
  ['group_join', 'join'],
  ['group_leave', 'leave'],
]);
// Subtypes that are something a member (or bot) said. Everything else — topic, purpose and name
// changes, pins, deletions, tombstones — is channel housekeeping and is skipped.
const MESSAGE_SUBTYPES = new Set([
  'bot_message',
  'thread_broadcast',
  'reply_broadcast',
  'me_message',
  'file_share',
  'file_comment',
]);

/**
 * Slack workspace export (a folder or a .zip): `users.json`, `channels.json` and
 * `<channel name>/YYYY-MM-DD.json` day files. Each channel is a group; `source.groupName` selects
 * one channel by name. Day files are read whole, one at a time, in date order.
 *
 * @example
 * for await (const event of importSlack({ path: 'export.zip', timezone: 'UTC', groupName: 'general' })) …
 */
export const importSlack: Importer = async function* (source) {
  const tree = await openExport(source.path, source.onEncoding);
  try {
    const users = parseUsers(await readJson(tree, 'users.json'));
    const channels = selectChannels(parseChannels(await readJson(tree, 'channels.json')), source.groupName);
    const plan: { group: ImportedGroup; days: string[] }[] = [];
    for (const group of channels) {
      const days = (await tree.list(group.name)).filter((name) => DAY_FILE.test(name)).sort();
      plan.push({ group, days: days.map((day) => `${group.name}/${day}`) });
    }
    const total = plan.reduce((sum, channel) => sum + channel.days.length, 0);
    let done = 0;
    source.onProgress?.(done, total);
    for (const { group, days } of plan) {
      for (const file of days) {
        const messages = await readJson(tree, file);
        if (!Array.isArray(messages))
          throw new ImportFormatError(file, 'top level', '', 'expected an array of messages');
        const context: ChannelContext = { file, group, users };
        for (let i = 0; i < messages.length; i++) yield* messageEvents(messages[i], context, `message #${i}`);
        source.onProgress?.(++done, total);
      }
    }
  } finally {
    tree.close();
  }
};

function parseUsers(value: unknown): Users {
  const users: Users = new Map();
  for (const [i, user] of expectArray(value, 'users.json').entries()) {
    const id = requireString(user, 'id', 'users.json', `user #${i}`);
    const profile = (isObject(user.profile) ? user.profile : {}) as Record<string, unknown>;
    const displayName = firstName(profile.display_name, profile.real_name, user.real_name, user.name) ?? id;
    users.set(id, { displayName, isBot: user.is_bot === true || id === 'USLACKBOT' });
  }
  return users;
}

function parseChannels(value: unknown): ImportedGroup[] {
  return expectArray(value, 'channels.json').map((channel, i) => {
    const name = requireString(channel, 'name', 'channels.json', `channel #${i}`);
    // The name is also a folder name: keep a crafted export from reading outside itself.
    if (/[\\/]|^\.\.?$/.test(name))
      throw new ImportFormatError(
        'channels.json',
        `channel #${i}`,
        'name',
        `not a channel name: ${JSON.stringify(name)}`,
      );
    return { externalId: requireString(channel, 'id', 'channels.json', `channel #${i}`), name };
  });
}

function selectChannels(channels: ImportedGroup[], wanted: string | undefined): ImportedGroup[] {
  if (wanted === undefined) return channels;
  const name = wanted.replace(/^#/, '');
  const chosen = channels.filter((channel) => channel.name === name);
  if (chosen.length === 0) {
    const known = channels.map((channel) => channel.name).join(', ');
    throw new ImportFormatError(
      'channels.json',
      'top level',
      'name',
      `no channel named "${name}" (channels: ${known})`,
    );
  }
  return chosen;
}

function* messageEvents(value: unknown, context: ChannelContext, where: string): Generator<ImportedEvent> {
  const { file, group } = context;
  if (!isObject(value)) throw new ImportFormatError(file, where, '', 'expected an object');
  const message = value as SlackMessage;
  const ts = parseTs(message.ts, 'ts', file, where);
  // Exports hold only `message` items; anything else is not ours to interpret.
  if (message.type !== undefined && message.type !== 'message') return;
  const subtype = message.subtype === undefined ? undefined : requireString(message, 'subtype', file, where);
  const kind = subtype === undefined || MESSAGE_SUBTYPES.has(subtype) ? 'message' : MEMBERSHIP.get(subtype);
  if (!kind) return;
  const sourceId = `${group.externalId}:${ts.raw}`;
  const threadTs = message.thread_ts === undefined ? null : parseTs(message.thread_ts, 'thread_ts', file, where);
  yield {
    platform: 'slack',
    sourceId,
    group,
    author: messageAuthor(message, subtype, context, where),
    kind,
    occurredAt: ts.ms,
    replyToSourceId: null,
    threadSourceId: threadTs ? `${group.externalId}:${threadTs.raw}` : null,
    text: typeof message.text === 'string' ? message.text : (commentOf(message, subtype)?.text ?? null),
  };
  yield* reactionEvents(message, sourceId, ts.ms, context, where);
}

function messageAuthor(
  message: SlackMessage,
  subtype: string | undefined,
  context: ChannelContext,
  where: string,
): ImportedAuthor {
  const comment = commentOf(message, subtype);
  const user =
    message.user === undefined
      ? comment
        ? requireString(comment.value, 'user', context.file, where, 'comment.user')
        : null
      : requireString(message, 'user', context.file, where);
  const botId = typeof message.bot_id === 'string' && message.bot_id ? message.bot_id : null;
  const known = user ? context.users.get(user) : undefined;
  const isBot = subtype === 'bot_message' || botId !== null || known?.isBot === true || user === 'USLACKBOT';
  // Integrations post as a bot id without a user; anyone else must name a user.
  const externalId = user ?? (isBot ? botId : null);
  if (!externalId) throw new ImportFormatError(context.file, where, isBot ? 'bot_id' : 'user', 'missing');
  const profile = isObject(message.user_profile) ? message.user_profile : {};
  const botProfile = isObject(message.bot_profile) ? message.bot_profile : {};
  const displayName =
    known?.displayName ??
    firstName(profile.display_name, profile.real_name, profile.name, message.username, botProfile.name) ??
    externalId;
  return authorOf(externalId, displayName, isBot);
}

/**
 * The comment of a `file_comment` message. Exports of 2015–2016 name its author only in
 * `comment.user` (no top-level `user`), and some carry its words only in `comment.comment`.
 */
function commentOf(
  message: SlackMessage,
  subtype: string | undefined,
): { value: Record<string, unknown>; text: string | null } | null {
  if (subtype !== 'file_comment' || !isObject(message.comment)) return null;
  const { comment } = message;
  return { value: comment, text: typeof comment.comment === 'string' ? comment.comment : null };
}

function authorOf(externalId: string, displayName: string, isBot: boolean): ImportedAuthor {
  return isBot ? { externalId, displayName, isBot } : { externalId, displayName };
}

function* reactionEvents(
  message: SlackMessage,
  messageId: string,
  at: number,
  context: ChannelContext,
  where: string,
): Generator<ImportedEvent> {
  if (message.reactions === undefined) return;
  const { file, group, users } = context;
  if (!Array.isArray(message.reactions)) throw new ImportFormatError(file, where, 'reactions', 'expected an array');
  for (const [i, reaction] of message.reactions.entries()) {
    const name = requireString(reaction, 'name', file, where, `reactions[${i}].name`);
    const reactors: unknown = isObject(reaction) ? reaction.users : undefined;
    if (!Array.isArray(reactors))
      throw new ImportFormatError(file, where, `reactions[${i}].users`, 'expected an array of user ids');
    for (const userId of new Set(reactors)) {
      if (typeof userId !== 'string' || !userId)
        throw new ImportFormatError(file, where, `reactions[${i}].users`, `not a user id: ${JSON.stringify(userId)}`);
      const known = users.get(userId);
      const author = authorOf(userId, known?.displayName ?? userId, known?.isBot === true);
      // Exports carry no reaction times, so the reacted-to message's time is the best we have.
      yield {
        platform: 'slack',
        sourceId: `${messageId}:reaction:${name}:${userId}`,
        group,
        author,
        kind: 'reaction',
        occurredAt: at,
        replyToSourceId: null,
        threadSourceId: null,
        text: name,
      };
    }
  }
}

/** Slack timestamps are `"<seconds>.<microseconds>"` strings; parsed without floats so ms are exact. */
function parseTs(raw: unknown, field: string, file: string, where: string): { raw: string; ms: number } {
  const match = typeof raw === 'string' ? SLACK_TS.exec(raw) : null;
  if (!match)
    throw new ImportFormatError(
      file,
      where,
      field,
      raw === undefined ? 'missing' : `not a Slack timestamp: ${JSON.stringify(raw)}`,
    );
  const micros = Number((match[2] ?? '').padEnd(6, '0'));
  return { raw: raw as string, ms: Number(match[1]) * 1000 + Math.round(micros / 1000) };
}

async function readJson(tree: ExportTree, file: string): Promise<unknown> {
  const text = await tree.read(file);
  if (text === null)
    throw new ImportFormatError(file, 'export root', '', 'missing (is this a Slack workspace export?)');
  const json = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(json);
  } catch (error) {
    const problem = (error as Error).message;
    const at = /position (\d+)/.exec(problem);
    // V8 reports a cut-off file either as "end of input" or as a failure just past its last character.
    const truncated = /end of (JSON )?input/i.test(problem) || (at !== null && Number(at[1]) >= json.length);
    const location = truncated ? 'end of file' : at ? `character ${at[1]}` : 'top level';
    throw new ImportFormatError(file, location, '', `${truncated ? 'truncated JSON' : 'invalid JSON'} (${problem})`);
  }
}

function expectArray(value: unknown, file: string): Record<string, unknown>[] {
  if (!Array.isArray(value)) throw new ImportFormatError(file, 'top level', '', 'expected an array');
  return value as Record<string, unknown>[];
}

function requireString(record: unknown, key: string, file: string, where: string, field = key): string {
  const value = isObject(record) ? record[key] : undefined;
  if (typeof value === 'string' && value) return value;
  throw new ImportFormatError(
    file,
    where,
    field,
    value === undefined ? 'missing' : `unexpected value ${JSON.stringify(value)}`,
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstName(...candidates: unknown[]): string | undefined {
  return candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
}

async function openExport(path: string, onEncoding: ImportSource['onEncoding']): Promise<ExportTree> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new ImportFormatError(basename(path), '', '', 'no such file or folder');
  // Every file as UTF-8 whatever it was written in, or refused: never mojibake.
  const text = (bytes: Buffer, file: string) => {
    const decoded = decodeText(bytes, file);
    if (decoded.encoding !== 'utf-8') onEncoding?.(decoded.encoding);
    return decoded.text;
  };
  return info.isDirectory() ? folderTree(path, text) : zipTree(path, text);
}

type TextOf = (bytes: Buffer, file: string) => string;

function folderTree(root: string, text: TextOf): ExportTree {
  const missing = (error: unknown) => ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');
  return {
    list: (dir) =>
      readdir(join(root, dir), { withFileTypes: true }).then(
        (entries) => entries.filter((entry) => entry.isFile()).map((entry) => entry.name),
        (error: unknown) => (missing(error) ? [] : Promise.reject(error)),
      ),
    read: (file) =>
      readFile(join(root, file)).then(
        (bytes) => text(bytes, file),
        (error: unknown) => (missing(error) ? null : Promise.reject(error)),
      ),
    close: () => {},
  };
}

/**
 * Reads the zip's central directory (names only), then inflates entries on demand. Zips made by
 * "Compress folder" nest everything under a top folder, so the root is wherever users.json is.
 */
async function zipTree(path: string, text: TextOf): Promise<ExportTree> {
  const file = basename(path);
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, opened) =>
      error ? reject(error) : resolve(opened),
    ),
  ).catch((error: Error) => {
    throw new ImportFormatError(file, '', '', `not a readable zip file (${error.message})`);
  });
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith('/')) entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.on('end', resolve);
    zip.on('error', (error: Error) =>
      reject(new ImportFormatError(file, '', '', `broken zip file (${error.message})`)),
    );
    zip.readEntry();
  }).catch((error: unknown) => {
    zip.close();
    throw error;
  });
  const usersAt = [...entries.keys()]
    .filter((name) => posix.basename(name) === 'users.json' && !name.startsWith('__MACOSX/'))
    .sort((a, b) => a.split('/').length - b.split('/').length)[0];
  const root = usersAt ? posix.dirname(usersAt).replace(/^\.$/, '') : '';
  const files = new Map<string, yauzl.Entry>();
  const folders = new Map<string, string[]>();
  for (const [name, entry] of entries) {
    if (root && !name.startsWith(`${root}/`)) continue;
    const relative = root ? name.slice(root.length + 1) : name;
    files.set(relative, entry);
    const dir = posix.dirname(relative);
    if (!folders.has(dir)) folders.set(dir, []);
    folders.get(dir)!.push(posix.basename(relative));
  }
  return {
    list: (dir) => folders.get(dir) ?? [],
    read: async (name) => {
      const entry = files.get(name);
      if (!entry) return null;
      const chunks: Buffer[] = [];
      try {
        const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
          zip.openReadStream(entry, (error, opened) => (error ? reject(error) : resolve(opened))),
        );
        for await (const chunk of stream) chunks.push(chunk as Buffer);
      } catch (error) {
        throw new ImportFormatError(name, '', '', `unreadable zip entry (${(error as Error).message})`);
      }
      return text(Buffer.concat(chunks), name);
    },
    close: () => zip.close(),
  };
}
