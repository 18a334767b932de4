/**
 * The lists that make a message a question (METRICS.md, "Response time"; docs/metrics.md says where
 * and why we read them more tightly); configurable per community under `settings.questions`.
 */
export interface QuestionLists {
  /** Characters whose presence in the prose (not in code or links) marks a question. */
  marks: string[];
  /** Endings of the prose once trailing punctuation is trimmed, e.g. 吗. */
  endings: string[];
  /** Substrings anywhere in the prose (for languages without word boundaries). */
  substrings: string[];
  /** Words or phrases that count where they open the message or one of its sentences, e.g. "how", "does anyone". */
  openings: string[];
  /** Words that count anywhere, standing whole: not touching an ASCII letter, digit or underscore. */
  words: string[];
}

export const DEFAULT_QUESTION_LISTS: QuestionLists = {
  marks: ['?', '？'],
  endings: ['吗', 'ですか', 'ますか', 'でしょうか'],
  substrings: ['请问', '怎么', '如何', '为什么', '有没有', '能不能', '求助'],
  openings: [
    'how',
    'what',
    'why',
    'where',
    'which',
    'who',
    'is there',
    'are there',
    'is it',
    'does anyone',
    'does it',
    'do you',
    'anyone',
    'can i',
    'can you',
    'can someone',
    'could',
    'should i',
  ],
  // Standing whole anywhere, "does" or "when" read statements as questions ("it does work", "ping me when done").
  words: [],
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Code (fenced or inline) and links are not prose: Clojure's `nil?` and a URL's `?a=1` ask nothing.
const NOT_PROSE = /```[\s\S]*?(?:```|$)|`[^`\n]*`|<https?:[^>]*>|https?:\/\/\S+/g;
// Whom the message addresses, before the prose: Slack mentions, `@name`, or an IRC-style `nick:`.
const ADDRESS = /^\s*(?:(?:<@[^>]+>|@\S+)[\s,:]*)+|^\s*[^\s:,]{1,32}[:,]\s+/;
// A sentence ends at . ! ? or their full-width forms, or at a line break.
const SENTENCE_END = /[.!?。！？\n]+/;
const TRAILING = /[\s.。!！~～…,，、:)）]+$/u;
// Something to ask about: a letter in any script (a lone "?" or "??" is a reaction, not a question).
const LETTER = /\p{L}/u;

/** The message's prose: without code, links and the leading address. */
export function proseOf(text: string): string {
  return text.replace(NOT_PROSE, ' ').replace(ADDRESS, '');
}

/**
 * Builds the question test for a set of lists.
 *
 * @example
 * const isQuestion = createQuestionDetector();
 * isQuestion('How do I start?')      // true
 * isQuestion('tux3: what is this')   // true: "what" opens the prose after the address
 * isQuestion('use (nil? x) here')    // true: the "?" is in the prose here…
 * isQuestion('use `(nil? x)` here')  // false: …but not inside code
 * isQuestion('it does work')         // false: "does" does not open it
 */
export function createQuestionDetector(
  lists: QuestionLists = DEFAULT_QUESTION_LISTS,
): (text: string | null | undefined) => boolean {
  const words = lists.words.filter((w) => w.length > 0);
  const wordPattern = words.length
    ? new RegExp(`(?<![A-Za-z0-9_])(?:${words.map(escapeRegExp).join('|')})(?![A-Za-z0-9_])`, 'i')
    : null;
  const openings = lists.openings.filter((w) => w.length > 0);
  const openingPattern = openings.length
    ? new RegExp(`^(?:${openings.map(escapeRegExp).join('|')})(?![A-Za-z0-9_])`, 'i')
    : null;
  return (text) => {
    if (!text) return false;
    const prose = proseOf(text);
    if (!LETTER.test(prose)) return false;
    if (lists.marks.some((m) => prose.includes(m))) return true;
    const trimmed = prose.replace(TRAILING, '');
    if (lists.endings.some((e) => trimmed.endsWith(e))) return true;
    if (lists.substrings.some((s) => prose.includes(s))) return true;
    if (openingPattern && prose.split(SENTENCE_END).some((s) => openingPattern.test(s.trim()))) return true;
    return wordPattern ? wordPattern.test(prose) : false;
  };
}

/** Reads the lists from a community's settings, falling back to the defaults list by list. */
export function questionListsFromSettings(settings: Record<string, unknown>): QuestionLists {
  const custom = (settings.questions ?? {}) as Partial<Record<keyof QuestionLists, unknown>>;
  const pick = (key: keyof QuestionLists) => {
    const value = custom[key];
    return Array.isArray(value) && value.every((v) => typeof v === 'string')
      ? (value as string[])
      : DEFAULT_QUESTION_LISTS[key];
  };
  return {
    marks: pick('marks'),
    endings: pick('endings'),
    substrings: pick('substrings'),
    openings: pick('openings'),
    words: pick('words'),
  };
}
