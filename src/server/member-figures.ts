import type { Db } from '../kernel/db/database.js';
import { communitiesWithStaleFigures, refreshMemberStats } from '../members/stats/member-stats.service.js';

/**
 * Member figures (tiers, totals, rule tags) of communities with live traffic. An import refreshes
 * them once it commits; live messages and check-ins arrive one at a time, and refreshing a whole
 * community after each would cost far more than the message, so they only mark the community,
 * and the schedule refreshes the marked ones.
 */
export interface MemberFigureRefresh {
  /** The community's figures are out of date. */
  markDirty(communityId: number): void;
  /**
   * Refreshes every community marked since the last run, and every one whose durable mark is
   * still set (an import whose process died before its refresh); returns how many it refreshed.
   */
  refreshDirty(db: Db, now: number): Promise<number>;
}

/**
 * @param startDirty communities to refresh on the first run: a process that stopped may have left
 *   live traffic it had not refreshed yet.
 *
 * @example
 * const figures = createMemberFigureRefresh();
 * figures.markDirty(community.id);
 * await figures.refreshDirty(handle.db, Date.now()); // 1
 */
export function createMemberFigureRefresh(startDirty: Iterable<number> = []): MemberFigureRefresh {
  const dirty = new Set<number>(startDirty);
  return {
    markDirty: (communityId) => {
      dirty.add(communityId);
    },
    async refreshDirty(db, now) {
      const due = [...new Set([...dirty, ...(await communitiesWithStaleFigures(db))])];
      dirty.clear();
      let refreshed = 0;
      try {
        for (const communityId of due) {
          await refreshMemberStats(db, communityId, now);
          refreshed++;
        }
      } catch (error) {
        // What was not refreshed stays marked for the next run.
        for (const communityId of due.slice(refreshed)) dirty.add(communityId);
        throw error;
      }
      return refreshed;
    },
  };
}
