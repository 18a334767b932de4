/** Only answers within this long count (METRICS.md). */
export const ANSWER_WINDOW_MS = 86_400_000;
/**
 * An answer known only by naming the asker counts within this long: in a busy IRC channel the
 * asker is named again half an hour later about something else (docs/metrics.md, the labelled sample).
 */
export const ADDRESS_WINDOW_MS = 900_000;

/** A message as the answer rules see it: one group's messages by members (bots left out). */
export interface AnswerMessage {
  id: number;
  memberId: number;
  occurredAt: number;
  sourceId: string;
  replyToSourceId: string | null;
  threadSourceId: string | null;
  text: string | null;
}

// `<@U123>` / `<@Name>` (Slack), `@name` (most chats) anywhere, or `nick:` / `nick,` opening the text (IRC).
const MENTION = /<@([^>|]+)(?:\|[^>]*)?>|(?<![\p{L}\p{N}_])@([^\s,:;!?()<>，：；！？]+)/gu;
const NICK_PREFIX = /^\s*([^\s:,，：]{1,32})\s*(?:[:,](?=\s|$)|[，：])/u;
const TRAILING_DOTS = /[.。]+$/u;

/**
 * The names a message addresses, lower-cased: its mentions and its IRC-style `nick:` opening.
 *
 * @example
 * addressedNames('tux3: try the nightly') // ['tux3']
 * addressedNames('<@U4KUNQF9N> thanks, @bob.') // ['u4kunqf9n', 'bob']
 */
export function addressedNames(text: string | null): string[] {
  if (!text) return [];
  const names: string[] = [];
  const prefix = NICK_PREFIX.exec(text);
  if (prefix?.[1] && !prefix[1].startsWith('<')) names.push(prefix[1]);
  for (const m of text.matchAll(MENTION)) names.push((m[1] ?? m[2] ?? '').replace(TRAILING_DOTS, ''));
  return names.filter((n) => n.length > 0).map((n) => n.toLowerCase());
}

const isLater = (a: AnswerMessage, q: AnswerMessage) =>
  a.occurredAt > q.occurredAt || (a.occurredAt === q.occurredAt && a.id > q.id);

const overlaps = (names: readonly string[], set: ReadonlySet<string>) => names.some((n) => set.has(n));

/**
 * Whether `a` answers `q` (docs/metrics.md): another member's message, later and within 24 h,
 * that replies to it or follows it in its thread; or, within 15 minutes, one that names the asker —
 * and when the question itself named someone ("zetok: why?"), one written by a person it named.
 */
export function answers(
  a: AnswerMessage,
  q: AnswerMessage,
  namesOf: (memberId: number) => ReadonlySet<string>,
  addressedBy: (m: AnswerMessage) => readonly string[],
): boolean {
  if (a.memberId === q.memberId || !isLater(a, q) || a.occurredAt > q.occurredAt + ANSWER_WINDOW_MS) return false;
  if (a.replyToSourceId !== null && a.replyToSourceId === q.sourceId) return true;
  if (q.threadSourceId !== null && a.threadSourceId === q.threadSourceId) return true;
  if (a.occurredAt > q.occurredAt + ADDRESS_WINDOW_MS || !overlaps(addressedBy(a), namesOf(q.memberId))) return false;
  const askedOf = addressedBy(q);
  return askedOf.length === 0 || overlaps(askedOf, namesOf(a.memberId));
}

/**
 * The first answer of each question, by question id (absent: unanswered).
 * `messages` are one group's messages in time order (occurred_at, then id), covering each
 * question's 24 h window; `namesOf` gives a member's lower-cased names and platform ids.
 */
export function firstAnswers(
  questions: readonly AnswerMessage[],
  messages: readonly AnswerMessage[],
  namesOf: (memberId: number) => ReadonlySet<string>,
): Map<number, AnswerMessage> {
  const addressed = new Map<number, string[]>();
  const addressedBy = (m: AnswerMessage) => {
    let names = addressed.get(m.id);
    if (!names) addressed.set(m.id, (names = addressedNames(m.text)));
    return names;
  };
  const result = new Map<number, AnswerMessage>();
  // Both lists are in time order, so each question starts its scan where the previous one started.
  let start = 0;
  for (const q of questions) {
    while (start < messages.length && !isLater(messages[start] as AnswerMessage, q)) start++;
    for (let i = start; i < messages.length; i++) {
      const a = messages[i] as AnswerMessage;
      if (a.occurredAt > q.occurredAt + ANSWER_WINDOW_MS) break;
      if (answers(a, q, namesOf, addressedBy)) {
        result.set(q.id, a);
        break;
      }
    }
  }
  return result;
}
