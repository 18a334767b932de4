import { describe, expect, it } from 'vitest';
import { type AnswerMessage, addressedNames, firstAnswers } from './answers.rules.js';

const MIN = 60_000;
let next = 1;
const msg = (memberId: number, minute: number, text: string, extra: Partial<AnswerMessage> = {}): AnswerMessage => {
  const id = next++;
  return {
    id,
    memberId,
    occurredAt: minute * MIN,
    sourceId: `s${id}`,
    replyToSourceId: null,
    threadSourceId: null,
    text,
    ...extra,
  };
};
const NAMES: Record<number, string[]> = { 1: ['tux3', 'u1'], 2: ['zetok', 'u2'], 3: ['iphy', 'u3'] };
const namesOf = (id: number) => new Set(NAMES[id] ?? []);
const answerOf = (question: AnswerMessage, messages: AnswerMessage[]) =>
  firstAnswers([question], messages, namesOf).get(question.id)?.id;

describe('addressedNames', () => {
  it.each([
    ['tux3: try the nightly', ['tux3']],
    ['tux3, try it', ['tux3']],
    ['<@U4KUNQF9N> thanks, @bob.', ['u4kunqf9n', 'bob']],
    ['<@Rosaline|rosa> see above', ['rosaline']],
    ['mail me at a@b.org', []], // not a mention: a letter precedes the @
    ['https://x.org/a:b', []],
    ['no names here', []],
  ])('%j → %j', (text, expected) => {
    expect(addressedNames(text)).toEqual(expected);
  });
});

describe('firstAnswers (docs/metrics.md)', () => {
  it('does not take the next message by someone else as the answer', () => {
    const q = msg(1, 0, 'how do I build it?');
    expect(answerOf(q, [q, msg(2, 1, 'lunch time'), msg(3, 2, 'anyone seen the CI?')])).toBeUndefined();
  });

  it('takes a message naming the asker, IRC style or as a mention', () => {
    const q = msg(1, 0, 'how do I build it?');
    const other = msg(2, 1, 'iphy: later');
    const reply = msg(3, 2, 'tux3: run cmake');
    expect(answerOf(q, [q, other, reply])).toBe(reply.id);
    const mention = msg(3, 3, '<@U1> run cmake');
    expect(answerOf(q, [q, other, mention])).toBe(mention.id);
  });

  it('takes a naming message within 15 minutes only', () => {
    const q = msg(1, 0, 'how do I build it?');
    expect(answerOf(q, [q, msg(2, 16, 'tux3: run cmake')])).toBeUndefined();
    const inTime = msg(2, 15, 'tux3: run cmake');
    expect(answerOf(q, [q, inTime])).toBe(inTime.id);
  });

  it('takes, for a question put to someone, only that person naming the asker', () => {
    const q = msg(1, 0, 'zetok: why does it crash?');
    const bystander = msg(3, 1, 'tux3: no idea');
    const addressee = msg(2, 2, 'tux3: a null pointer');
    expect(answerOf(q, [q, bystander, addressee])).toBe(addressee.id);
  });

  it('takes a direct reply or a later message in the thread within 24 h, naming nobody', () => {
    const q = msg(1, 0, 'how?', { threadSourceId: 'root' });
    const outside = msg(2, 1, 'unrelated');
    const inThread = msg(2, 600, 'like this', { threadSourceId: 'root' });
    expect(answerOf(q, [q, outside, inThread])).toBe(inThread.id);
    const r = msg(1, 0, 'how?');
    const reply = msg(3, 1439, 'so', { replyToSourceId: r.sourceId });
    expect(answerOf(r, [r, reply])).toBe(reply.id);
    const late = msg(3, 1441, 'so', { replyToSourceId: r.sourceId });
    expect(answerOf(r, [r, late])).toBeUndefined();
  });

  it("never takes the asker's own message", () => {
    const q = msg(1, 0, 'how?', { threadSourceId: 'root' });
    expect(answerOf(q, [q, msg(1, 1, 'tux3: found it', { threadSourceId: 'root' })])).toBeUndefined();
  });
});
