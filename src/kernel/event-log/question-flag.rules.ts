/** The word lists that make a message a question (METRICS.md, "Response time"); configurable per community. */
export interface QuestionLists {
  /** Characters whose presence anywhere marks a question. */
  marks: string[];
  /** Endings of the trimmed text. */
  endings: string[];
  /** Substrings anywhere (for languages without word boundaries). */
  substrings: string[];
  /** Words that count only standing whole: not touching an ASCII letter, digit or underscore. */
  words: string[];
}

export const DEFAULT_QUESTION_LISTS: QuestionLists = {
  marks: ['?', '？'],
  endings: ['吗'],
  substrings: ['请问', '怎么', '如何', '为什么', '有没有', '能不能', '求助'],
  words: ['how', 'what', 'why', 'where', 'when', 'anyone', 'does', 'can i'],
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Builds the question test for a set of lists.
 *
 * @example
 * const isQuestion = createQuestionDetector();
 * isQuestion('这个how用') // true: "how" stands whole between CJK characters
 * isQuestion('show me')  // false: "how" touches a letter
 */
export function createQuestionDetector(
  lists: QuestionLists = DEFAULT_QUESTION_LISTS,
): (text: string | null | undefined) => boolean {
  const words = lists.words.filter((w) => w.length > 0);
  const wordPattern = words.length
    ? new RegExp(`(?<![A-Za-z0-9_])(?:${words.map(escapeRegExp).join('|')})(?![A-Za-z0-9_])`, 'i')
    : null;
  return (text) => {
    if (!text) return false;
    if (lists.marks.some((m) => text.includes(m))) return true;
    const trimmed = text.trim();
    if (lists.endings.some((e) => trimmed.endsWith(e))) return true;
    if (lists.substrings.some((s) => text.includes(s))) return true;
    return wordPattern ? wordPattern.test(text) : false;
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
  return { marks: pick('marks'), endings: pick('endings'), substrings: pick('substrings'), words: pick('words') };
}
