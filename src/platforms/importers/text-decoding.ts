import { isAscii, isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ImportFormatError } from '../../kernel/errors.js';

/**
 * The text encodings an export may come in. UTF-8 is what every exporter writes today; GB18030
 * (GBK's superset) is what Windows tools of Chinese locales write, WeChat CSV exports above all.
 */
export type TextEncoding = 'utf-8' | 'gb18030';

export interface TextDecodingOptions {
  /** Told once, when the encoding is known: at the first byte that is not ASCII. */
  onEncoding?: (encoding: TextEncoding) => void;
  /** Bytes of the file read so far and its size, for progress bars. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** For tests: read in chunks this small to exercise chunk boundaries. */
  chunkSize?: number;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Where a file stops being text in the encoding it was read in (a byte offset into the file). */
class InvalidText extends Error {
  constructor(
    readonly offset: number,
    readonly encoding: TextEncoding,
  ) {
    super(`invalid ${encoding} at byte ${offset}`);
  }
}

/**
 * The one way an importer turns a file's bytes into text: the bytes come out as UTF-8, whatever
 * the file was written in, or the import is refused; never with U+FFFD put silently in place of
 * bytes that were no text, which a lenient decoding does (mojibake stored as if members wrote it).
 *
 * A UTF-8 byte-order mark is dropped. The encoding is decided at the first byte that is not
 * ASCII (ASCII reads alike in both): UTF-8 when the bytes from there on (a chunk of the file) are
 * valid UTF-8, else GB18030 when they decode as it without error, else the file is refused. From
 * then on every byte must be valid in the encoding chosen: a file that changes encoding halfway is
 * refused, never half mojibake. UTF-8 costs a validation per chunk (the bytes pass unchanged, so
 * parsers that read bytes keep their fast paths); GB18030 is decoded and re-encoded as UTF-8.
 */
class Utf8Normalizer {
  encoding: TextEncoding | null = null;
  /** Bytes of input before `carry`. */
  private consumed = 0;
  private carry: Buffer = Buffer.alloc(0);
  private started = false;
  private gb18030: TextDecoder | null = null;

  constructor(private readonly onEncoding?: (encoding: TextEncoding) => void) {}

  /** The UTF-8 for `chunk` and what came before it, up to the last whole character, in pieces. */
  push(chunk: Buffer, final = false): Buffer[] {
    if (this.encoding === 'utf-8' && this.carry.length > 0 && chunk.length > 0) {
      // A character cut at the last chunk's end is finished from this one's first bytes, apart:
      // joining the two chunks would copy a megabyte for a few bytes.
      const need = Math.min(sequenceLength(this.carry[0]) - this.carry.length, chunk.length);
      const head = Buffer.concat([this.carry, chunk.subarray(0, need)]);
      this.carry = EMPTY;
      const rest = chunk.subarray(need);
      return [...this.push(head, final && rest.length === 0), ...(rest.length > 0 ? this.push(rest, final) : [])];
    }
    let data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    if (!this.started) {
      // A chunk shorter than a byte-order mark could be the start of one.
      if (!final && data.length < BOM.length && BOM.subarray(0, data.length).equals(data)) {
        this.carry = data;
        return [];
      }
      this.started = true;
      if (data.subarray(0, BOM.length).equals(BOM)) {
        data = data.subarray(BOM.length);
        this.consumed += BOM.length;
      }
    }
    if (this.encoding === null) {
      if (isAscii(data)) return this.pass(data, data.length);
      // Decide on enough text: two GB18030 bytes alone may pass for UTF-8 by chance.
      const first = firstNonAscii(data);
      if (!final && data.length - first < DECIDE_ON_BYTES) return this.pass(data, first);
      this.decide(data, final);
    }
    if (this.encoding === 'utf-8') {
      const end = final ? data.length : wholeUtf8End(data);
      if (!isUtf8(data.subarray(0, end))) {
        throw new InvalidText(this.consumed + firstInvalidUtf8(data, end), 'utf-8');
      }
      return this.pass(data, end);
    }
    return this.decodeGb18030(data, final);
  }

  /** The rest, at the end of the input: an unfinished character there is refused too. */
  end(): Buffer[] {
    return this.push(EMPTY, true);
  }

  private pass(data: Buffer, end: number): Buffer[] {
    this.consumed += end;
    this.carry = end < data.length ? Buffer.from(data.subarray(end)) : EMPTY;
    return [end === data.length ? data : data.subarray(0, end)];
  }

  private decide(data: Buffer, final: boolean): void {
    const end = final ? data.length : wholeUtf8End(data);
    if (isUtf8(data.subarray(0, end))) {
      this.encoding = 'utf-8';
    } else {
      try {
        new TextDecoder('gb18030', { fatal: true }).decode(data, { stream: !final });
        this.encoding = 'gb18030';
      } catch {
        throw new InvalidText(this.consumed + firstInvalidUtf8(data, data.length), 'utf-8');
      }
    }
    this.onEncoding?.(this.encoding);
  }

  private decodeGb18030(data: Buffer, final: boolean): Buffer[] {
    this.gb18030 ??= new TextDecoder('gb18030', { fatal: true });
    let text: string;
    try {
      text = this.gb18030.decode(data, { stream: !final });
    } catch {
      throw new InvalidText(this.consumed + Math.max(0, firstInvalidGb18030(data)), 'gb18030');
    }
    this.consumed += data.length;
    this.carry = EMPTY;
    return [Buffer.from(text, 'utf8')];
  }
}

const EMPTY = Buffer.alloc(0);
/** Bytes from the first that is not ASCII on which the encoding is decided. */
const DECIDE_ON_BYTES = 64 << 10;

function firstNonAscii(data: Buffer): number {
  let i = 0;
  while (i < data.length && data[i] < 0x80) i++;
  return i;
}

/** The length of the UTF-8 sequence a lead byte starts. */
function sequenceLength(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

/** The end of the last whole UTF-8 sequence in `data` (an unfinished one at its end waits). */
function wholeUtf8End(data: Buffer): number {
  // A sequence is at most 4 bytes: look back for its lead byte among the last 3.
  for (let i = data.length - 1; i >= Math.max(0, data.length - 3); i--) {
    const byte = data[i];
    if (byte < 0x80) return data.length;
    if (byte >= 0xc0) {
      return i + sequenceLength(byte) > data.length ? i : data.length;
    }
  }
  return data.length;
}

/** Where the first byte sequence that is not UTF-8 starts in data[0, end) (a slow path for errors). */
function firstInvalidUtf8(data: Buffer, end: number): number {
  let i = 0;
  while (i < end) {
    const byte = data[i];
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte < 0xe0 ? 2 : byte >= 0xe0 && byte < 0xf0 ? 3 : 4;
    if (byte >= 0x80 && (byte < 0xc2 || byte > 0xf4)) return i;
    if (i + length > end || !isUtf8(data.subarray(i, i + length))) return i;
    i += length;
  }
  return Math.min(i, end);
}

/** Where the first byte sequence that is not GB18030 starts (WHATWG's decoder's rules), or -1. */
function firstInvalidGb18030(data: Buffer): number {
  let i = 0;
  while (i < data.length) {
    const byte = data[i];
    if (byte <= 0x80) {
      i++;
      continue;
    }
    if (byte === 0xff) return i;
    const second = data[i + 1];
    if (second === undefined) return i;
    if (second >= 0x30 && second <= 0x39) {
      const third = data[i + 2];
      const fourth = data[i + 3];
      if (third === undefined || third < 0x81 || third > 0xfe || fourth === undefined || fourth < 0x30 || fourth > 0x39)
        return i;
      i += 4;
    } else if ((second >= 0x40 && second <= 0x7e) || (second >= 0x80 && second <= 0xfe)) {
      i += 2;
    } else {
      return i;
    }
  }
  return -1;
}

function problemOf(error: InvalidText): string {
  return error.encoding === 'utf-8'
    ? 'not text in UTF-8 or GB18030 (save the export as UTF-8 and import it again)'
    : 'not valid GB18030 text, though the file began as GB18030 (save the export as UTF-8 and import it again)';
}

/** 1-based line of a byte offset, counted in `bytes` from `lineAtStart`. */
function lineAt(bytes: Buffer, offset: number, lineAtStart = 1): number {
  let line = lineAtStart;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
  return line;
}

/** The line of a byte offset in a file, read again (only on the error path). */
async function lineInFile(path: string, offset: number): Promise<number> {
  if (offset === 0) return 1;
  let line = 1;
  for await (const chunk of createReadStream(path, { end: offset - 1 }) as AsyncIterable<Buffer>) {
    line = lineAt(chunk, chunk.length, line);
  }
  return line;
}

/**
 * A whole file's text (e.g. a Slack day file), decoded as `Utf8Normalizer` says.
 *
 * @example
 * decodeText(Buffer.from([0xc4, 0xe3, 0xba, 0xc3]), 'chat.csv') // { text: '你好', encoding: 'gb18030' }
 */
export function decodeText(bytes: Buffer, file: string): { text: string; encoding: TextEncoding } {
  const normalizer = new Utf8Normalizer();
  try {
    const text = Buffer.concat(normalizer.push(bytes, true)).toString('utf8');
    return { text, encoding: normalizer.encoding ?? 'utf-8' };
  } catch (error) {
    if (!(error instanceof InvalidText)) throw error;
    throw new ImportFormatError(
      file,
      `line ${lineAt(bytes, error.offset)}, byte ${error.offset}`,
      '',
      problemOf(error),
    );
  }
}

/**
 * Streams a file as UTF-8 bytes (see `Utf8Normalizer`), never holding it whole: the chunks a
 * parser reads instead of the file's own. A file that is no text in either encoding is refused
 * with an `ImportFormatError` naming the line and byte offset of the first bad sequence.
 *
 * @example
 * const input = Readable.from(readUtf8('chat.csv', { onEncoding: (e) => console.log(e) }));
 */
export async function* readUtf8(path: string, options: TextDecodingOptions = {}): AsyncGenerator<Buffer> {
  const normalizer = new Utf8Normalizer(options.onEncoding);
  const totalBytes = options.onProgress ? (await stat(path)).size : 0;
  let bytesRead = 0;
  try {
    for await (const chunk of createReadStream(path, {
      highWaterMark: options.chunkSize ?? 1 << 20,
    }) as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      const pieces = normalizer.push(chunk);
      options.onProgress?.(bytesRead, totalBytes);
      for (const piece of pieces) if (piece.length > 0) yield piece;
    }
    for (const piece of normalizer.end()) if (piece.length > 0) yield piece;
  } catch (error) {
    if (!(error instanceof InvalidText)) throw error;
    const line = await lineInFile(path, error.offset);
    throw new ImportFormatError(basename(path), `line ${line}, byte ${error.offset}`, '', problemOf(error));
  }
}
