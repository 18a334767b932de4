/**
 * Precision of question and answer detection on the four real chats (docs/metrics.md, "How
 * precise the questions and answers are"). The chats are not in the repository: point
 * SHEQUN_CHATS at a folder holding them (default /work/shared/data/chats); a chat that is absent
 * is skipped. The hand labels, docs/data/question-labels.json, hold message ids and 1/0 only.
 *
 *   npx tsx scripts/question-precision.ts           # recompute the figures from the labels
 *   npx tsx scripts/question-precision.ts --sample  # print the samples to label (texts on stdout only)
 *
 * "before" is METRICS.md read literally (any listed word anywhere; the next message by anyone in
 * a group without reply links), "after" is the rules in src/ now. Samples are drawn with a fixed
 * seed, so the same rules draw the same messages.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANSWER_WINDOW_MS, type AnswerMessage, firstAnswers } from '../src/automation/service-desk/answers.rules.js';
import { createQuestionDetector } from '../src/kernel/event-log/question-flag.rules.js';
import { importSlack } from '../src/platforms/importers/slack/slack.importer.js';
import { importTelegram } from '../src/platforms/importers/telegram/telegram.importer.js';

const CHATS = process.env.SHEQUN_CHATS ?? '/work/shared/data/chats';
const LABELS = new URL('../docs/data/question-labels.json', import.meta.url);
const SEED = 18;
const QUESTION_SAMPLE = 50;
const ANSWER_SAMPLE = 30;

const chats = [
  { name: 'qtox', path: 'qtox-telegram.json', importer: importTelegram, timezone: 'Europe/London' },
  { name: 'clojure', path: 'clojurians-slack', importer: importSlack, timezone: 'UTC' },
  { name: 'racket', path: 'racket-slack', importer: importSlack, timezone: 'UTC' },
  { name: 'haskell-jp', path: 'haskell-jp-slack', importer: importSlack, timezone: 'Asia/Tokyo' },
];

interface Message extends AnswerMessage {
  author: string;
  names: Set<string>;
}

/** METRICS.md as written: the original lists, words standing whole anywhere. */
function literalIsQuestion(text: string | null): boolean {
  if (!text) return false;
  if (text.includes('?') || text.includes('？') || text.trim().endsWith('吗')) return true;
  if (['请问', '怎么', '如何', '为什么', '有没有', '能不能', '求助'].some((s) => text.includes(s))) return true;
  return /(?<![A-Za-z0-9_])(?:how|what|why|where|when|anyone|does|can i)(?![A-Za-z0-9_])/i.test(text);
}

/** METRICS.md as written: linked answers where the data has links, else the next message by another member. */
function literalAnswers(questions: Message[], messages: Message[], links: boolean): Map<number, AnswerMessage> {
  if (links) return firstAnswers(questions, messages, () => new Set());
  const result = new Map<number, AnswerMessage>();
  for (const q of questions) {
    const a = messages.find(
      (m) => m.memberId !== q.memberId && m.id > q.id && m.occurredAt <= q.occurredAt + ANSWER_WINDOW_MS,
    );
    if (a) result.set(q.id, a);
  }
  return result;
}

async function load(chat: (typeof chats)[number]): Promise<Message[]> {
  const members = new Map<string, number>();
  const messages: Message[] = [];
  for await (const e of chat.importer({ path: join(CHATS, chat.path), timezone: chat.timezone })) {
    if (e.kind !== 'message' || e.author.isBot) continue;
    const memberId = members.get(e.author.externalId) ?? members.size + 1;
    members.set(e.author.externalId, memberId);
    messages.push({
      id: 0,
      memberId,
      occurredAt: e.occurredAt,
      sourceId: e.sourceId,
      replyToSourceId: e.replyToSourceId ?? null,
      threadSourceId: e.threadSourceId ?? null,
      text: e.text ?? null,
      author: e.author.displayName,
      names: new Set([e.author.displayName.toLowerCase(), e.author.externalId.toLowerCase()]),
    });
  }
  // One group per chat here; stored order is time, then arrival.
  messages.sort((a, b) => a.occurredAt - b.occurredAt);
  messages.forEach((m, i) => {
    m.id = i + 1;
  });
  return messages;
}

function sample<T>(items: T[], n: number, seed: number): T[] {
  let s = seed >>> 0;
  const random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, n);
}

type Labels = Record<string, { questions: Record<string, 0 | 1>; answers: Record<string, 0 | 1> }>;

const pct = (yes: number, of: number) => (of === 0 ? 'n/a' : `${((100 * yes) / of).toFixed(0)}% (${yes}/${of})`);
const clip = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').slice(0, 300);

async function main() {
  const sampling = process.argv.includes('--sample');
  const labels: Labels = existsSync(LABELS) ? JSON.parse(readFileSync(LABELS, 'utf8')) : {};
  const isQuestion = createQuestionDetector();
  for (const chat of chats) {
    if (!existsSync(join(CHATS, chat.path))) {
      console.log(`${chat.name}: skipped (no ${join(CHATS, chat.path)})`);
      continue;
    }
    const messages = await load(chat);
    const byId = new Map(messages.map((m) => [m.id, m]));
    const links = messages.some((m) => m.replyToSourceId !== null || m.threadSourceId !== null);
    const before = messages.filter((m) => literalIsQuestion(m.text));
    const after = messages.filter((m) => isQuestion(m.text));
    const beforeAnswers = literalAnswers(before, messages, links);
    const namesOf = new Map(messages.map((m) => [m.memberId, m.names]));
    const afterAnswers = firstAnswers(after, messages, (id) => namesOf.get(id) ?? new Set());
    const pairs = (answers: Map<number, AnswerMessage>) =>
      [...answers].map(([q, a]) => [byId.get(q) as Message, byId.get(a.id) as Message] as const);
    const samples = {
      questionsBefore: sample(before, QUESTION_SAMPLE, SEED),
      questionsAfter: sample(after, QUESTION_SAMPLE, SEED),
      answersBefore: sample(pairs(beforeAnswers), ANSWER_SAMPLE, SEED),
      answersAfter: sample(pairs(afterAnswers), ANSWER_SAMPLE, SEED),
    };
    const label = labels[chat.name] ?? { questions: {}, answers: {} };
    const pairKey = ([q, a]: readonly [Message, Message]) => `${q.sourceId}>${a.sourceId}`;
    if (sampling) {
      const seen = new Set<string>();
      for (const q of [...samples.questionsBefore, ...samples.questionsAfter]) {
        if (seen.has(q.sourceId) || q.sourceId in label.questions) continue;
        seen.add(q.sourceId);
        console.log(`Q ${chat.name} ${q.sourceId} | ${clip(q.text)}`);
      }
      for (const p of [...samples.answersBefore, ...samples.answersAfter]) {
        if (seen.has(pairKey(p)) || pairKey(p) in label.answers) continue;
        seen.add(pairKey(p));
        const [q, a] = p;
        console.log(`A ${chat.name} ${pairKey(p)} | ${q.author}: ${clip(q.text)}\n    => ${a.author}: ${clip(a.text)}`);
      }
      continue;
    }
    const precision = (ids: string[], of: Record<string, 0 | 1>) => {
      const known = ids.filter((id) => id in of);
      return `${pct(known.filter((id) => of[id] === 1).length, known.length)}${known.length < ids.length ? `, ${ids.length - known.length} unlabelled` : ''}`;
    };
    // Of the literal rule's true questions (and right answers), how many the current rules keep.
    const trueBefore = samples.questionsBefore.filter((q) => label.questions[q.sourceId] === 1);
    const rightBefore = samples.answersBefore.filter((p) => label.answers[pairKey(p)] === 1);
    const stillAsked = rightBefore.filter(([q]) => isQuestion(q.text));
    const answered = (n: Map<number, AnswerMessage>, of: number) => `${n.size}/${of}`;
    console.log(
      [
        `${chat.name}: ${messages.length} messages; questions before ${before.length}, after ${after.length}; answered before ${answered(beforeAnswers, before.length)}, after ${answered(afterAnswers, after.length)}`,
        `  question precision  before ${precision(
          samples.questionsBefore.map((q) => q.sourceId),
          label.questions,
        )}  after ${precision(
          samples.questionsAfter.map((q) => q.sourceId),
          label.questions,
        )}`,
        `  answer precision    before ${precision(samples.answersBefore.map(pairKey), label.answers)}  after ${precision(samples.answersAfter.map(pairKey), label.answers)}`,
        `  kept by the new rules: true questions ${pct(trueBefore.filter((q) => isQuestion(q.text)).length, trueBefore.length)}, right answers to questions both rules see ${pct(stillAsked.filter(([q, a]) => afterAnswers.get(q.id)?.id === a.id).length, stillAsked.length)}`,
      ].join('\n'),
    );
  }
}

await main();
