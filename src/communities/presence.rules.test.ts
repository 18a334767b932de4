import { describe, expect, it } from 'vitest';
import { isPresent, presentInGroups } from './presence.rules.js';

describe('presence on day D', () => {
  it.each([
    [{ latestMembershipEventOnOrBeforeD: 'join', hasMembershipEvents: true, firstEventDay: 10 }, 10, true],
    [{ latestMembershipEventOnOrBeforeD: 'leave', hasMembershipEvents: true, firstEventDay: 1 }, 10, false],
    // joined later than D: has join/leave events, none on or before D
    [{ latestMembershipEventOnOrBeforeD: null, hasMembershipEvents: true, firstEventDay: 3 }, 5, false],
    [{ latestMembershipEventOnOrBeforeD: null, hasMembershipEvents: false, firstEventDay: 5 }, 5, true],
    [{ latestMembershipEventOnOrBeforeD: null, hasMembershipEvents: false, firstEventDay: 6 }, 5, false],
  ] as const)('%j on %i → %s', (facts, day, present) => expect(isPresent(facts, day)).toBe(present));
});

describe('presentInGroups', () => {
  const ev = (id: number, group: number, member: number, kind: string, day: number, at = day * 1000) => ({
    id,
    group_id: group,
    member_id: member,
    kind,
    day,
    occurred_at: at,
  });
  it.each([
    ['joined and stayed', [ev(1, 1, 1, 'join', 3)], 5, true],
    ['left before the day', [ev(1, 1, 1, 'join', 3), ev(2, 1, 1, 'leave', 4)], 5, false],
    ['left after the day: still present on it', [ev(1, 1, 1, 'join', 3), ev(2, 1, 1, 'leave', 6)], 5, true],
    ['left and came back', [ev(1, 1, 1, 'join', 3), ev(2, 1, 1, 'leave', 4), ev(3, 1, 1, 'join', 5)], 5, true],
    ['same instant: storage order decides', [ev(2, 1, 1, 'leave', 4, 4000), ev(1, 1, 1, 'join', 4, 4000)], 5, false],
    ['no join or leave: present from the first event', [], 5, true],
    ['only a join after the day: not yet present', [ev(1, 1, 1, 'join', 6)], 5, false],
  ] as const)('%s', (_name, events, day, present) => {
    const result = presentInGroups([{ group_id: 1, member_id: 1, first_day: 2 }], [...events], day);
    expect(result.length === 1).toBe(present);
  });
});
