import type { DatabaseHandle, Executor } from '../../kernel/db/database.js';
import type { CopyFlagStatus } from '../../kernel/db/schema-camps.js';

/** Kysely queries of copy detection and copy flags. */

export interface TextRow {
  id: number;
  member_id: number;
  day: number;
  at: number;
  text: string;
}

/** Reads of a camp's check-in texts, for the in-memory shingle index. */
export interface TextReads {
  /** Texts of check-ins counting for `fromDay` or later: the index's first build. */
  since(trx: Executor, campId: number, fromDay: number): Promise<TextRow[]> | TextRow[];
  /** Texts of check-ins with an id above `afterId`: the index catching up. */
  after(trx: Executor, campId: number, afterId: number, fromDay: number): Promise<TextRow[]> | TextRow[];
}

const kyselyReads: TextReads = {
  since: (db, campId, fromDay) =>
    db
      .selectFrom('checkins')
      .select(['id', 'member_id', 'day', 'at', 'text'])
      .where('camp_id', '=', campId)
      .where('day', '>=', fromDay)
      .where('text', 'is not', null)
      .orderBy('id')
      .execute() as Promise<TextRow[]>,
  after: (db, campId, afterId, fromDay) =>
    db
      .selectFrom('checkins')
      .select(['id', 'member_id', 'day', 'at', 'text'])
      .where('camp_id', '=', campId)
      .where('id', '>', afterId)
      .where('day', '>=', fromDay)
      .where('text', 'is not', null)
      .orderBy('id')
      .execute() as Promise<TextRow[]>,
};

const sqliteReads = new WeakMap<object, TextReads>();

/**
 * On SQLite, prepared statements on the one connection; the catch-up walks the rowid range
 * (`+camp_id` keeps the planner off the camp index, which would visit every check-in of the camp).
 */
export function textReads(handle: DatabaseHandle): TextReads {
  const sqlite = handle.sqlite;
  if (!sqlite) return kyselyReads;
  let reads = sqliteReads.get(sqlite);
  if (reads) return reads;
  const since = sqlite.prepare(
    'select id, member_id, day, at, text from checkins where camp_id = ? and day >= ? and text is not null order by id',
  );
  const after = sqlite.prepare(
    'select id, member_id, day, at, text from checkins where id > ? and +camp_id = ? and day >= ? and text is not null order by id',
  );
  reads = {
    since: (_db, campId, fromDay) => since.all(campId, fromDay) as TextRow[],
    after: (_db, campId, afterId, fromDay) => after.all(afterId, campId, fromDay) as TextRow[],
  };
  sqliteReads.set(sqlite, reads);
  return reads;
}

export function checkinText(db: Executor, campId: number, checkinId: number) {
  return db
    .selectFrom('checkins')
    .select(['id', 'member_id', 'day', 'at', 'text'])
    .where('camp_id', '=', campId)
    .where('id', '=', checkinId)
    .executeTakeFirst();
}

/** A member's own check-in texts in a camp made before `beforeAt`. */
export function ownTextsBefore(db: Executor, campId: number, memberId: number, beforeAt: number) {
  return db
    .selectFrom('checkins')
    .select(['id', 'member_id', 'day', 'at', 'text'])
    .where('camp_id', '=', campId)
    .where('member_id', '=', memberId)
    .where('at', '<', beforeAt)
    .where('text', 'is not', null)
    .execute() as Promise<TextRow[]>;
}

export async function insertFlag(
  db: Executor,
  flag: {
    communityId: number;
    campId: number;
    checkinId: number;
    originalId: number;
    score: number;
    jaccard: number;
    now: number;
  },
): Promise<void> {
  await db
    .insertInto('camp_copy_flags')
    .values({
      community_id: flag.communityId,
      camp_id: flag.campId,
      checkin_id: flag.checkinId,
      original_checkin_id: flag.originalId,
      score: flag.score,
      jaccard: flag.jaccard,
      status: 'open',
      created_at: flag.now,
      resolved_by: null,
      resolved_at: null,
      resolution_reason: null,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Marks the open flag of a check-in (if any) with `status`; how many flags changed. */
export async function closeOpenFlags(
  db: Executor,
  checkinId: number,
  status: CopyFlagStatus,
  by: { accountId: number | null; at: number; reason: string | null },
) {
  const result = await db
    .updateTable('camp_copy_flags')
    .set({ status, resolved_by: by.accountId, resolved_at: by.at, resolution_reason: by.reason })
    .where('checkin_id', '=', checkinId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A camp's flags with both check-ins and their authors, newest first. */
export function listFlags(db: Executor, campId: number, filter: { status?: CopyFlagStatus; flagId?: number } = {}) {
  let query = db
    .selectFrom('camp_copy_flags as f')
    .innerJoin('checkins as c', 'c.id', 'f.checkin_id')
    .innerJoin('members as cm', 'cm.id', 'c.member_id')
    .innerJoin('checkins as o', 'o.id', 'f.original_checkin_id')
    .innerJoin('members as om', 'om.id', 'o.member_id')
    .select([
      'f.id',
      'f.score',
      'f.jaccard',
      'f.status',
      'f.created_at',
      'f.resolved_at',
      'f.resolution_reason',
      'c.id as c_id',
      'c.member_id as c_member_id',
      'cm.display_name as c_name',
      'c.day as c_day',
      'c.at as c_at',
      'c.text as c_text',
      'o.id as o_id',
      'o.member_id as o_member_id',
      'om.display_name as o_name',
      'o.day as o_day',
      'o.at as o_at',
      'o.text as o_text',
    ])
    .where('f.camp_id', '=', campId);
  if (filter.status) query = query.where('f.status', '=', filter.status);
  if (filter.flagId !== undefined) query = query.where('f.id', '=', filter.flagId);
  return query.orderBy('f.created_at', 'desc').orderBy('f.id', 'desc').execute();
}

export type FlagRow = Awaited<ReturnType<typeof listFlags>>[number];

export async function countOpenFlags(db: Executor, campId: number): Promise<number> {
  const row = await db
    .selectFrom('camp_copy_flags')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('camp_id', '=', campId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Resolves an open flag; false when it was resolved already (a second click, a race). */
export async function resolveFlag(
  db: Executor,
  flagId: number,
  status: CopyFlagStatus,
  by: { accountId: number; at: number; reason: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('camp_copy_flags')
    .set({ status, resolved_by: by.accountId, resolved_at: by.at, resolution_reason: by.reason })
    .where('id', '=', flagId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
