import { describe, expect, it } from 'vitest';
import { assertRole, isStaffIn, staffOfGroup } from './roles.rules.js';

describe('staff', () => {
  const roles = [
    { member_id: 1, group_id: null }, // community-wide: staff everywhere
    { member_id: 2, group_id: 10 },
    { member_id: 2, group_id: 11 },
    { member_id: 3, group_id: 11 },
  ];
  it.each([
    [1, 10, true],
    [1, 99, true],
    [2, 10, true],
    [2, 12, false],
    [3, 10, false],
    [4, 10, false],
  ])('member %i in group %i → %s', (member, group, expected) => expect(isStaffIn(roles, member, group)).toBe(expected));

  it('lists each group’s staff once', () => {
    expect(staffOfGroup(roles, 11).sort()).toEqual([1, 2, 3]);
    expect(staffOfGroup(roles, 10).sort()).toEqual([1, 2]);
    expect(staffOfGroup([], 10)).toEqual([]);
  });

  it('rejects unknown roles', () => {
    expect(assertRole('cheerleader')).toBe('cheerleader');
    expect(() => assertRole('water-army')).toThrow(/unknown role/);
  });
});
