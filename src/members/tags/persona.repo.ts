import { sql } from 'kysely';
import type { Db } from '../../kernel/db/database.js';
import { localMsOf, msRangeOfDays } from '../stats/member-stats.repo.js';
import type { OffsetSegment } from '../stats/member-stats.rules.js';

/**
 * Messages (not bots') per local hour index (floor of local ms / 1 h) over local days
 * [fromDay, toDay], in one group or all of the community's; one row per hour with messages, read
 * group by group along (group_id, occurred_at).
 */
export async function messagesByLocalHour(
  db: Db,
  communityId: number,
  groupId: number | undefined,
  fromDay: number,
  toDay: number,
  segments: OffsetSegment[],
): Promise<Array<{ localHour: number; messages: number }>> {
  const { fromMs, toMs } = msRangeOfDays(fromDay, toDay);
  const groups =
    groupId === undefined ? sql`select id from groups where community_id = ${communityId}` : sql`${groupId}`;
  const rows = await sql<{ local_hour: number; messages: number }>`
    select ${localMsOf('occurred_at', segments)} / 3600000 as local_hour, count(*) as messages
      from events
     where group_id in (${groups}) and community_id = ${communityId}
       and occurred_at >= ${fromMs} and occurred_at < ${toMs} and day >= ${fromDay} and day <= ${toDay}
       and kind = 'message' and member_id is not null
       and member_id not in (select id from members where community_id = ${communityId} and is_bot = 1)
     group by 1`.execute(db);
  return rows.rows.map((r) => ({ localHour: Number(r.local_hour), messages: Number(r.messages) }));
}

/** Members (not bots) per tier, in the community or one group. */
export async function tierCounts(db: Db, communityId: number, groupId?: number): Promise<Map<string, number>> {
  let query = db
    .selectFrom('members')
    .select(['tier', (eb) => eb.fn.countAll<number>().as('members')])
    .where('community_id', '=', communityId)
    .where('is_bot', '=', 0)
    .where('merged_into', 'is', null)
    .where('tier', 'is not', null)
    .groupBy('tier');
  if (groupId !== undefined)
    query = query.where('id', 'in', db.selectFrom('memberships').select('member_id').where('group_id', '=', groupId));
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.tier!, Number(r.members)]));
}
