import { describe, expect, it } from 'vitest';
import { createQuestionDetector, questionListsFromSettings } from './question-flag.rules.js';

describe('question detection (METRICS.md)', () => {
  const isQuestion = createQuestionDetector();
  it.each([
    ['is this right?', true],
    ['这样对吗', true],
    ['这样对吗  ', true], // trimmed text ends with 吗
    ['吗啡', false],
    ['全角问号？', true],
    ['请问打卡在哪里', true],
    ['怎么报名', true],
    ['如何坚持', true],
    ['为什么没有', true],
    ['有没有人', true],
    ['能不能晚点', true],
    ['求助一下', true],
    ['How to start', true],
    ['WHAT is it', true],
    ['这个how用', true], // CJK neighbours are not ASCII letters
    ['show me', false], // "how" inside "show"
    ['whatever', false],
    ['anyone here', true],
    ['it does work', true],
    ['can I join', true],
    ['scan it', false],
    ['when_ready', false], // underscore touches
    ['how2', false], // digit touches
    ['good morning', false],
    ['', false],
  ])('%j → %s', (text, expected) => {
    expect(isQuestion(text)).toBe(expected);
  });

  it('takes custom lists from community settings, list by list', () => {
    const lists = questionListsFromSettings({ questions: { words: ['wie'] } });
    const detect = createQuestionDetector(lists);
    expect(detect('wie geht das')).toBe(true);
    expect(detect('how is it')).toBe(false);
    expect(detect('请问')).toBe(true);
  });
});
