/**
 * Copied check-ins (抄袭打卡). Texts are compared as sets of character n-grams ("shingles") after
 * normalising, which needs no word segmentation and so works for Chinese as well as English.
 *
 * The score is the share of the new text's shingles found in the earlier text (containment):
 * copying a paragraph and changing a few characters keeps it high, while copying a whole text and
 * padding it with a sentence of one's own lowers it only a little. Jaccard is reported beside it
 * for staff. Earlier texts are indexed once (per camp day, say) and every new check-in queries the
 * index, so the cost follows the shingles shared, not the number of earlier texts.
 */

export interface IntegrityOptions {
  /** Shingle length in characters. 3 suits both Chinese (characters) and English (letters). */
  shingleSize: number;
  /** Texts shorter than this after normalising and removing boilerplate are never compared. */
  minChars: number;
  /**
   * Phrases that say nothing of one's own, removed wherever they occur in the normalised text.
   * Both texts lose them alike, so a copy still matches; what is left must reach `minChars`.
   */
  boilerplate: readonly RegExp[];
  /** Flag at or above this containment score. */
  threshold: number;
}

export const DEFAULT_INTEGRITY_OPTIONS: IntegrityOptions = {
  shingleSize: 3,
  minChars: 10,
  boilerplate: [
    /打卡|签到|已完成|完成|今日|今天/g,
    /第[0-9一二三四五六七八九十百千]+天/g,
    /day[0-9]+|checkin|checkedin|done|completed|today/g,
  ],
  threshold: 0.5,
};

export interface CheckinText {
  checkinId: number;
  memberId: number;
  /** When it was made (UTC epoch ms): only strictly earlier texts can be the original. */
  atMs: number;
  text: string;
}

export interface CopyMatch {
  /** The earlier check-in that the new one resembles. */
  checkinId: number;
  memberId: number;
  /** Share of the new text's shingles found in the earlier text (0..1). */
  score: number;
  jaccard: number;
  sharedShingles: number;
}

/**
 * NFKC (full-width → ASCII, compatibility forms folded), lower case, then only letters and digits:
 * whitespace, punctuation, symbols and emoji go, so re-punctuating a copy changes nothing.
 *
 * @example
 * normalizeForComparison('Ｈｅｌｌｏ， World！ 你好。') // 'helloworld你好'
 */
export function normalizeForComparison(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** The normalised text with boilerplate removed: what a member wrote of their own. */
export function substanceOf(text: string, options: IntegrityOptions = DEFAULT_INTEGRITY_OPTIONS): string {
  let substance = normalizeForComparison(text);
  for (const pattern of options.boilerplate) substance = substance.replace(pattern, '');
  return substance;
}

/** The distinct shingles of a text, or none when it is too short to judge. Counts code points, not UTF-16 units. */
export function shinglesOf(text: string, options: IntegrityOptions = DEFAULT_INTEGRITY_OPTIONS): Set<string> {
  const substance = substanceOf(text, options);
  const size = options.shingleSize;
  const shingles = new Set<string>();
  // Code-unit offsets of each code point, so an astral character (𠀀, emoji letters) is never split.
  const starts: number[] = [];
  for (let i = 0; i < substance.length; i += substance.codePointAt(i)! > 0xffff ? 2 : 1) starts.push(i);
  if (starts.length < Math.max(options.minChars, size)) return shingles;
  starts.push(substance.length);
  for (let i = 0; i + size < starts.length; i++) shingles.add(substance.slice(starts[i], starts[i + size]));
  return shingles;
}

interface IndexedText {
  checkinId: number;
  memberId: number;
  atMs: number;
  size: number;
}

export interface ShingleIndex {
  readonly options: IntegrityOptions;
  readonly texts: IndexedText[];
  /** Shingle → positions in `texts`. */
  readonly postings: Map<string, number[]>;
}

/**
 * Indexes earlier check-ins once; query it with `findCopiesInIndex` and grow it with `addToShingleIndex`.
 *
 * @example
 * const index = buildShingleIndex(earlierToday);
 * findCopiesInIndex(index, incoming) // [{ checkinId: 12, memberId: 4, score: 0.83, … }]
 */
export function buildShingleIndex(
  texts: Iterable<CheckinText>,
  options: IntegrityOptions = DEFAULT_INTEGRITY_OPTIONS,
): ShingleIndex {
  const index: ShingleIndex = { options, texts: [], postings: new Map() };
  for (const text of texts) addToShingleIndex(index, text);
  return index;
}

/** Adds one check-in (after querying with it, so a text never matches itself). Too-short texts are skipped. */
export function addToShingleIndex(index: ShingleIndex, text: CheckinText): void {
  const shingles = shinglesOf(text.text, index.options);
  if (shingles.size === 0) return;
  const position = index.texts.length;
  index.texts.push({ checkinId: text.checkinId, memberId: text.memberId, atMs: text.atMs, size: shingles.size });
  for (const shingle of shingles) {
    const list = index.postings.get(shingle);
    if (list) list.push(position);
    else index.postings.set(shingle, [position]);
  }
}

/**
 * Earlier check-ins by other members that the new one copies, best first. The member's own earlier
 * texts never count, nor do texts made at the same instant or later.
 */
export function findCopiesInIndex(
  index: ShingleIndex,
  checkin: CheckinText,
  threshold = index.options.threshold,
): CopyMatch[] {
  const shingles = shinglesOf(checkin.text, index.options);
  if (shingles.size === 0) return [];
  const shared = new Map<number, number>();
  for (const shingle of shingles) {
    for (const position of index.postings.get(shingle) ?? []) shared.set(position, (shared.get(position) ?? 0) + 1);
  }
  const matches: CopyMatch[] = [];
  for (const [position, sharedShingles] of shared) {
    const earlier = index.texts[position];
    if (earlier.memberId === checkin.memberId || earlier.atMs >= checkin.atMs) continue;
    const score = sharedShingles / shingles.size;
    if (score < threshold) continue;
    const jaccard = sharedShingles / (shingles.size + earlier.size - sharedShingles);
    matches.push({ checkinId: earlier.checkinId, memberId: earlier.memberId, score, jaccard, sharedShingles });
  }
  return matches.sort((a, b) => b.score - a.score || b.jaccard - a.jaccard || a.checkinId - b.checkinId);
}

/**
 * One-off comparison without keeping an index (builds one internally).
 *
 * @example
 * findCopies(incoming, earlierCheckinsOfOthers, 0.5)
 */
export function findCopies(
  checkin: CheckinText,
  earlier: Iterable<CheckinText>,
  threshold?: number,
  options: IntegrityOptions = DEFAULT_INTEGRITY_OPTIONS,
): CopyMatch[] {
  return findCopiesInIndex(buildShingleIndex(earlier, options), checkin, threshold);
}
