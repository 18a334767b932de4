import type { Db } from '../../kernel/db/database.js';
import type { CampRow } from '../../kernel/db/schema-camps.js';
import { listBlacklist } from '../../members/roles/blacklist.service.js';
import { leaderboard, type LeaderboardRow, type LeaderboardWindow } from './leaderboard.rules.js';
import { displayNames, windowTotals } from './leaderboard.repo.js';

/** Days a rolling window covers, ending today (as leaderboard.rules counts them). */
const ROLLING: Partial<Record<LeaderboardWindow, number>> = { 'last-7-days': 7, 'last-30-days': 30 };

/** Rows a member page shows; staff see more. */
export const MEMBER_BOARD_ROWS = 20;
export const STAFF_BOARD_ROWS = 100;

/**
 * The camp's members ranked by points in `window` as of `today`: the database sums each member's
 * points, the rules rank them (ties, order) and leave blacklisted members off. `last-7-days`,
 * `last-30-days` and `all-time` count every point the camp's members earned in the community;
 * `camp` only this camp's.
 */
export async function rankedMembers(
  db: Db,
  camp: CampRow,
  window: LeaderboardWindow,
  today: number,
): Promise<LeaderboardRow[]> {
  const days = ROLLING[window];
  const [totals, blacklist] = await Promise.all([
    windowTotals(db, {
      campId: camp.id,
      campOnly: window === 'camp',
      fromDay: days === undefined ? null : today - days + 1,
      toDay: today,
    }),
    listBlacklist(db, camp.community_id, { activeOnly: true }),
  ]);
  // One entry per member carrying its window total and last day: the rule ranks it as it would the rows.
  const entries = totals.map((t) => ({
    key: '',
    memberId: t.memberId,
    campId: camp.id,
    day: t.lastDay,
    action: 'checkin' as const,
    points: t.points,
  }));
  return leaderboard(entries, window, today, { campId: camp.id, excluded: new Set(blacklist.map((e) => e.memberId)) });
}

/** The staff board: the top rows with member ids and names. */
export async function staffLeaderboard(db: Db, camp: CampRow, window: LeaderboardWindow, today: number) {
  const rows = (await rankedMembers(db, camp, window, today)).slice(0, STAFF_BOARD_ROWS);
  const names = await displayNames(
    db,
    rows.map((r) => r.memberId),
  );
  return {
    window,
    rows: rows.map((r) => ({
      rank: r.rank,
      memberId: r.memberId,
      displayName: names.get(r.memberId) ?? '',
      points: r.points,
    })),
  };
}

/** The member page's board: names only (no ids on public pages), the member's own row marked, and their rank. */
export async function memberLeaderboard(
  db: Db,
  camp: CampRow,
  memberId: number,
  window: LeaderboardWindow,
  today: number,
) {
  const ranked = await rankedMembers(db, camp, window, today);
  const top = ranked.slice(0, MEMBER_BOARD_ROWS);
  const names = await displayNames(
    db,
    top.map((r) => r.memberId),
  );
  const mine = ranked.find((r) => r.memberId === memberId);
  return {
    window,
    rows: top.map((r) => ({
      rank: r.rank,
      displayName: names.get(r.memberId) ?? '',
      points: r.points,
      isMe: r.memberId === memberId,
    })),
    me: mine ? { rank: mine.rank, points: mine.points } : null,
  };
}
