import { describe, expect, it } from 'vitest';
import { tierOf } from './tier.rules.js';

describe('tiers', () => {
  it.each([
    [{ messageDays: 4, activityEvents: 4 }, 'active'],
    [{ messageDays: 3, activityEvents: 40 }, 'observer'], // many messages on 3 days is not active
    [{ messageDays: 0, activityEvents: 1 }, 'observer'], // checks in but seldom speaks
    [{ messageDays: 0, activityEvents: 0 }, 'lurker'],
  ] as const)('%j → %s', (window, tier) => expect(tierOf(window)).toBe(tier));
});
