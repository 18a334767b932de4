import { describe, expect, it } from 'vitest';
import {
  addToShingleIndex,
  buildShingleIndex,
  findCopies,
  findCopiesInIndex,
  normalizeForComparison,
  shinglesOf,
  substanceOf,
  type CheckinText,
} from './integrity.rules.js';

const ORIGINAL_ZH =
  '今天读了《原则》第三章，作者说痛苦加反思等于进步。我想起上周项目延期的事，当时只顾着抱怨，没有认真复盘。以后遇到挫折，先写下发生了什么，再问自己哪里可以做得更好。';
// The same paragraph with a handful of characters changed and different punctuation.
const COPIED_ZH =
  '今天看了《原则》第三章，作者讲痛苦加反思等于进步！我想起上个月项目延期的事，当时只顾着抱怨，没有好好复盘。以后遇到困难，先写下发生了什么，再问问自己哪里可以做得更好';
// Same book, same chapter, written independently.
const OTHER_ZH =
  '读完《原则》第三章，最触动我的是要把问题和人分开。团队开会时我常常急着反驳别人，其实应该先弄清楚对方的依据。明天例会上试试先听完再说话，看看效果如何。';

const ORIGINAL_EN =
  'Read chapter three of Atomic Habits this morning. The idea that stuck with me: make good habits obvious. I put my running shoes next to the door before going to bed.';
const COPIED_EN =
  'Read chapter 3 of Atomic Habits this morning. The idea that stuck with me — make good habits obvious! I put my running shoes next to the door before bed.';
const OTHER_EN =
  'Atomic Habits, chapter three: environment design beats motivation. I moved my phone charger out of the bedroom so I stop scrolling at night, and left a book on the pillow.';

let nextId = 1;
const checkin = (memberId: number, atMs: number, text: string): CheckinText => ({
  checkinId: nextId++,
  memberId,
  atMs,
  text,
});

describe('normalizeForComparison and substanceOf', () => {
  it.each([
    ['full-width letters and punctuation', 'Ｈｅｌｌｏ， Ｗｏｒｌｄ！', 'helloworld'],
    ['Chinese punctuation and spaces', '今天 读书。 很开心！', '今天读书很开心'],
    ['emoji and symbols', '读书📚 +1 ✅', '读书1'],
    ['case', 'Day THREE', 'daythree'],
  ])('%s', (_name, input, expected) => {
    expect(normalizeForComparison(input)).toBe(expected);
  });

  it.each([
    ['打卡', ''],
    ['第3天打卡！', ''],
    ['第二十一天 打卡完成', ''],
    ['Day 3 done ✅', ''],
    ['Checked in today!', ''],
    ['#打卡 今天读了二十页书', '读了二十页书'],
  ])('removes boilerplate from %s', (input, expected) => {
    expect(substanceOf(input)).toBe(expected);
  });
});

describe('shinglesOf', () => {
  it('gives 3-character shingles of code points (astral characters stay whole)', () => {
    expect([...shinglesOf('𠀀𠀁𠀂𠀃𠀄𠀅𠀆𠀇𠀈𠀉')]).toHaveLength(8);
  });

  it.each([
    ['boilerplate only', '第7天打卡完成！'],
    ['shorter than 10 characters after normalising', '读了二十页书，好开心'],
    ['English boilerplate', 'Day 12 done!!'],
    ['empty', ''],
  ])('is empty for %s', (_name, text) => {
    expect(shinglesOf(text).size).toBe(0);
  });
});

describe('findCopies', () => {
  it('flags a Chinese paragraph copied with a few characters changed', () => {
    const original = checkin(1, 1000, ORIGINAL_ZH);
    const [match] = findCopies(checkin(2, 2000, COPIED_ZH), [original]);
    expect(match).toMatchObject({ checkinId: original.checkinId, memberId: 1 });
    expect(match.score).toBeGreaterThan(0.6);
    expect(match.jaccard).toBeGreaterThan(0.5);
  });

  it('does not flag a different Chinese paragraph on the same topic', () => {
    expect(findCopies(checkin(2, 2000, OTHER_ZH), [checkin(1, 1000, ORIGINAL_ZH)])).toEqual([]);
    expect(findCopies(checkin(2, 2000, OTHER_ZH), [checkin(1, 1000, ORIGINAL_ZH)], 0)[0].score).toBeLessThan(0.15);
  });

  it('flags an English copy and not an English text on the same topic', () => {
    expect(findCopies(checkin(2, 2000, COPIED_EN), [checkin(1, 1000, ORIGINAL_EN)])[0].score).toBeGreaterThan(0.6);
    expect(findCopies(checkin(2, 2000, OTHER_EN), [checkin(1, 1000, ORIGINAL_EN)])).toEqual([]);
  });

  it('flags a copy padded with boilerplate and an own sentence', () => {
    const padded = `Day 5 打卡 ✅ ${ORIGINAL_ZH} 明天继续。`;
    expect(findCopies(checkin(2, 2000, padded), [checkin(1, 1000, ORIGINAL_ZH)])).toHaveLength(1);
  });

  it("ignores the member's own earlier text", () => {
    expect(findCopies(checkin(1, 2000, ORIGINAL_ZH), [checkin(1, 1000, ORIGINAL_ZH)])).toEqual([]);
  });

  it('only earlier texts can be the original: not later, not the same instant', () => {
    expect(findCopies(checkin(2, 1000, ORIGINAL_ZH), [checkin(1, 2000, ORIGINAL_ZH)])).toEqual([]);
    expect(findCopies(checkin(2, 1000, ORIGINAL_ZH), [checkin(1, 1000, ORIGINAL_ZH)])).toEqual([]);
  });

  it('ignores short and boilerplate texts, however identical', () => {
    for (const text of ['打卡', '第3天打卡', 'Day 3 done', '读完了，很开心']) {
      expect(findCopies(checkin(2, 2000, text), [checkin(1, 1000, text)])).toEqual([]);
    }
  });

  it('returns every copied original, best first', () => {
    const exact = checkin(1, 1000, COPIED_ZH);
    const near = checkin(3, 1500, ORIGINAL_ZH);
    const unrelated = checkin(4, 1500, OTHER_ZH);
    const matches = findCopies(checkin(2, 2000, COPIED_ZH), [near, unrelated, exact]);
    expect(matches.map((m) => m.checkinId)).toEqual([exact.checkinId, near.checkinId]);
    expect(matches[0]).toMatchObject({ score: 1, jaccard: 1 });
  });

  it('honours the threshold', () => {
    const score = findCopies(checkin(2, 2000, COPIED_ZH), [checkin(1, 1000, ORIGINAL_ZH)])[0].score;
    expect(findCopies(checkin(2, 2000, COPIED_ZH), [checkin(1, 1000, ORIGINAL_ZH)], score + 0.01)).toEqual([]);
  });

  it('is an empty answer for no earlier texts', () => {
    expect(findCopies(checkin(2, 2000, ORIGINAL_ZH), [])).toEqual([]);
  });
});

describe('the shingle index', () => {
  it('is queried, then grown, one incoming check-in at a time', () => {
    const index = buildShingleIndex([checkin(1, 1000, ORIGINAL_ZH)]);
    const incoming = checkin(2, 2000, COPIED_ZH);
    expect(findCopiesInIndex(index, incoming)).toHaveLength(1);
    addToShingleIndex(index, incoming);
    // A third member copying the copy matches both.
    expect(findCopiesInIndex(index, checkin(3, 3000, COPIED_ZH)).map((m) => m.memberId)).toEqual([2, 1]);
  });

  it('skips texts too short to judge', () => {
    const index = buildShingleIndex([checkin(1, 1000, '打卡'), checkin(2, 1000, 'Day 3 done')]);
    expect(index.texts).toHaveLength(0);
  });

  it('answers quickly over thousands of earlier texts', () => {
    // Distinct pseudo-random Chinese texts, 80 characters each, from a fixed seed.
    let seed = 42;
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    const text = () =>
      Array.from({ length: 80 }, () => String.fromCodePoint(0x4e00 + Math.floor(random() * 3000))).join('');
    const earlier = Array.from({ length: 5000 }, (_, i) => checkin(1000 + i, i, text()));
    const index = buildShingleIndex(earlier);
    const started = performance.now();
    let flagged = 0;
    for (let i = 0; i < 200; i++)
      flagged += findCopiesInIndex(index, checkin(9, 10_000 + i, i % 2 ? earlier[i * 7].text : text())).length;
    expect(flagged).toBe(100);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
