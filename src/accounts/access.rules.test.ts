import { describe, expect, it } from 'vitest';
import { canGrant, canResetPassword, effectiveRole, removesLastOwner } from './access.rules.js';
import { hasRole } from '../kernel/http/access-roles.js';

describe('access rules', () => {
  it.each([
    ['owner', 'admin', true],
    ['admin', 'admin', true],
    ['operator', 'admin', false],
    ['assistant', 'operator', false],
    ['assistant', 'assistant', true],
    ['analyst', 'analyst', true],
    ['analyst', 'assistant', false],
    [null, 'analyst', false],
  ] as const)('%s meets %s: %s', (actual, minimum, expected) => {
    expect(hasRole(actual, minimum)).toBe(expected);
  });

  it('lets admins grant only roles below admin, owners any role', () => {
    expect(canGrant('admin', 'operator')).toBe(true);
    expect(canGrant('admin', 'admin')).toBe(false);
    expect(canGrant('admin', 'owner')).toBe(false);
    expect(canGrant('owner', 'owner')).toBe(true);
    expect(canGrant('operator', 'analyst')).toBe(false);
  });

  it('makes instance owners owners everywhere and ignores unknown stored roles', () => {
    expect(effectiveRole(true, undefined)).toBe('owner');
    expect(effectiveRole(false, 'analyst')).toBe('analyst');
    expect(effectiveRole(false, 'root')).toBeNull();
    expect(effectiveRole(false, undefined)).toBeNull();
  });

  it('lets a community owner reset only accounts wholly inside communities they own', () => {
    const owner = { isInstanceOwner: false, ownedCommunityIds: new Set([1, 2]) };
    expect(canResetPassword(owner, { isInstanceOwner: false, communityIds: [1] })).toBe(true);
    expect(canResetPassword(owner, { isInstanceOwner: false, communityIds: [1, 2] })).toBe(true);
    expect(canResetPassword(owner, { isInstanceOwner: false, communityIds: [1, 3] })).toBe(false);
    expect(canResetPassword(owner, { isInstanceOwner: true, communityIds: [1] })).toBe(false);
    expect(
      canResetPassword(
        { isInstanceOwner: true, ownedCommunityIds: new Set() },
        { isInstanceOwner: true, communityIds: [] },
      ),
    ).toBe(true);
  });

  it('keeps the last owner', () => {
    expect(removesLastOwner('owner', 'admin', 1)).toBe(true);
    expect(removesLastOwner('owner', null, 1)).toBe(true);
    expect(removesLastOwner('owner', null, 2)).toBe(false);
    expect(removesLastOwner('owner', 'owner', 1)).toBe(false);
    expect(removesLastOwner('admin', null, 1)).toBe(false);
  });
});
