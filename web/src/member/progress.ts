import type { MemberState, Progress } from './api';

/**
 * Progress towards the next milestone: the server's when it sends one, else worked out from the
 * streak summary (from the last milestone reached, or 0, to the next). Null once all are reached.
 *
 * @example
 * milestoneProgress({ camp: { milestones: [3, 7] }, streak: { daysCompleted: 4, nextMilestone: { days: 7, remaining: 3 } } })
 * // { from: 3, done: 4, target: 7, remaining: 3, ratio: 0.25 }
 */
export function milestoneProgress(state: {
  milestones?: MemberState['milestones'];
  streak: MemberState['streak'];
  camp: Pick<MemberState['camp'], 'milestones'>;
}): Progress | null {
  if (state.milestones) return state.milestones.next ? state.milestones.progress : null;
  const next = state.streak.nextMilestone;
  if (!next) return null;
  const done = state.streak.daysCompleted;
  const from = Math.max(0, ...state.camp.milestones.filter((m) => m <= done));
  return { from, done, target: next.days, remaining: next.remaining, ratio: (done - from) / (next.days - from) };
}
