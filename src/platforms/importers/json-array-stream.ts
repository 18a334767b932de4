import { isUtf8 } from 'node:buffer';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ImportFormatError } from '../../kernel/errors.js';
import {
  betweenElements,
  initialScanState,
  layoutElementEnd,
  nextElementStart,
  scanChunk,
  type ScanEvent,
} from './json-scan.js';
import { readUtf8, type TextEncoding } from './text-decoding.js';

export interface JsonArrayItem {
  /** 0-based position in the array, for error messages ("message #12"). */
  index: number;
  value: unknown;
  /** Top-level members of the document that came before the array (e.g. Telegram's `id`, `name`). */
  header: Readonly<Record<string, unknown>>;
  /** The strings in `value` (keys too) are binary (binary-strings.ts); only with `binaryStrings`. */
  binary: boolean;
}

export interface JsonArrayStreamOptions {
  /** Name used for items in error messages: "message #12". */
  itemName?: string;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** For tests: read in chunks this small to exercise chunk boundaries. */
  chunkSize?: number;
  /**
   * Let elements come with binary strings (binary-strings.ts), marked `binary`: where a run of
   * elements is valid UTF-8 without `\u` escapes it is decoded as Latin-1, which makes decoding
   * a copy and parsing about twice as fast, for callers that decode the few strings they keep.
   * Valid UTF-8 and no escapes make every string decode alone to what the whole text would.
   */
  binaryStrings?: boolean;
  /** Told the file's encoding (text-decoding.ts) once it is known. */
  onEncoding?: (encoding: TextEncoding) => void;
}

/**
 * Streams the elements of one array member of a top-level JSON object (`{"messages": [...]}`)
 * without holding the document in memory: a byte scanner (json-scan.ts) finds each element and
 * the native `JSON.parse` reads it. Top-level members before the array are parsed into `header`.
 *
 * @example
 * for await (const { index, value, header } of streamJsonArray('result.json', 'messages')) { … }
 */
export async function* streamJsonArray(
  path: string,
  arrayKey: string,
  options: JsonArrayStreamOptions = {},
): AsyncGenerator<JsonArrayItem> {
  for await (const items of streamJsonArrayChunks(path, arrayKey, options)) yield* items;
}

/**
 * `streamJsonArray` a chunk of the file at a time: the elements that end in each chunk read, as
 * one array, saving an asynchronous step per element for callers that can take them together.
 * A chunk's elements are decoded and parsed in one call where they are well-formed, so a million
 * small messages cost thousands of `JSON.parse` calls rather than a million.
 */
export async function* streamJsonArrayChunks(
  path: string,
  arrayKey: string,
  options: JsonArrayStreamOptions = {},
): AsyncGenerator<JsonArrayItem[]> {
  const file = basename(path);
  const itemName = options.itemName ?? 'item';
  const binaryStrings = options.binaryStrings === true;
  const totalBytes = (await stat(path)).size;
  const header: Record<string, unknown> = {};
  let headerBeforeArray: Readonly<Record<string, unknown>> = header;
  const state = initialScanState();
  let buf: Buffer = Buffer.alloc(0);
  let pos = 0;
  let consumed = 0; // bytes of the file before buf[0]
  let index = 0;
  // How an element ends in this file's layout (e.g. "\n  }"), learned from the first one: lets a
  // chunk's elements be cut out without scanning (see `parseToLastEnd`). Null until learned, and
  // for good once a guess failed.
  let elementEnd: Buffer | null = null;
  let learnElementEnd = true;

  const parse = (start: number, end: number, location: string): unknown => {
    try {
      return JSON.parse(buf.toString('utf8', start, end));
    } catch (error) {
      throw new ImportFormatError(file, location, '', `invalid JSON (${(error as Error).message})`);
    }
  };
  /** The values of the elements in buf[start, end), or null where that is not one well-formed run. */
  const parseElements = (start: number, end: number): { values: unknown[]; binary: boolean } | null => {
    const bytes = buf.subarray(start, end);
    const binary = binaryStrings && bytes.indexOf(ESCAPE_U) < 0 && isUtf8(bytes);
    try {
      // Brackets added to the bytes, not to the decoded text: JSON.parse then reads one flat
      // string instead of first copying `'[' + text + ']'` into one.
      return {
        values: JSON.parse(
          Buffer.concat([OPEN_BRACKET, bytes, CLOSE_BRACKET]).toString(binary ? 'latin1' : 'utf8'),
        ) as unknown[],
        binary,
      };
    } catch {
      return null;
    }
  };
  const push = (values: unknown[], binary: boolean, items: JsonArrayItem[]) => {
    for (const value of values) items.push({ index: index++, value, header: headerBeforeArray, binary });
  };
  /** Elements found[from..to), parsed together; one by one when that fails, to name the bad one. */
  const parseRun = (found: ScanEvent[], from: number, to: number, items: JsonArrayItem[]) => {
    const run = parseElements((found[from] as { start: number }).start, (found[to - 1] as { end: number }).end);
    // Malformed somewhere, or separators JSON.parse rejects but the scanner accepts: parse apart.
    if (run && run.values.length === to - from) return push(run.values, run.binary, items);
    for (let i = from; i < to; i++) {
      const element = found[i] as { start: number; end: number };
      push([parse(element.start, element.end, `${itemName} #${index}`)], false, items);
    }
  };
  /**
   * Inside the array, parses the elements from the current one to the last learned element end
   * in buf as one run, without scanning them. A run that parses is proof of the cut: it starts
   * where an element starts, so a `}` inside a string or a nested value would leave it unclosed.
   * Returns false (and stops guessing) where that fails; the scanner then reads the chunk.
   */
  const parseToLastEnd = (items: JsonArrayItem[]): boolean => {
    if (!elementEnd || !state.inArray) return false;
    const start = state.valueStart >= 0 ? state.valueStart : nextElementStart(buf, pos);
    const cut = start < 0 ? -1 : buf.lastIndexOf(elementEnd);
    if (cut <= start) return false;
    const end = cut + elementEnd.length;
    const run = parseElements(start, end);
    if (!run?.values.every(isObject)) {
      elementEnd = null;
      learnElementEnd = false;
      return false;
    }
    push(run.values, run.binary, items);
    Object.assign(state, betweenElements);
    pos = end;
    return true;
  };

  // UTF-8 bytes whatever the file was written in, or refused: never strings with U+FFFD in them.
  const stream = readUtf8(path, { chunkSize: options.chunkSize, onEncoding: options.onEncoding });
  for await (const chunk of stream) {
    // Keep only the unfinished tail: an open key or a value being captured.
    const keepFrom = Math.min(
      pos,
      state.valueStart >= 0 ? state.valueStart : pos,
      state.keyStart >= 0 ? state.keyStart : pos,
    );
    consumed += keepFrom;
    buf = keepFrom < buf.length ? Buffer.concat([buf.subarray(keepFrom), chunk]) : chunk;
    pos -= keepFrom;
    if (state.valueStart >= 0) state.valueStart -= keepFrom;
    if (state.keyStart >= 0) state.keyStart -= keepFrom;

    const items: JsonArrayItem[] = [];
    parseToLastEnd(items);
    // The scanner reads the rest: a partial element, the array's end, or the whole chunk.
    const found: ScanEvent[] = [];
    pos = scanChunk(state, buf, pos, arrayKey, found);
    for (let i = 0; i < found.length; i++) {
      const event = found[i];
      if (event.type === 'element') {
        if (learnElementEnd && !elementEnd) elementEnd = layoutElementEnd(buf, event.start, event.end);
        let end = i + 1;
        while (end < found.length && found[end].type === 'element') end++;
        parseRun(found, i, end, items);
        i = end - 1;
      } else if (event.type === 'member') {
        header[event.key] = parse(event.start, event.end, `member "${event.key}"`);
      } else if (event.type === 'arrayStart') {
        headerBeforeArray = Object.freeze({ ...header });
      } else {
        const location = state.inArray ? `${itemName} #${index}` : `byte ${consumed + event.at}`;
        throw new ImportFormatError(file, location, '', event.problem);
      }
    }
    // A GB18030 file grows as UTF-8: its progress stops at the end.
    options.onProgress?.(Math.min(consumed + pos, totalBytes), totalBytes);
    if (items.length > 0) yield items;
  }
  if (!state.sawDocument) throw new ImportFormatError(file, 'byte 0', '', 'empty file');
  if (state.depth !== 0 || state.inString) {
    const location = state.inArray ? `${itemName} #${index}` : `byte ${consumed + pos}`;
    throw new ImportFormatError(file, location, '', 'truncated JSON (the file ends inside a value)');
  }
  if (!state.arrayDone) throw new ImportFormatError(file, 'top level', arrayKey, 'missing');
}

const ESCAPE_U = Buffer.from('\\u');
const OPEN_BRACKET = Buffer.from('[');
const CLOSE_BRACKET = Buffer.from(']');
const isObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);
