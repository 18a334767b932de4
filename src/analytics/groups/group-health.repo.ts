import { sql } from 'kysely';
import type { Executor } from '../../kernel/db/database.js';

/** Kysely queries for groups' day rollups and staff. Bots never reach the rollups. */

// Phase (METRICS.md) reads the same daily messages as the report.
export { groupDailyMessages, memberGroupDailyMessages } from '../report/report.repo.js';

/** Per group: distinct members with activity in `from`..`to` (WAU) and on `to` alone (DAU). */
export async function activeMembers(db: Executor, groupIds: number[], from: number, to: number) {
  if (groupIds.length === 0) return [];
  const rows = await db
    .selectFrom('group_member_days')
    .select([
      'group_id',
      sql<number>`count(distinct member_id)`.as('wau'),
      sql<number>`count(distinct case when day = ${to} then member_id end)`.as('dau'),
    ])
    .where('group_id', 'in', groupIds)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .where((eb) => eb.or([eb('messages', '>', 0), eb('checkins', '>', 0)]))
    .groupBy('group_id')
    .execute();
  return rows.map((r) => ({ group_id: r.group_id, wau: Number(r.wau), dau: Number(r.dau) }));
}

/** Per group: the last day on or before `to` with a message or a check-in. */
export async function lastActiveDays(db: Executor, groupIds: number[], to: number) {
  if (groupIds.length === 0) return [];
  const rows = await db
    .selectFrom('group_days')
    .select(['group_id', (eb) => eb.fn.max('day').as('day')])
    .where('group_id', 'in', groupIds)
    .where('day', '<=', to)
    .where((eb) => eb.or([eb('messages', '>', 0), eb('checkins', '>', 0)]))
    .groupBy('group_id')
    .execute();
  return rows.map((r) => ({ group_id: r.group_id, day: Number(r.day) }));
}

/** One group's messages, check-ins and active members per day in `from`..`to` (days with activity only). */
export async function groupDailySeries(db: Executor, groupId: number, from: number, to: number) {
  const [days, active] = await Promise.all([
    db
      .selectFrom('group_days')
      .select(['day', 'messages', 'checkins'])
      .where('group_id', '=', groupId)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .execute(),
    db
      .selectFrom('group_member_days')
      .select(['day', sql<number>`count(*)`.as('members')])
      .where('group_id', '=', groupId)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .where((eb) => eb.or([eb('messages', '>', 0), eb('checkins', '>', 0)]))
      .groupBy('day')
      .execute(),
  ]);
  return { days, active: active.map((a) => ({ day: a.day, members: Number(a.members) })) };
}

/** Members holding a staff role in the group, or in every group, with their display names. */
export function groupStaff(db: Executor, communityId: number, groupId: number, staffRoles: readonly string[]) {
  return db
    .selectFrom('member_roles')
    .innerJoin('members', 'members.id', 'member_roles.member_id')
    .select(['member_roles.member_id', 'members.display_name', 'member_roles.role', 'member_roles.group_id'])
    .where('member_roles.community_id', '=', communityId)
    .where('member_roles.role', 'in', staffRoles)
    .where((eb) => eb.or([eb('member_roles.group_id', 'is', null), eb('member_roles.group_id', '=', groupId)]))
    .orderBy('member_roles.member_id')
    .execute();
}

/** Per group: messages and check-ins in `from`..`to`, all senders (staff too). */
export async function rangeTotals(db: Executor, groupIds: number[], from: number, to: number) {
  if (groupIds.length === 0) return [];
  const rows = await db
    .selectFrom('group_days')
    .select([
      'group_id',
      sql<number>`coalesce(sum(messages), 0)`.as('messages'),
      sql<number>`coalesce(sum(checkins), 0)`.as('checkins'),
    ])
    .where('group_id', 'in', groupIds)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy('group_id')
    .execute();
  return rows.map((r) => ({ group_id: r.group_id, messages: Number(r.messages), checkins: Number(r.checkins) }));
}
