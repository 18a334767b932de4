import { describe, expect, it } from 'vitest';
import type { RoomFrame } from './api';
import { applyFrame, contiguousSeq, emptyRoom, mentionRuns } from './room-state';

const message = (seq: number, text: string, member = 1): RoomFrame => ({
  type: 'message',
  room: 9,
  seq,
  at: seq,
  member: { id: member, name: `m${member}`, staff: false },
  text,
  hidden: false,
});

describe('the room state', () => {
  it('applies frames once by seq, counts reactions, hides messages and keeps the catch-up point', () => {
    let s = emptyRoom(null, '');
    s = applyFrame(s, message(1, 'hi'), 2);
    s = applyFrame(s, message(3, 'later'), 2);
    expect(contiguousSeq(s, 0)).toBe(1);
    s = applyFrame(s, message(2, 'between'), 2);
    s = applyFrame(s, message(2, 'again'), 2);
    expect(s.messages.get(2)?.text).toBe('between');
    expect(contiguousSeq(s, 0)).toBe(3);
    s = applyFrame(
      s,
      {
        type: 'reaction',
        room: 9,
        seq: 4,
        at: 4,
        target: 1,
        emoji: '👍',
        on: true,
        member: { id: 2, name: 'me', staff: false },
      },
      2,
    );
    s = applyFrame(
      s,
      {
        type: 'reaction',
        room: 9,
        seq: 5,
        at: 5,
        target: 1,
        emoji: '👍',
        on: true,
        member: { id: 3, name: 'x', staff: false },
      },
      2,
    );
    expect(s.messages.get(1)?.reactions).toEqual([{ emoji: '👍', count: 2, mine: true }]);
    s = applyFrame(
      s,
      {
        type: 'reaction',
        room: 9,
        seq: 6,
        at: 6,
        target: 1,
        emoji: '👍',
        on: false,
        member: { id: 2, name: 'me', staff: false },
      },
      2,
    );
    expect(s.messages.get(1)?.reactions).toEqual([{ emoji: '👍', count: 1, mine: false }]);
    s = applyFrame(s, { type: 'hidden', room: 9, seq: 7, at: 7, target: 3 }, 2);
    expect(s.messages.get(3)).toMatchObject({ hidden: true, text: null });
    s = applyFrame(s, { type: 'announcement', room: 9, seq: 8, at: 8, announcement: 'Pinned', rules: 'Kind' }, 2);
    expect([s.announcement, s.rules, contiguousSeq(s, 0)]).toEqual(['Pinned', 'Kind', 8]);
  });

  it('splits @mentions out of a text, everything else kept as it is', () => {
    expect(mentionRuns('hi @Ann and <b>@Bo</b>')).toEqual([
      { at: 0, text: 'hi ', mention: false },
      { at: 3, text: '@Ann', mention: true },
      { at: 7, text: ' and <b>', mention: false },
      { at: 15, text: '@Bo</b>', mention: true },
    ]);
  });
});
