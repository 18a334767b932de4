import { describe, expect, it } from 'vitest';
import { createQuestionDetector, questionListsFromSettings } from './question-flag.rules.js';

describe('question detection (docs/metrics.md)', () => {
  const isQuestion = createQuestionDetector();
  it.each([
    ['is this right?', true],
    ['这样对吗', true],
    ['这样对吗  ', true], // trimmed text ends with 吗
    ['可以吗。', true], // trailing punctuation trimmed before the ending
    ['吗啡', false],
    ['全角问号？', true],
    ['请问打卡在哪里', true],
    ['怎么报名', true],
    ['如何坚持', true],
    ['为什么没有', true],
    ['有没有人', true],
    ['能不能晚点', true],
    ['求助一下', true],
    ['これでいいですか', true],
    ['How to start', true],
    ['WHAT is it', true],
    ['ok. how do I start', true], // opens the second sentence
    ['tux3: what is this', true], // opens the prose after the IRC address
    ['<@U4KUNQF9N> is there a flag for that', true], // after a Slack mention
    ['does anyone use emacs', true],
    ['anyone here', true],
    ['can I join', true],
    // Before: any listed word standing whole anywhere made a question. Now openings only.
    ['这个how用', false],
    ['it does work', false],
    ['ping me when done', false],
    ['I know what you mean', false],
    ['show me', false],
    ['whatever', false],
    ['scan it', false],
    // A mark in code or a link asks nothing; a lone mark is a reaction.
    ['use `(nil? x)` here', false],
    ['```(defn empty? [x])```', false],
    ['see https://example.org/?q=1', false],
    ['see <https://example.org/?q=1|docs>', false],
    ['?', false],
    ['??', false],
    ['huh?', true],
    ['good morning', false],
    ['', false],
  ])('%j → %s', (text, expected) => {
    expect(isQuestion(text)).toBe(expected);
  });

  it('takes custom lists from community settings, list by list', () => {
    const lists = questionListsFromSettings({ questions: { openings: ['wie'], words: ['warum'] } });
    const detect = createQuestionDetector(lists);
    expect(detect('wie geht das')).toBe(true);
    expect(detect('und warum nicht')).toBe(true); // words still count anywhere
    expect(detect('how is it')).toBe(false);
    expect(detect('请问')).toBe(true);
  });
});
