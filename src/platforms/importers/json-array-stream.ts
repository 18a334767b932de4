import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ImportFormatError } from '../../kernel/errors.js';
import { initialScanState, scanChunk, type ScanEvent } from './json-scan.js';

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
  const file = basename(path);
  const itemName = options.itemName ?? 'item';
  const totalBytes = (await stat(path)).size;
  const header: Record<string, unknown> = {};
  let headerBeforeArray: Readonly<Record<string, unknown>> = header;
  const state = initialScanState();
  let buf: Buffer = Buffer.alloc(0);
  let pos = 0;
  let consumed = 0; // bytes of the file before buf[0]
  let index = 0;

  const parse = (start: number, end: number, location: string): unknown => {
    try {
      return JSON.parse(buf.toString('utf8', start, end));
    } catch (error) {
      throw new ImportFormatError(file, location, '', `invalid JSON (${(error as Error).message})`);
    }
  };

  const stream = createReadStream(path, { highWaterMark: options.chunkSize ?? 1 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    // Keep only the unfinished tail: an open key or a value being captured.
    const keepFrom = Math.min(pos, state.valueStart >= 0 ? state.valueStart : pos, state.keyStart >= 0 ? state.keyStart : pos);
    consumed += keepFrom;
    buf = keepFrom < buf.length ? Buffer.concat([buf.subarray(keepFrom), chunk]) : chunk;
    pos -= keepFrom;
    if (state.valueStart >= 0) state.valueStart -= keepFrom;
    if (state.keyStart >= 0) state.keyStart -= keepFrom;

    const found: ScanEvent[] = [];
    pos = scanChunk(state, buf, pos, arrayKey, found);
    const items: JsonArrayItem[] = [];
    for (const event of found) {
      if (event.type === 'element') {
        items.push({ index, value: parse(event.start, event.end, `${itemName} #${index}`), header: headerBeforeArray });
        index++;
      } else if (event.type === 'member') {
        header[event.key] = parse(event.start, event.end, `member "${event.key}"`);
      } else if (event.type === 'arrayStart') {
        headerBeforeArray = Object.freeze({ ...header });
      } else {
        const location = state.inArray ? `${itemName} #${index}` : `byte ${consumed + event.at}`;
        throw new ImportFormatError(file, location, '', event.problem);
      }
    }
    options.onProgress?.(consumed + pos, totalBytes);
    yield* items;
  }
  if (!state.sawDocument) throw new ImportFormatError(file, 'byte 0', '', 'empty file');
  if (state.depth !== 0 || state.inString) {
    const location = state.inArray ? `${itemName} #${index}` : `byte ${consumed + pos}`;
    throw new ImportFormatError(file, location, '', 'truncated JSON (the file ends inside a value)');
  }
  if (!state.arrayDone) throw new ImportFormatError(file, 'top level', arrayKey, 'missing');
}
