/**
 * "Binary" strings: a string's UTF-8 bytes held as the characters U+0000..U+00FF, as a Latin-1
 * decoding of the file gives them. `streamJsonArrayChunks` parses elements that way where it is
 * safe (see its `binaryStrings` option), because a Latin-1 decoding is a plain copy and
 * `JSON.parse` reads one-byte strings about twice as fast as the two-byte strings that UTF-8
 * decoding makes of Chinese text; the importer then decodes only the strings it keeps.
 *
 * Decoding is the identity on ASCII, so comparing a binary string with an ASCII constant, testing
 * it for emptiness or its type gives what the decoded string would.
 */

const NON_ASCII = /[^\x00-\x7f]/;
/**
 * Joins strings for one decoding call. Binary strings from `streamJsonArrayChunks` never hold
 * U+0000: JSON forbids it raw in strings, and elements with `\u` escapes are never binary.
 */
const SEPARATOR = '\u0000';

/** The text a binary string stands for. */
export function decodeBinary(binary: string): string {
  return NON_ASCII.test(binary) ? Buffer.from(binary, 'latin1').toString('utf8') : binary;
}

/**
 * `decodeBinary` for many strings at once: one native decoding for the lot instead of one each,
 * which is what makes decoding a million message texts cheap.
 *
 * @example
 * decodeBinaryStrings([Buffer.from('早起').toString('latin1'), 'ok']) // ['早起', 'ok']
 */
export function decodeBinaryStrings(binary: string[]): string[] {
  if (binary.length === 0) return [];
  return Buffer.from(binary.join(SEPARATOR), 'latin1').toString('utf8').split(SEPARATOR);
}

/** Entries a `cachedDecoder` holds before it starts over, so odd input cannot grow it without bound. */
const CACHE_LIMIT = 65_536;

/**
 * `decodeBinary` remembering its answers, for strings that repeat (author names and ids): a map
 * lookup instead of a decoding per message.
 */
export function cachedDecoder(): (binary: string) => string {
  const known = new Map<string, string>();
  return (binary) => {
    let text = known.get(binary);
    if (text === undefined) {
      text = decodeBinary(binary);
      if (known.size >= CACHE_LIMIT) known.clear();
      known.set(binary, text);
    }
    return text;
  };
}

/** A parsed JSON value with every binary string in it (keys too) decoded; for error messages. */
export function decodeBinaryValue(value: unknown): unknown {
  if (typeof value === 'string') return decodeBinary(value);
  if (Array.isArray(value)) return value.map(decodeBinaryValue);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [decodeBinary(key), decodeBinaryValue(v)]));
  }
  return value;
}
