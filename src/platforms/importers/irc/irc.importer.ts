import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { ImportFormatError } from '../../../kernel/errors.js';
import { assertTimeZone, wallClockToUtc, zoneOffsetMs } from '../../../kernel/time/local-day.js';
import type { ImportedAuthor, ImportedEvent, ImportedGroup } from '../../../kernel/event-log/event.types.js';
import type { Importer, ImportSource } from '../importer.types.js';
import { readUtf8, type TextDecodingOptions } from '../text-decoding.js';

interface LogFile {
  path: string;
  file: string;
  /** `YYYY-MM-DD` from the file name. */
  date: string;
  year: number;
  month: number;
  day: number;
  group: ImportedGroup;
  size: number;
}

interface FileDate {
  iso: string;
  year: number;
  month: number;
  day: number;
  index: number;
  length: number;
}

const DATED_NAME = [/(\d{4})-(\d{2})-(\d{2})/, /(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)/];
const STAMP = /^\[(\d{1,2}):(\d{2})(?::(\d{2}))?\]\s*(.*)$/;
/** Channel-mode prefixes (op, voice, halfop, owner, admin) are not part of the nick. */
const MODES = '[@+%~&]*';
const SAY = new RegExp(`^<${MODES}([^>\\s]+)> ?(.*)$`);
const ACTION = new RegExp(`^\\* ${MODES}([^\\s*]\\S*)(?: (.*))?$`);
const MEMBERSHIP = /^\*\*\* (Joins|Parts|Quits): (\S+)/;
const KICK = /^\*\*\* (\S+) was kicked by /;
/** Mode, nick and topic changes (`*** …`) and notices (`-nick- …`) carry no member activity. */
const SKIPPED = /^(\*\*\* |-\S+- )/;

const HOUR_MS = 3_600_000;
/** A clock going back further than a daylight-saving shift means the log ran past midnight. */
const ROLLOVER_MS = 3 * HOUR_MS;

/**
 * IRC day logs (ZNC / irssi-bracketed style): one file or a folder of files with the date in
 * their names. Times are local wall-clock times in `source.timezone` on that date. Source ids are
 * `<group>:<date>:<line>`, stable because day logs are only ever appended to.
 *
 * @example
 * for await (const event of importIrc({ path: 'logs/', timezone: 'Europe/London' })) …
 */
export const importIrc: Importer = async function* (source) {
  assertTimeZone(source.timezone);
  const files = await logFiles(source);
  const total = files.reduce((sum, f) => sum + f.size, 0);
  let done = 0;
  for (const log of files) {
    yield* fileEvents(log, source.timezone, {
      onEncoding: source.onEncoding,
      onProgress: (bytes) => source.onProgress?.(done + bytes, total),
    });
    done += log.size;
  }
  source.onProgress?.(total, total);
};

async function logFiles(source: ImportSource): Promise<LogFile[]> {
  const info = await stat(source.path);
  if (!info.isDirectory()) {
    const fallback = fileStem(basename(source.path)) || basename(dirname(source.path));
    return [await logFile(source.path, source.groupName, fallback)];
  }
  const entries = await readdir(source.path, { withFileTypes: true });
  const dated = entries.filter((e) => e.isFile() && !e.name.startsWith('.') && fileDate(e.name));
  if (dated.length === 0) {
    throw new ImportFormatError(
      basename(source.path),
      'file name',
      '',
      'no log file with a date (YYYY-MM-DD or YYYYMMDD) in its name',
    );
  }
  const fallback = basename(source.path);
  const files = await Promise.all(dated.map((e) => logFile(join(source.path, e.name), source.groupName, fallback)));
  files.sort((a, b) => compare(a.date, b.date) || compare(a.file, b.file));
  assertUniqueDays(files);
  return files;
}

/** Group: `--group`, else the channel the logger put in the name (`#qtox.2016-06-01.log`), else `fallback`. */
async function logFile(path: string, groupName: string | undefined, fallback: string): Promise<LogFile> {
  const file = basename(path);
  const date = fileDate(file);
  if (!date) throw new ImportFormatError(file, 'file name', '', 'no date (YYYY-MM-DD or YYYYMMDD) in the file name');
  const channel = /^[#&]/.test(file) ? file.slice(0, date.index).replace(/[._\-\s]+$/, '') : '';
  const name = groupName ?? (channel || fallback);
  const { size } = await stat(path);
  return {
    path,
    file,
    date: date.iso,
    year: date.year,
    month: date.month,
    day: date.day,
    group: { externalId: name, name },
    size,
  };
}

// Code-unit order, not locale order, so every machine reads a folder in the same order.
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `qtox_2016-06-01.log` → `qtox`; `2016-06-01.log` → `` (the caller falls back to the folder). */
function fileStem(file: string): string {
  const name = basename(file, extname(file));
  const date = fileDate(name);
  const withoutDate = date ? name.slice(0, date.index) + name.slice(date.index + date.length) : name;
  return withoutDate.replace(/^[._\-\s]+|[._\-\s]+$/g, '');
}

function fileDate(file: string): FileDate | null {
  for (const pattern of DATED_NAME) {
    const match = pattern.exec(file);
    if (!match) continue;
    const [year, month, day] = match.slice(1, 4).map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) continue;
    const iso = `${match[1]}-${match[2]}-${match[3]}`;
    return { iso, year, month, day, index: match.index, length: match[0].length };
  }
  return null;
}

/** Two files for one group and day would give their lines the same source ids. */
function assertUniqueDays(files: LogFile[]): void {
  const seen = new Map<string, string>();
  for (const log of files) {
    const key = `${log.group.externalId}\n${log.date}`;
    const other = seen.get(key);
    if (other) throw new ImportFormatError(log.file, 'file name', '', `same channel and date as ${other}`);
    seen.set(key, log.file);
  }
}

async function* fileEvents(
  log: LogFile,
  timeZone: string,
  decoding: TextDecodingOptions,
): AsyncGenerator<ImportedEvent> {
  const input = Readable.from(readUtf8(log.path, decoding), { objectMode: false });
  const lines = createInterface({ input, crlfDelay: Infinity });
  const clock = localClock(log, timeZone);
  let lineNo = 0;
  try {
    for await (const rawLine of lines) {
      lineNo++;
      const line = lineNo === 1 ? rawLine.replace(/^\uFEFF/, '') : rawLine;
      if (line.trim() === '') continue;
      const event = lineEvent(line, log, `line ${lineNo}`, clock);
      if (event) yield { ...event, sourceId: `${log.group.externalId}:${log.date}:${lineNo}` };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

type LineEvent = Omit<ImportedEvent, 'sourceId'>;

function lineEvent(
  line: string,
  log: LogFile,
  where: string,
  clock: (h: number, m: number, s: number) => number,
): LineEvent | null {
  const stamp = STAMP.exec(line);
  if (!stamp) throw unrecognised(log, where, line);
  const [hour, minute, second] = [stamp[1], stamp[2], stamp[3] ?? '0'].map(Number);
  if (hour > 23 || minute > 59 || second > 59) {
    throw new ImportFormatError(log.file, where, 'time', `invalid time "${line.slice(0, line.indexOf(']') + 1)}"`);
  }
  const body = stamp[4];
  const event = (kind: LineEvent['kind'], nick: string, text: string | null): LineEvent => ({
    platform: 'irc',
    group: log.group,
    author: author(nick),
    kind,
    occurredAt: clock(hour, minute, second),
    replyToSourceId: null,
    threadSourceId: null,
    text,
  });
  let match: RegExpExecArray | null;
  if ((match = SAY.exec(body))) return event('message', match[1], match[2]);
  if ((match = MEMBERSHIP.exec(body))) return event(match[1] === 'Joins' ? 'join' : 'leave', match[2], null);
  if ((match = KICK.exec(body))) return event('leave', match[1], null);
  if (SKIPPED.test(body)) return null;
  // The author is known, so an action keeps only its text ("waves"), as a message does.
  if ((match = ACTION.exec(body))) return event('message', match[1], match[2] ?? '');
  throw unrecognised(log, where, line);
}

function author(nick: string): ImportedAuthor {
  // IRC nicks are case-insensitive: "Alice" and "alice" are one member.
  return { externalId: nick.toLowerCase(), displayName: nick };
}

function unrecognised(log: LogFile, where: string, line: string): ImportFormatError {
  const shown = line.length > 80 ? `${line.slice(0, 79)}…` : line;
  return new ImportFormatError(log.file, where, 'line', `unrecognised line: ${shown}`);
}

/**
 * Maps a line's wall-clock time to UTC. Day logs only carry the time, so order is the only clue:
 * a clock that jumps back by hours means the log ran past midnight (next day); one that jumps
 * back within a daylight-saving overlap means the repeated hour, so the later instant is taken.
 */
function localClock(log: LogFile, timeZone: string): (h: number, m: number, s: number) => number {
  let dayOffset = 0;
  let previousWall = -Infinity;
  let previousMs = -Infinity;
  return (hour, minute, second) => {
    let wall = Date.UTC(log.year, log.month - 1, log.day + dayOffset, hour, minute, second);
    if (wall < previousWall - ROLLOVER_MS) {
      dayOffset++;
      wall += 86_400_000;
    }
    const date = new Date(wall);
    let ms = wallClockToUtc(
      timeZone,
      date.getUTCFullYear(),
      date.getUTCMonth() + 1,
      date.getUTCDate(),
      hour,
      minute,
      second,
    );
    if (ms < previousMs) ms = laterTwin(timeZone, ms);
    previousWall = wall;
    previousMs = ms;
    return ms;
  };
}

/** The second instant with the same wall-clock time, if `ms` lies in a fall-back overlap. */
function laterTwin(timeZone: string, ms: number): number {
  const twin = ms + zoneOffsetMs(timeZone, ms) - zoneOffsetMs(timeZone, ms + ROLLOVER_MS);
  const sameWall = twin + zoneOffsetMs(timeZone, twin) === ms + zoneOffsetMs(timeZone, ms);
  return twin > ms && sameWall ? twin : ms;
}
