/**
 * Reads the answer to S3's ListObjectsV2 (`GET /<bucket>?list-type=2`). A full XML parser would be
 * a heavy dependency for five elements whose shape S3 fixes: `<Contents>` holds `<Key>` and
 * `<LastModified>` and never nests, and text is plain character data with the five predefined
 * entities and numeric character references (S3 sends no CDATA, comments or DTD).
 */

export interface ListObjectsPage {
  objects: Array<{ key: string; modifiedAt: number }>;
  /** Where the next page starts; null on the last page. */
  nextContinuationToken: string | null;
}

/**
 * One page of a listing.
 *
 * @example
 * parseListObjectsV2('<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a&amp;b</Key>'
 *   + '<LastModified>2024-06-03T04:00:00.000Z</LastModified></Contents></ListBucketResult>')
 * // { objects: [{ key: 'a&b', modifiedAt: 1717387200000 }], nextContinuationToken: null }
 */
export function parseListObjectsV2(xml: string): ListObjectsPage {
  const objects = elementsNamed(xml, 'Contents').map((contents) => ({
    key: requiredText(contents, 'Key'),
    modifiedAt: timestamp(requiredText(contents, 'LastModified')),
  }));
  return { objects, nextContinuationToken: continuationToken(xml) };
}

/**
 * The token when the listing says it is truncated. A truncated listing without one (or with an
 * empty one, which would start over from the first page) is an error, not an end.
 */
function continuationToken(xml: string): string | null {
  if (textOf(xml, 'IsTruncated') !== 'true') return null;
  const token = requiredText(xml, 'NextContinuationToken');
  if (token === '') throw new Error('S3 listing: truncated with an empty NextContinuationToken');
  return token;
}

function elementsNamed(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map((match) => match[1]);
}

/** The decoded text of the first element of that name; `<Key>` never matches `<KeyCount>`. */
function textOf(xml: string, name: string): string | null {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return match ? decodeXmlText(match[1]) : null;
}

function requiredText(xml: string, name: string): string {
  const text = textOf(xml, name);
  if (text === null) throw new Error(`S3 listing: no <${name}> where one is required`);
  return text;
}

function timestamp(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`S3 listing: unreadable LastModified "${text}"`);
  return ms;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * XML character data with its references resolved, in one pass so that `&amp;lt;` stays the
 * text `&lt;`. An unknown entity or an impossible code point is an error rather than a guess: a key
 * read wrongly would be a different file.
 */
export function decodeXmlText(text: string): string {
  return text.replace(/&([^;&]*);?/g, (reference, name: string) => {
    if (!reference.endsWith(';')) throw new Error(`S3 listing: unterminated XML reference "${reference}"`);
    if (Object.hasOwn(NAMED_ENTITIES, name)) return NAMED_ENTITIES[name];
    const numeric = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(name);
    const codePoint = numeric ? parseInt(numeric[1] ?? numeric[2], numeric[1] ? 16 : 10) : NaN;
    if (!isXmlCodePoint(codePoint)) throw new Error(`S3 listing: unknown XML reference "${reference}"`);
    return String.fromCodePoint(codePoint);
  });
}

/** Not NUL, not a lone surrogate, within Unicode. */
function isXmlCodePoint(codePoint: number): boolean {
  return codePoint > 0 && codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff);
}
