import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ImportFormatError } from '../../kernel/errors.js';

export interface JsonArrayItem {
  /** 0-based position in the array, for error messages ("message #12"). */
  index: number;
  value: unknown;
  /** Top-level members of the document that came before the array (e.g. Telegram's `id`, `name`). */
  header: Readonly<Record<string, unknown>>;
}

export interface JsonArrayStreamOptions {
  /** Name used for items in error messages: "message #12". */
  itemName?: string;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** For tests: read in chunks this small to exercise chunk boundaries. */
  chunkSize?: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * Streams the elements of one array member of a top-level JSON object (`{"messages": [...]}`)
 * without holding the document in memory: the scanner only tracks nesting and strings, and each
 * element is handed to the native `JSON.parse`. Top-level scalar and object members before the
 * array are parsed into `header`.
 *
 * @example
 * for await (const { index, value, header } of streamJsonArray('result.json', 'messages')) { … }
 */
export async function* streamJsonArray(
  path: string,
  arrayKey: string,
  options: JsonArrayStreamOptions = {},
): AsyncGenerator<JsonArrayItem> {
  const file = basename(path);
  const itemName = options.itemName ?? 'item';
  const totalBytes = (await stat(path)).size;
  const header: Record<string, unknown> = {};
  // What items see: the members before the array, frozen when the array starts.
  let headerBeforeArray: Readonly<Record<string, unknown>> = header;

  let buf: Buffer = Buffer.alloc(0);
  let pos = 0; // next byte of buf to scan
  let consumed = 0; // bytes of the file dropped before buf[0]
  let depth = 0;
  let inString = false;
  let escaped = false;
  let stringStart = -1; // buf offset of the opening quote of the current depth-1 string
  let lastKey: string | null = null; // depth-1 key awaiting its value
  let expectKey = false;
  let valueStart = -1; // buf offset where a captured value (header member or array element) starts
  let inArray = false; // inside the wanted array
  let arrayDone = false;
  let index = 0;
  let sawDocument = false;
  // Position of the next backslash at or after `pos`, cached so that strings without escapes
  // do not rescan the rest of the buffer for one.
  let nextSlash = -1;

  const fail = (location: string, problem: string): never => {
    throw new ImportFormatError(file, location, '', problem);
  };
  const itemLocation = () => `${itemName} #${index}`;

  const parseSlice = (start: number, end: number, location: string): unknown => {
    try {
      return JSON.parse(buf.toString('utf8', start, end));
    } catch (error) {
      return fail(location, `invalid JSON (${(error as Error).message})`);
    }
  };

  const stream = createReadStream(path, { highWaterMark: options.chunkSize ?? 1 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    // Keep only the part of the buffer still needed: an open string key or captured value.
    const keepFrom = Math.min(
      valueStart >= 0 ? valueStart : pos,
      stringStart >= 0 ? stringStart : pos,
      pos,
    );
    consumed += keepFrom;
    const shift = keepFrom;
    buf = keepFrom < buf.length ? Buffer.concat([buf.subarray(keepFrom), chunk]) : chunk;
    pos -= shift;
    if (valueStart >= 0) valueStart -= shift;
    if (stringStart >= 0) stringStart -= shift;
    nextSlash = -1;

    const items: JsonArrayItem[] = [];
    while (pos < buf.length) {
      if (inString) {
        if (escaped) {
          escaped = false;
          pos++;
          continue;
        }
        const quote = buf.indexOf(QUOTE, pos);
        if (nextSlash < pos) {
          nextSlash = buf.indexOf(BACKSLASH, pos);
          if (nextSlash < 0) nextSlash = buf.length;
        }
        const slash = nextSlash < buf.length ? nextSlash : -1;
        if (slash >= 0 && (quote < 0 || slash < quote)) {
          pos = slash + 1;
          escaped = true;
          continue;
        }
        if (quote < 0) {
          pos = buf.length;
          break;
        }
        pos = quote + 1;
        inString = false;
        if (depth === 1 && stringStart >= 0 && expectKey) {
          lastKey = JSON.parse(buf.toString('utf8', stringStart, pos)) as string;
          expectKey = false;
        }
        stringStart = -1;
        continue;
      }
      const byte = buf[pos];
      if (isWhitespace(byte)) {
        pos++;
        continue;
      }
      if (!sawDocument) {
        if (byte !== OPEN_BRACE) fail('byte 0', 'not a JSON object');
        sawDocument = true;
      }
      // Start of a captured value: a header member, or an element of the wanted array.
      if (valueStart < 0) {
        if (depth === 1 && lastKey !== null && byte !== COLON) {
          if (lastKey === arrayKey) {
            if (byte !== OPEN_BRACKET) fail(`member "${arrayKey}"`, 'expected an array');
            inArray = true;
            headerBeforeArray = Object.freeze({ ...header });
            lastKey = null;
            depth = 2;
            pos++;
            continue;
          }
          valueStart = pos;
        } else if (inArray && depth === 2 && byte !== COMMA && byte !== CLOSE_BRACKET) {
          if (byte !== OPEN_BRACE) fail(itemLocation(), 'expected an object');
          valueStart = pos;
        }
      }
      switch (byte) {
        case QUOTE:
          inString = true;
          if (depth === 1 && valueStart < 0) {
            stringStart = pos;
          }
          break;
        case OPEN_BRACE:
        case OPEN_BRACKET:
          depth++;
          if (depth === 1) expectKey = true;
          break;
        case CLOSE_BRACE:
        case CLOSE_BRACKET:
          depth--;
          if (inArray && depth === 2 && valueStart >= 0) {
            items.push({ index, value: parseSlice(valueStart, pos + 1, itemLocation()), header: headerBeforeArray });
            index++;
            valueStart = -1;
          } else if (inArray && depth === 1) {
            inArray = false;
            arrayDone = true;
          } else if (depth === 0 && valueStart >= 0 && lastKey !== null) {
            header[lastKey] = parseSlice(valueStart, pos, `member "${lastKey}"`);
            valueStart = -1;
            lastKey = null;
          }
          break;
        case COMMA:
          if (depth === 1) {
            if (valueStart >= 0 && lastKey !== null) {
              header[lastKey] = parseSlice(valueStart, pos, `member "${lastKey}"`);
            }
            valueStart = -1;
            lastKey = null;
            expectKey = true;
          }
          break;
        default:
          break;
      }
      pos++;
    }
    options.onProgress?.(consumed + pos, totalBytes);
    yield* items;
  }
  if (!sawDocument) fail('byte 0', 'empty file');
  if (depth !== 0 || inString) {
    fail(inArray ? itemLocation() : `byte ${consumed + pos}`, 'truncated JSON (the file ends inside a value)');
  }
  if (!arrayDone) throw new ImportFormatError(file, 'top level', arrayKey, 'missing');
}
