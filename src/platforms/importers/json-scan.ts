/**
 * The byte scanner behind `streamJsonArray`: finds the members of a top-level JSON object and the
 * elements of one array member by tracking only nesting depth and strings. It never decodes or
 * parses anything itself; it reports byte spans for `JSON.parse` to read.
 *
 * The loop keeps all state in locals (copied in and out of `ScanState` once per chunk) because
 * V8 is several times slower when a hot loop's variables live in a closure context.
 */
export interface ScanState {
  depth: number;
  inString: boolean;
  escaped: boolean;
  /** Buffer offset of an open depth-1 key string, or -1. */
  keyStart: number;
  expectKey: boolean;
  /** The depth-1 key whose value comes next, or null. */
  lastKey: string | null;
  /** Buffer offset where the value being captured starts, or -1. */
  valueStart: number;
  inArray: boolean;
  arrayDone: boolean;
  sawDocument: boolean;
}

export type ScanEvent =
  | { type: 'member'; key: string; start: number; end: number }
  | { type: 'element'; start: number; end: number }
  | { type: 'arrayStart' }
  | { type: 'error'; at: number; problem: string };

export function initialScanState(): ScanState {
  return {
    depth: 0,
    inString: false,
    escaped: false,
    keyStart: -1,
    expectKey: false,
    lastKey: null,
    valueStart: -1,
    inArray: false,
    arrayDone: false,
    sawDocument: false,
  };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

/**
 * Scans `buf` from `from` to its end, appending what it finds to `out`. Returns the position it
 * stopped at (the end, or the byte of an error).
 */
export function scanChunk(state: ScanState, buf: Uint8Array, from: number, arrayKey: string, out: ScanEvent[]): number {
  let { depth, inString, escaped, keyStart, expectKey, lastKey, valueStart, inArray, arrayDone, sawDocument } = state;
  const length = buf.length;
  let pos = from;
  while (pos < length) {
    let byte = buf[pos];
    if (inString) {
      if (escaped) {
        escaped = false;
        pos++;
        continue;
      }
      while (byte !== QUOTE && byte !== BACKSLASH) {
        if (++pos === length) break;
        byte = buf[pos];
      }
      if (pos === length) break;
      pos++;
      if (byte === BACKSLASH) {
        escaped = true;
        continue;
      }
      inString = false;
      if (keyStart >= 0) {
        lastKey = JSON.parse(
          Buffer.from(buf.buffer, buf.byteOffset + keyStart, pos - keyStart).toString('utf8'),
        ) as string;
        keyStart = -1;
        expectKey = false;
      }
      continue;
    }
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) {
      pos++;
      continue;
    }
    if (!sawDocument) {
      if (byte !== OPEN_BRACE) {
        out.push({ type: 'error', at: pos, problem: 'not a JSON object' });
        break;
      }
      sawDocument = true;
    }
    if (valueStart < 0) {
      if (depth === 1 && lastKey !== null && byte !== COLON) {
        if (lastKey === arrayKey) {
          if (byte !== OPEN_BRACKET) {
            out.push({ type: 'error', at: pos, problem: `member "${arrayKey}" is not an array` });
            break;
          }
          inArray = true;
          lastKey = null;
          depth = 2;
          out.push({ type: 'arrayStart' });
          pos++;
          continue;
        }
        valueStart = pos;
      } else if (inArray && depth === 2 && byte !== COMMA && byte !== CLOSE_BRACKET) {
        if (byte !== OPEN_BRACE) {
          out.push({ type: 'error', at: pos, problem: 'expected an object' });
          break;
        }
        valueStart = pos;
      }
    }
    switch (byte) {
      case QUOTE:
        inString = true;
        if (depth === 1 && valueStart < 0 && expectKey) keyStart = pos;
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
          out.push({ type: 'element', start: valueStart, end: pos + 1 });
          valueStart = -1;
        } else if (inArray && depth === 1) {
          inArray = false;
          arrayDone = true;
        } else if (depth === 0 && valueStart >= 0 && lastKey !== null) {
          out.push({ type: 'member', key: lastKey, start: valueStart, end: pos });
          valueStart = -1;
          lastKey = null;
        }
        break;
      case COMMA:
        if (depth === 1) {
          if (valueStart >= 0 && lastKey !== null)
            out.push({ type: 'member', key: lastKey, start: valueStart, end: pos });
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
  Object.assign(state, {
    depth,
    inString,
    escaped,
    keyStart,
    expectKey,
    lastKey,
    valueStart,
    inArray,
    arrayDone,
    sawDocument,
  });
  return pos;
}

/** The scanner's state right after an array element, for a reader that cut elements out itself. */
export const betweenElements: Readonly<Partial<ScanState>> = Object.freeze({
  depth: 2,
  inString: false,
  escaped: false,
  keyStart: -1,
  expectKey: false,
  lastKey: null,
  valueStart: -1,
});

const isBlank = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/** Where the next array element starts, from a position between elements: past blanks and a comma; -1 if no `{` follows. */
export function nextElementStart(buf: Uint8Array, from: number): number {
  let pos = from;
  while (pos < buf.length && isBlank(buf[pos])) pos++;
  if (pos < buf.length && buf[pos] === COMMA) pos++;
  while (pos < buf.length && isBlank(buf[pos])) pos++;
  return pos < buf.length && buf[pos] === OPEN_BRACE ? pos : -1;
}

/**
 * How an element spanning buf[start, end) ends when the document is pretty-printed: the newline,
 * the indentation and the closing brace (`"\n  }"` in Telegram's result.json), copied; null
 * when the closing brace does not stand on a line of its own. A raw newline never occurs in a
 * JSON string, so in a file laid out alike these bytes mark where elements may end.
 */
export function layoutElementEnd(buf: Uint8Array, start: number, end: number): Buffer | null {
  let pos = end - 2;
  while (pos > start && (buf[pos] === 0x20 || buf[pos] === 0x09)) pos--;
  return pos > start && buf[pos] === 0x0a && buf[end - 1] === CLOSE_BRACE ? Buffer.from(buf.subarray(pos, end)) : null;
}
