import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

interface Counts {
  messages: number;
  checkins: number;
}

const CHUNK = 400;

function bump<K>(map: Map<K, Counts>, key: K, kind: 'message' | 'checkin') {
  let counts = map.get(key);
  if (!counts) {
    counts = { messages: 0, checkins: 0 };
    map.set(key, counts);
  }
  if (kind === 'message') counts.messages++;
  else counts.checkins++;
}

function keepMin<K>(map: Map<K, number>, key: K, day: number) {
  const known = map.get(key);
  if (known === undefined || day < known) map.set(key, day);
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

const sep = '\u0000';

/**
 * Day rollups kept up to date at ingest, so reports read thousands of rows instead of millions of
 * events. Deltas accumulate in memory and are added to the stored rows by `flush`, which also
 * counts a member as newly active on a day exactly when their member-day row is created.
 */
export class RollupAccumulator {
  private memberDays = new Map<string, Counts>();
  private groupMemberDays = new Map<string, Counts>();
  private groupDays = new Map<string, Counts>();
  private memberFirstDay = new Map<number, number>();
  private groupFirstDay = new Map<number, number>();
  private membershipFirstDay = new Map<string, number>();
  private replyLinkedGroups = new Set<number>();
  size = 0;

  constructor(private readonly communityId: number) {}

  /** Records one newly stored event. `memberIsCounted` is false for bots. */
  add(event: { group_id: number; member_id: number | null; kind: string; day: number; linked: boolean }, memberIsCounted: boolean) {
    const { group_id: groupId, member_id: memberId, kind, day } = event;
    keepMin(this.groupFirstDay, groupId, day);
    if (event.linked) this.replyLinkedGroups.add(groupId);
    if (memberId === null || !memberIsCounted) return;
    keepMin(this.membershipFirstDay, `${groupId}${sep}${memberId}`, day);
    const isActivity = kind === 'message' || kind === 'checkin';
    if (isActivity || kind === 'join') keepMin(this.memberFirstDay, memberId, day);
    if (!isActivity) return;
    bump(this.memberDays, `${memberId}${sep}${day}`, kind);
    bump(this.groupMemberDays, `${groupId}${sep}${memberId}${sep}${day}`, kind);
    bump(this.groupDays, `${groupId}${sep}${day}`, kind);
    this.size++;
  }

  async flush(trx: Transaction<Database>): Promise<void> {
    const communityId = this.communityId;
    const newlyActive = new Map<number, number>();
    const communityDays = new Map<number, Counts>();

    const memberDays = [...this.memberDays].map(([key, c]) => {
      const [member, day] = key.split(sep).map(Number);
      return { community_id: communityId, member_id: member, day, messages: c.messages, checkins: c.checkins };
    });
    const stored = await addCounts(trx, 'member_days', ['community_id', 'member_id', 'day'], ['messages', 'checkins'], memberDays, ['member_id', 'day', 'messages', 'checkins']);
    const added = new Map(memberDays.map((v) => [`${v.member_id}${sep}${v.day}`, v]));
    for (const row of stored) {
      const delta = added.get(`${row.member_id}${sep}${row.day}`)!;
      // The stored row equals what this flush added exactly when the row is new: a newly active member.
      if (row.messages === delta.messages && row.checkins === delta.checkins) newlyActive.set(row.day, (newlyActive.get(row.day) ?? 0) + 1);
      const day = communityDays.get(row.day) ?? { messages: 0, checkins: 0 };
      day.messages += delta.messages;
      day.checkins += delta.checkins;
      communityDays.set(row.day, day);
    }

    await addCounts(trx, 'community_days', ['community_id', 'day'], ['messages', 'checkins', 'active_members'],
      [...communityDays].map(([day, c]) => ({ community_id: communityId, day, ...c, active_members: newlyActive.get(day) ?? 0 })));
    await addCounts(trx, 'group_member_days', ['group_id', 'member_id', 'day'], ['messages', 'checkins'],
      [...this.groupMemberDays].map(([key, c]) => {
        const [group, member, day] = key.split(sep).map(Number);
        return { group_id: group, member_id: member, day, ...c };
      }));
    await addCounts(trx, 'group_days', ['group_id', 'day'], ['messages', 'checkins'],
      [...this.groupDays].map(([key, c]) => {
        const [group, day] = key.split(sep).map(Number);
        return { group_id: group, day, ...c };
      }));

    for (const part of chunks([...this.membershipFirstDay])) {
      await trx
        .insertInto('memberships')
        .values(part.map(([key, day]) => {
          const [group, member] = key.split(sep).map(Number);
          return { group_id: group, member_id: member, community_id: communityId, first_day: day };
        }))
        .onConflict((oc) =>
          oc.columns(['group_id', 'member_id']).doUpdateSet({
            first_day: sql`case when excluded.first_day < memberships.first_day then excluded.first_day else memberships.first_day end`,
          }),
        )
        .execute();
    }

    await lowerFirstDays(trx, 'members', this.memberFirstDay);
    await lowerFirstDays(trx, 'groups', this.groupFirstDay);
    if (this.replyLinkedGroups.size > 0) {
      await trx.updateTable('groups').set({ has_reply_links: 1 }).where('id', 'in', [...this.replyLinkedGroups]).execute();
    }
    this.reset();
  }

  private reset() {
    this.memberDays.clear();
    this.groupMemberDays.clear();
    this.groupDays.clear();
    this.memberFirstDay.clear();
    this.groupFirstDay.clear();
    this.membershipFirstDay.clear();
    this.replyLinkedGroups.clear();
    this.size = 0;
  }
}

type CountTable = 'member_days' | 'group_member_days' | 'group_days' | 'community_days';

/**
 * Inserts rows, or adds their counters to the stored row with the same key. Returns the stored
 * rows' `returning` columns after the addition.
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

/** Sets `first_day` to the earlier of the stored and the new day; one statement per distinct day. */
async function lowerFirstDays(trx: Transaction<Database>, table: 'members' | 'groups', firstDays: Map<number, number>) {
  const idsByDay = new Map<number, number[]>();
  for (const [id, day] of firstDays) {
    const ids = idsByDay.get(day) ?? [];
    ids.push(id);
    idsByDay.set(day, ids);
  }
  for (const [day, ids] of idsByDay) {
    for (const part of chunks(ids)) {
      await trx
        .updateTable(table)
        .set({ first_day: sql`case when first_day is null or first_day > ${day} then ${day} else first_day end` })
        .where('id', 'in', part)
        .execute();
    }
  }
}
