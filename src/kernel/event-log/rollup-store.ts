import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

/** Key columns then counters, in each table's column order (see RollupStore). */
export type CountRow = number[];

/**
 * Where rollup deltas go: each method adds counters to the stored rows with the same key,
 * inserting the rows that do not exist yet. Rows come sorted by key.
 */
export interface RollupStore {
  /** [member, day, messages, checkins]; returns how many member-day rows each day gained (newly active members). */
  memberDays(trx: Transaction<Database>, communityId: number, rows: CountRow[]): Promise<Map<number, number>>;
  /** [member, month, messages, checkins] */
  memberMonths(trx: Transaction<Database>, communityId: number, rows: CountRow[]): Promise<void>;
  /** [day, messages, checkins, active_members] */
  communityDays(trx: Transaction<Database>, communityId: number, rows: CountRow[]): Promise<void>;
  /** [group, member, day, messages, checkins] */
  groupMemberDays(trx: Transaction<Database>, rows: CountRow[]): Promise<void>;
  /** [group, day, messages, checkins] */
  groupDays(trx: Transaction<Database>, rows: CountRow[]): Promise<void>;
  /** [group, member, first day]: keeps the earlier first day. */
  memberships(trx: Transaction<Database>, communityId: number, rows: Array<[number, number, number]>): Promise<void>;
  /** Sets `first_day` to the earlier of the stored and the given day. */
  lowerFirstDays(trx: Transaction<Database>, table: 'members' | 'groups', firstDays: Map<number, number>): Promise<void>;
  markReplyLinked(trx: Transaction<Database>, groupIds: number[]): Promise<void>;
  /** Widens the community's first..last event day to include first..last. */
  widenCommunityDays(trx: Transaction<Database>, communityId: number, first: number, last: number): Promise<void>;
}

const CHUNK = 400;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

type CountTable = 'member_days' | 'member_months' | 'group_member_days' | 'group_days' | 'community_days';

/**
 * Inserts rows, or adds their counters to the stored row with the same key, many rows per
 * statement. Returns the stored rows' `returning` columns after the addition.
 */
async function addCounts(
  trx: Transaction<Database>,
  table: CountTable,
  keys: string[],
  counters: string[],
  rows: Array<Record<string, number>>,
  returning: string[] = [],
): Promise<Array<Record<string, number>>> {
  const db = trx as unknown as Transaction<any>;
  const out: Array<Record<string, number>> = [];
  for (const part of chunks(rows)) {
    const query = db
      .insertInto(table)
      .values(part)
      .onConflict((oc) =>
        oc.columns(keys).doUpdateSet(Object.fromEntries(counters.map((c) => [c, sql`${sql.ref(`${table}.${c}`)} + ${sql.ref(`excluded.${c}`)}`]))),
      );
    if (returning.length > 0) out.push(...((await query.returning(returning).execute()) as Array<Record<string, number>>));
    else await query.execute();
  }
  return out;
}

/** Multi-row upserts through Kysely (PostgreSQL). */
export function kyselyRollupStore(): RollupStore {
  return {
    async memberDays(trx, communityId, rows) {
      const stored = await addCounts(
        trx, 'member_days', ['community_id', 'member_id', 'day'], ['messages', 'checkins'],
        rows.map(([member_id, day, messages, checkins]) => ({ community_id: communityId, member_id, day, messages, checkins })),
        ['member_id', 'day', 'messages', 'checkins'],
      );
      const added = new Map(rows.map((r) => [`${r[0]}:${r[1]}`, r]));
      const newlyActive = new Map<number, number>();
      for (const row of stored) {
        const delta = added.get(`${row.member_id}:${row.day}`)!;
        // The stored row equals what this flush added exactly when the row is new: a newly active member.
        if (row.messages === delta[2] && row.checkins === delta[3]) newlyActive.set(row.day, (newlyActive.get(row.day) ?? 0) + 1);
      }
      return newlyActive;
    },
    async memberMonths(trx, communityId, rows) {
      await addCounts(trx, 'member_months', ['community_id', 'member_id', 'month'], ['messages', 'checkins'],
        rows.map(([member_id, month, messages, checkins]) => ({ community_id: communityId, member_id, month, messages, checkins })));
    },
    async communityDays(trx, communityId, rows) {
      await addCounts(trx, 'community_days', ['community_id', 'day'], ['messages', 'checkins', 'active_members'],
        rows.map(([day, messages, checkins, active_members]) => ({ community_id: communityId, day, messages, checkins, active_members })));
    },
    async groupMemberDays(trx, rows) {
      await addCounts(trx, 'group_member_days', ['group_id', 'member_id', 'day'], ['messages', 'checkins'],
        rows.map(([group_id, member_id, day, messages, checkins]) => ({ group_id, member_id, day, messages, checkins })));
    },
    async groupDays(trx, rows) {
      await addCounts(trx, 'group_days', ['group_id', 'day'], ['messages', 'checkins'],
        rows.map(([group_id, day, messages, checkins]) => ({ group_id, day, messages, checkins })));
    },
    async memberships(trx, communityId, rows) {
      for (const part of chunks(rows)) {
        await trx
          .insertInto('memberships')
          .values(part.map(([group_id, member_id, first_day]) => ({ group_id, member_id, community_id: communityId, first_day })))
          // Written only when the first day moves: an unchanged row would still be locked until commit.
          .onConflict((oc) =>
            oc
              .columns(['group_id', 'member_id'])
              .doUpdateSet({ first_day: sql.ref('excluded.first_day') })
              .where(sql<boolean>`excluded.first_day < memberships.first_day`),
          )
          .execute();
      }
    },
    async lowerFirstDays(trx, table, firstDays) {
      // One statement per distinct day: imports span hundreds of days, not millions.
      const idsByDay = new Map<number, number[]>();
      for (const [id, day] of firstDays) {
        const ids = idsByDay.get(day) ?? [];
        ids.push(id);
        idsByDay.set(day, ids);
      }
      // Only rows that change are written: an unchanged row would still be locked until commit,
      // and concurrent check-in batches all touch the same group's row. Ids in order, so two
      // transactions lock shared rows in the same order and cannot deadlock on them.
      for (const [day, ids] of idsByDay) {
        for (const part of chunks(ids.sort((a, b) => a - b))) {
          await trx
            .updateTable(table)
            .set({ first_day: day })
            .where('id', 'in', part)
            .where((eb) => eb.or([eb('first_day', 'is', null), eb('first_day', '>', day)]))
            .execute();
        }
      }
    },
    async markReplyLinked(trx, groupIds) {
      await trx.updateTable('groups').set({ has_reply_links: 1 }).where('id', 'in', groupIds).execute();
    },
    async widenCommunityDays(trx, communityId, first, last) {
      // Written only when it widens: every check-in batch of the community reaches this row.
      await trx
        .updateTable('communities')
        .set({
          first_day: sql`case when first_day is null or first_day > ${first} then ${first} else first_day end`,
          last_day: sql`case when last_day is null or last_day < ${last} then ${last} else last_day end`,
        })
        .where('id', '=', communityId)
        .where((eb) => eb.or([eb('first_day', 'is', null), eb('first_day', '>', first), eb('last_day', 'is', null), eb('last_day', '<', last)]))
        .execute();
    },
  };
}
