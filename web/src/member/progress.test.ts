import { describe, expect, it } from 'vitest';
import { milestoneProgress } from './progress';
import type { MemberState } from './api';

const streak = (daysCompleted: number, next: { days: number; remaining: number } | null) =>
  ({ daysCompleted, nextMilestone: next }) as unknown as MemberState['streak'];

describe('milestoneProgress', () => {
  it('runs from the last milestone reached to the next one', () => {
    expect(milestoneProgress({ camp: { milestones: [3, 7] }, streak: streak(4, { days: 7, remaining: 3 }) })).toEqual({
      from: 3,
      done: 4,
      target: 7,
      remaining: 3,
      ratio: 0.25,
    });
  });

  it('starts from zero before the first milestone and ends once all are reached', () => {
    expect(
      milestoneProgress({ camp: { milestones: [3, 7] }, streak: streak(1, { days: 3, remaining: 2 }) })?.ratio,
    ).toBeCloseTo(1 / 3);
    expect(milestoneProgress({ camp: { milestones: [3, 7] }, streak: streak(7, null) })).toBeNull();
  });

  it("prefers the server's own progress when it sends one", () => {
    const milestones = {
      next: { day: 7 },
      progress: { from: 3, done: 5, target: 7, remaining: 2, ratio: 0.5 },
      completed: false,
      reached: [],
    };
    expect(
      milestoneProgress({ camp: { milestones: [3, 7] }, streak: streak(4, { days: 7, remaining: 3 }), milestones }),
    ).toEqual(milestones.progress);
  });
});
