import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { basename, extname } from 'node:path';
import { CsvError, parse } from 'csv-parse';
import { ImportFormatError } from '../../../kernel/errors.js';
import { assertTimeZone, wallClockToUtc } from '../../../kernel/time/local-day.js';
import type { ImportedAuthor, ImportedEvent, ImportedGroup } from '../../../kernel/event-log/event.types.js';
import type { Importer, ImportSource } from '../importer.types.js';
import { readUtf8 } from '../text-decoding.js';

type Field = 'id' | 'time' | 'senderId' | 'senderName' | 'group' | 'type' | 'content' | 'isSender';

/**
 * Header aliases, matched case-insensitively; the first alias present wins. `MsgSvrID` beats
 * `localId` because the server id is the same on every device (localId is a row id of one local
 * database), and `CreateTime` beats `StrTime` because a Unix time is exact while `StrTime` was
 * rendered in the exporting machine's zone.
 */
export const WECHAT_CSV_ALIASES: Readonly<Record<Field, readonly string[]>> = {
  id: ['MsgSvrID', 'localId', 'msgId', 'id', '消息ID'],
  time: ['CreateTime', 'StrTime', 'time', '时间', '发送时间'],
  senderId: ['Sender', 'sender_id', 'wxid', 'talker_wxid', '发送人ID'],
  senderName: ['NickName', 'Remark', 'sender', 'sender_name', '发送人', '昵称'],
  group: ['talker', 'StrTalker', 'group', '群名', '群聊'],
  type: ['Type', '类型', 'type_name'],
  content: ['StrContent', 'content', 'msg', '内容', '消息内容'],
  isSender: ['IsSender', 'is_sender'],
};

interface Column {
  index: number;
  name: string;
}
type Columns = Partial<Record<Field, Column>> & { time: Column; content: Column };

const SYSTEM = 'system';
/** Placeholder text per type; `null` keeps the content (text messages). */
const TYPES: ReadonlyMap<string, string | null> = new Map(
  Object.entries({
    '1': null,
    文本: null,
    文字: null,
    text: null,
    '3': '[image]',
    图片: '[image]',
    image: '[image]',
    '34': '[voice]',
    语音: '[voice]',
    voice: '[voice]',
    '42': '[contact card]',
    名片: '[contact card]',
    '43': '[video]',
    视频: '[video]',
    video: '[video]',
    '47': '[sticker]',
    表情: '[sticker]',
    动画表情: '[sticker]',
    sticker: '[sticker]',
    emoji: '[sticker]',
    '48': '[location]',
    位置: '[location]',
    location: '[location]',
    '49': '[link]',
    链接: '[link]',
    分享: '[link]',
    卡片式链接: '[link]',
    link: '[link]',
    文件: '[file]',
    file: '[file]',
    '50': '[call]',
    音视频通话: '[call]',
    通话: '[call]',
    call: '[call]',
    '10000': SYSTEM,
    '10002': SYSTEM,
    系统消息: SYSTEM,
    系统通知: SYSTEM,
    撤回消息: SYSTEM,
    system: SYSTEM,
  }),
);

/** System notices that change membership; the capture holds the affected name(s). */
const MEMBERSHIP: ReadonlyArray<{ kind: 'join' | 'leave'; pattern: RegExp }> = [
  { kind: 'join', pattern: /^.*?邀请(.+?)加入了?群聊/ },
  { kind: 'join', pattern: /^(.+?)通过(?:扫描)?.*?分享的二维码加入了?群聊/ },
  { kind: 'join', pattern: /^(.+?)加入了群聊/ },
  { kind: 'leave', pattern: /^.*?将(.+?)移出了?群聊/ },
  { kind: 'leave', pattern: /^(你)被.+?移出了?群聊/ },
  { kind: 'join', pattern: /^.+? invited (.+?) to (?:join )?the group chat/i },
  { kind: 'join', pattern: /^(.+?) joined the group chat/i },
  { kind: 'leave', pattern: /^.+? removed (.+?) from the group chat/i },
  { kind: 'leave', pattern: /^(you) (?:were|have been) removed from the group chat/i },
];

const LOCAL_TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
/** The exporting account, which system notices call "you" and whose own rows may lack a sender. */
const SELF: ImportedAuthor = { externalId: 'self', displayName: 'self' };

interface Context {
  file: string;
  fileStem: string;
  source: ImportSource;
  columns: Columns;
  groups: Map<string, ImportedGroup>;
  /** Occurrences of each (group, sender, time, text) tuple, for files without an id column. */
  tupleCounts: Map<string, number>;
}

interface ParsedRecord {
  record: string[];
  raw: string;
  info: { empty_lines: number };
  /** The line the record starts on, counted as the parser reads (see `lineTracker`). */
  line: number;
}

/**
 * WeChat group chat CSV, as written by WeChatMsg / MemoTrace (留痕) and similar exporters.
 * Columns are found by header name (see `WECHAT_CSV_ALIASES` and docs/importers/wechat-csv.md);
 * local times are read in `source.timezone`. The file is streamed, never loaded whole.
 *
 * @example
 * for await (const event of importWechatCsv({ path: 'chat.csv', timezone: 'Asia/Shanghai' })) …
 */
export const importWechatCsv: Importer = async function* (source) {
  assertTimeZone(source.timezone);
  const file = basename(source.path);
  let totalBytes = 0;
  // UTF-8 whatever the exporter wrote (GB18030 from Windows tools), or refused: never mojibake.
  const input = Readable.from(
    readUtf8(source.path, {
      onEncoding: source.onEncoding,
      onProgress: (read, total) => {
        totalBytes = total;
        source.onProgress?.(read, total);
      },
    }),
    { objectMode: false },
  );
  const lines = lineTracker();
  const parser = parse({
    // Lines are counted as records are parsed, not as they are consumed: an error at the end of
    // the input can overtake records still buffered for the consumer.
    on_record: (parsed: ParsedRecord) => {
      parsed.line = lines.startOf(parsed.raw, parsed.info.empty_lines);
      return parsed;
    },
    bom: true,
    info: true,
    raw: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
  });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let context: Context | null = null;
  let width = 0;
  try {
    for await (const { record, line } of parser as AsyncIterable<ParsedRecord>) {
      if (!context) {
        context = {
          file,
          fileStem: basename(file, extname(file)),
          source,
          columns: resolveColumns(record, file),
          groups: new Map(),
          tupleCounts: new Map(),
        };
        width = record.length;
        continue;
      }
      const where = `line ${line}`;
      if (record.length !== width)
        throw new ImportFormatError(file, where, '', `expected ${width} columns, got ${record.length}`);
      yield* rowEvents(record, context, where);
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const empty = (error as CsvError & { empty_lines?: number }).empty_lines ?? 0;
      throw new ImportFormatError(file, `line ${lines.next(empty)}`, '', `malformed CSV: ${error.message}`);
    }
    throw error;
  } finally {
    input.destroy();
  }
  if (!context) throw new ImportFormatError(file, 'header', '', 'empty file (expected a header row)');
  source.onProgress?.(totalBytes, totalBytes);
};

/**
 * csv-parse's own `info.lines` counts a CRLF inside a quoted field twice, and Windows exporters
 * write CRLF, so start lines are counted from each record's raw text instead.
 */
function lineTracker() {
  let consumed = 0;
  let emptySeen = 0;
  // `emptyLines` is csv-parse's running count of skipped blank lines.
  const next = (emptyLines: number) => consumed + (emptyLines - emptySeen) + 1;
  const startOf = (raw: string, emptyLines: number): number => {
    const start = next(emptyLines);
    consumed += raw.match(/\r\n|\r|\n/g)?.length ?? 0;
    emptySeen = emptyLines;
    return start;
  };
  return { startOf, next };
}

function resolveColumns(header: string[], file: string): Columns {
  const names = header.map((name) => name.trim().toLowerCase());
  const found: Partial<Record<Field, Column>> = {};
  for (const [field, aliases] of Object.entries(WECHAT_CSV_ALIASES) as [Field, readonly string[]][]) {
    for (const alias of aliases) {
      const index = names.indexOf(alias.toLowerCase());
      if (index >= 0) {
        found[field] = { index, name: header[index].trim() };
        break;
      }
    }
  }
  const missing = (field: string, aliases: readonly string[]) =>
    new ImportFormatError(file, 'header', field, `missing column (one of ${aliases.join(', ')})`);
  if (!found.time) throw missing('time', WECHAT_CSV_ALIASES.time);
  if (!found.content) throw missing('content', WECHAT_CSV_ALIASES.content);
  if (!found.senderId && !found.senderName) {
    throw missing('sender', [...WECHAT_CSV_ALIASES.senderId, ...WECHAT_CSV_ALIASES.senderName]);
  }
  return { ...found, time: found.time, content: found.content };
}

function cell(record: string[], column: Column | undefined): string {
  return column ? record[column.index].trim() : '';
}

function* rowEvents(record: string[], ctx: Context, where: string): Generator<ImportedEvent> {
  const { columns, file } = ctx;
  const rawTime = cell(record, columns.time);
  if (!rawTime) throw new ImportFormatError(file, where, columns.time.name, 'empty time');
  const occurredAt = parseTime(rawTime, ctx.source.timezone);
  if (occurredAt === null) {
    throw new ImportFormatError(
      file,
      where,
      columns.time.name,
      `unparseable time "${rawTime}" (expected YYYY-MM-DD HH:MM[:SS] or Unix seconds/milliseconds)`,
    );
  }
  const group = groupOf(cell(record, columns.group), ctx);
  // Windows tools write CRLF inside quoted fields too; stored text uses plain newlines.
  const content = record[columns.content.index].replace(/\r\n?/g, '\n');
  const rawType = cell(record, columns.type);
  const placeholder = rawType ? TYPES.get(rawType.toLowerCase()) : null;
  const base = { platform: 'wechat' as const, group, occurredAt, replyToSourceId: null, threadSourceId: null };

  if (placeholder === SYSTEM) {
    const change = membershipChange(content.trim());
    if (!change) return;
    const sourceId = `${group.externalId}:${rowId(record, ctx, group, '', rawTime, content)}`;
    for (const [i, author] of change.authors.entries()) {
      yield { ...base, sourceId: `${sourceId}:${i}`, author, kind: change.kind, text: null };
    }
    return;
  }
  const author = senderOf(record, ctx, where);
  const text = placeholder === undefined ? `[type ${rawType}]` : (placeholder ?? content);
  const sourceId = `${group.externalId}:${rowId(record, ctx, group, author.externalId, rawTime, content)}`;
  yield { ...base, sourceId, author, kind: 'message', text };
}

function parseTime(raw: string, timeZone: string): number | null {
  if (/^\d{10}$/.test(raw)) return Number(raw) * 1000;
  if (/^\d{13}$/.test(raw)) return Number(raw);
  const match = LOCAL_TIME.exec(raw);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  const date = new Date(Date.UTC(year, month - 1, day));
  const validDate = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!validDate || hour > 23 || minute > 59 || second > 59) return null;
  return wallClockToUtc(timeZone, year, month, day, hour, minute, second);
}

function groupOf(value: string, ctx: Context): ImportedGroup {
  const externalId = value || ctx.source.groupName || ctx.fileStem;
  let group = ctx.groups.get(externalId);
  if (!group) {
    group = { externalId, name: ctx.source.groupName ?? externalId };
    ctx.groups.set(externalId, group);
  }
  return group;
}

/**
 * A name-only identity gets the `name:` prefix that join notices use too, so a member who joined
 * and then spoke is one member even when the file has no sender-id column.
 */
function senderOf(record: string[], ctx: Context, where: string): ImportedAuthor {
  const id = cell(record, ctx.columns.senderId);
  const name = cell(record, ctx.columns.senderName);
  if (id) return { externalId: id, displayName: name || id };
  if (name) return { externalId: `name:${name}`, displayName: name };
  if (cell(record, ctx.columns.isSender) === '1') return SELF;
  const column = ctx.columns.senderId ?? ctx.columns.senderName;
  throw new ImportFormatError(ctx.file, where, column?.name ?? 'sender', 'empty sender');
}

/** The id column's value, or a hash that stays the same when the same file is imported again. */
function rowId(
  record: string[],
  ctx: Context,
  group: ImportedGroup,
  sender: string,
  time: string,
  text: string,
): string {
  const id = cell(record, ctx.columns.id);
  if (id) return id;
  const tuple = JSON.stringify([group.externalId, sender, time, text]);
  const key = digest(tuple);
  const occurrence = ctx.tupleCounts.get(key) ?? 0;
  ctx.tupleCounts.set(key, occurrence + 1);
  return `h${digest(`${tuple}#${occurrence}`)}`;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Exported for tests. */
export function membershipChange(content: string): { kind: 'join' | 'leave'; authors: ImportedAuthor[] } | null {
  for (const { kind, pattern } of MEMBERSHIP) {
    const match = pattern.exec(content);
    if (!match) continue;
    const authors = splitNames(match[1]).map(
      (name): ImportedAuthor => (/^(你|you)$/i.test(name) ? SELF : { externalId: `name:${name}`, displayName: name }),
    );
    return authors.length > 0 ? { kind, authors } : null;
  }
  return null;
}

/** Notices quote each name (`"李四、王五"`, `"A"、"B"`); older ones list bare names. */
function splitNames(part: string): string[] {
  const quoted = [...part.matchAll(/["“「]([^"”」]+)["”」]/g)].map((m) => m[1]);
  const names = quoted.length > 0 ? quoted.flatMap((q) => q.split('、')) : part.split(/[、，,]|\s+and\s+/);
  return names.map((name) => name.trim()).filter(Boolean);
}
