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
export async function* streamJsonArray(path: string, arrayKey: string, options: JsonArrayStreamOptions = {}): AsyncGenerator<JsonArrayItem> {
  for await (const items of streamJsonArrayChunks(path, arrayKey, options)) yield* items;
}

/**
 * `streamJsonArray` a chunk of the file at a time: the elements that end in each chunk read, as
 * one array, saving an asynchronous step per element for callers that can take them together.
 * A chunk's elements are decoded and parsed in one call where they are well-formed, so a million
 * small messages cost thousands of `JSON.parse` calls rather than a million.
 */
export async function* streamJsonArrayChunks(path: string, arrayKey: string, options: JsonArrayStreamOptions = {}): AsyncGenerator<JsonArrayItem[]> {
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
  /** Elements found[from..to), parsed together; one by one when that fails, to name the bad one. */
  const parseRun = (found: ScanEvent[], from: number, to: number, items: JsonArrayItem[]) => {
    const first = found[from] as { start: number };
    const last = found[to - 1] as { end: number };
    let values: unknown[] | null = null;
    if (to - from > 1) {
      try {
        values = JSON.parse(`[${buf.toString('utf8', first.start, last.end)}]`) as unknown[];
      } catch {
        // Malformed somewhere, or separators JSON.parse rejects but the scanner accepts: parse apart.
      }
    }
    for (let i = from; i < to; i++) {
      const element = found[i] as { start: number; end: number };
      const value = values !== null && values.length === to - from ? values[i - from] : parse(element.start, element.end, `${itemName} #${index}`);
      items.push({ index, value, header: headerBeforeArray });
      index++;
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
    for (let i = 0; i < found.length; i++) {
      const event = found[i];
      if (event.type === 'element') {
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
    options.onProgress?.(consumed + pos, totalBytes);
    if (items.length > 0) yield items;
  }
  if (!state.sawDocument) throw new ImportFormatError(file, 'byte 0', '', 'empty file');
  if (state.depth !== 0 || state.inString) {
    const location = state.inArray ? `${itemName} #${index}` : `byte ${consumed + pos}`;
    throw new ImportFormatError(file, location, '', 'truncated JSON (the file ends inside a value)');
  }
  if (!state.arrayDone) throw new ImportFormatError(file, 'top level', arrayKey, 'missing');
}
