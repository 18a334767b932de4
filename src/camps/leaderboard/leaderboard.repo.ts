import type { Executor } from '../../kernel/db/database.js';

/** Kysely queries of leaderboards: points summed per member in the database, ranked by the rules. */

export interface WindowFilter {
  campId: number;
  /** Only points of this camp (the `camp` window); else every camp's and contribution's. */
  campOnly: boolean;
  /** First day counted, or null for no lower bound. */
  fromDay: number | null;
  toDay: number;
}

/**
 * Each enrolled member's points in a window, with the last day they earned some there: one grouped
 * query over the ledger's member or camp index, whatever the camp's size.
 */
export async function windowTotals(db: Executor, filter: WindowFilter) {
  let query = db
    .selectFrom('camp_enrolments as e')
    .innerJoin('points_ledger as l', 'l.member_id', 'e.member_id')
    .select([
      'e.member_id',
      (eb) => eb.fn.sum<number>('l.points').as('points'),
      (eb) => eb.fn.max('l.day').as('last_day'),
    ])
    .where('e.camp_id', '=', filter.campId)
    .where('l.day', '<=', filter.toDay);
  if (filter.campOnly) query = query.where('l.camp_id', '=', filter.campId);
  if (filter.fromDay !== null) query = query.where('l.day', '>=', filter.fromDay);
  const rows = await query.groupBy('e.member_id').execute();
  return rows.map((r) => ({ memberId: Number(r.member_id), points: Number(r.points), lastDay: Number(r.last_day) }));
}

export async function displayNames(db: Executor, memberIds: number[]): Promise<Map<number, string>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db.selectFrom('members').select(['id', 'display_name']).where('id', 'in', memberIds).execute();
  return new Map(rows.map((r) => [Number(r.id), r.display_name]));
}
