import type { Db } from '../kernel/db/database.js';
import { NotFoundError } from '../kernel/errors.js';
import * as repo from './bot-mark.repo.js';
import { activeDaysOf, rebuildRollups } from './identities/member-merge.repo.js';
import type { StaffChangeHook } from './roles/role.service.js';
import { refreshMemberStats } from './stats/member-stats.service.js';

/**
 * Marks a member as a bot (a Telegram bot, a workflow account in an imported history), or unmarks
 * one. Bots are neither members nor staff in the figures (METRICS.md), and the one place that
 * keeps them out is the rollups: ingest never counts a bot's events. So a change here rebuilds
 * what the member's events put there, in one transaction: their day, month and group-day rows
 * (none for a bot), the group and community day totals and active members of the days they spoke
 * on, their memberships and day 0, and the service desk's questions (`onChanged`, as for a change
 * of staff). Then the member figures are refreshed: a bot gets no tier and leaves the care list,
 * the report, the overview and the groups; unmarking restores all of it from the events.
 * Another community's member, or a merged-away one, is a 404. Returns whether anything changed.
 */
export async function markBot(
  db: Db,
  target: { communityId: number; memberId: number; isBot: boolean },
  onChanged: StaffChangeHook,
  now: number,
): Promise<boolean> {
  const { communityId, memberId, isBot } = target;
  const changed = await db.transaction().execute(async (trx) => {
    const member = await repo.findMember(trx, communityId, memberId);
    if (!member || member.merged_into !== null) throw new NotFoundError(`member ${memberId}`);
    if ((member.is_bot === 1) === isBot) return false;
    const days = await activeDaysOf(trx, communityId, [memberId]);
    await repo.setBotFlag(trx, memberId, isBot);
    await rebuildRollups(trx, communityId, [memberId], days);
    await repo.recountDayTotals(trx, communityId, await repo.groupDaysOf(trx, communityId, memberId));
    await repo.rebuildPresence(trx, communityId, memberId, isBot);
    await onChanged(trx, communityId);
    return true;
  });
  if (changed) await refreshMemberStats(db, communityId, now);
  return changed;
}
