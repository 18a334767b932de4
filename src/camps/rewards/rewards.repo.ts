import { CompiledQuery, type Transaction } from 'kysely';
import { coalesce, firstOfEachKey } from '../../kernel/db/coalesce.js';
import type { DatabaseHandle, Executor } from '../../kernel/db/database.js';
import { namedStatement } from '../../kernel/db/pg-named-statements.js';
import type { Database } from '../../kernel/db/schema.js';

/**
 * Queries of points, badges and milestone grants. The three inserts run inside every check-in's
 * transaction, so on SQLite they are prepared statements (as checkin.repo's writes are); each is
 * "insert unless its unique key exists" and says whether it inserted, which is how a check-in
 * learns what it newly earned without reading first.
 */

export interface LedgerInsert {
  communityId: number;
  campId: number | null;
  memberId: number;
  day: number;
  action: string;
  points: number;
  key: string;
  checkinId: number | null;
  now: number;
}

export interface BadgeInsert {
  campId: number;
  memberId: number;
  code: string;
  day: number;
  params: object;
  checkinId: number | null;
  now: number;
}

export interface MilestoneInsert {
  campId: number;
  memberId: number;
  milestoneDay: number;
  day: number;
  points: number;
  checkinId: number | null;
  now: number;
}

const ledgerRow = (e: LedgerInsert) => ({
  community_id: e.communityId,
  camp_id: e.campId,
  member_id: e.memberId,
  day: e.day,
  action: e.action,
  points: e.points,
  key: e.key,
  checkin_id: e.checkinId,
  created_at: e.now,
});
const badgeRow = (b: BadgeInsert) => ({
  camp_id: b.campId,
  member_id: b.memberId,
  code: b.code,
  day: b.day,
  params: JSON.stringify(b.params),
  checkin_id: b.checkinId,
  created_at: b.now,
});
const milestoneRow = (m: MilestoneInsert) => ({
  camp_id: m.campId,
  member_id: m.memberId,
  milestone_day: m.milestoneDay,
  day: m.day,
  points: m.points,
  checkin_id: m.checkinId,
  created_at: m.now,
});

export async function insertLedger(db: Executor, entry: LedgerInsert): Promise<boolean> {
  const row = await db
    .insertInto('points_ledger')
    .values(ledgerRow(entry))
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertBadge(db: Executor, badge: BadgeInsert): Promise<boolean> {
  const row = await db
    .insertInto('camp_badges')
    .values(badgeRow(badge))
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertMilestone(db: Executor, grant: MilestoneInsert): Promise<boolean> {
  const row = await db
    .insertInto('camp_milestone_grants')
    .values(milestoneRow(grant))
    .onConflict((oc) => oc.doNothing())
    .returning('camp_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The three writes of a check-in's rewards, in the caller's transaction. */
export interface RewardWrites {
  insertLedger(trx: Transaction<Database>, entry: LedgerInsert): Promise<boolean> | boolean;
  insertBadge(trx: Transaction<Database>, badge: BadgeInsert): Promise<boolean> | boolean;
  insertMilestone(trx: Transaction<Database>, grant: MilestoneInsert): Promise<boolean> | boolean;
}

type Trx = Transaction<Database>;
const ledgerKey = (r: { community_id: number; key: string }) => `${r.community_id}:${r.key}`;
const badgeKey = (r: { camp_id: number; member_id: number; code: string }) => `${r.camp_id}:${r.member_id}:${r.code}`;
const milestoneKey = (r: { camp_id: number; member_id: number; milestone_day: number }) =>
  `${r.camp_id}:${r.member_id}:${r.milestone_day}`;

type LedgerRow = ReturnType<typeof ledgerRow>;

/** The ledger's columns as the named insert takes them, each with its array's element type. */
const LEDGER_COLUMN_TYPES = {
  community_id: 'int8',
  camp_id: 'int8',
  member_id: 'int8',
  day: 'int4',
  action: 'text',
  points: 'int4',
  key: 'text',
  checkin_id: 'int8',
  created_at: 'int8',
} as const satisfies Record<keyof LedgerRow, string>;
const LEDGER_COLUMNS = Object.keys(LEDGER_COLUMN_TYPES) as Array<keyof LedgerRow>;

/**
 * A batch's ledger rows as one array per column: the text is the same for any number of rows, so
 * it is named, parsed and planned once per connection. Every check-in writes ledger rows, and
 * parsing and planning a multi-row insert cost ~0.5 ms a batch in the surge, a third of the insert.
 * The column list and the arrays' order both come from `LEDGER_COLUMN_TYPES`, so they cannot drift apart.
 */
const INSERT_LEDGER = namedStatement(`
insert into points_ledger (${LEDGER_COLUMNS.join(', ')})
select * from unnest(${LEDGER_COLUMNS.map((column, i) => `$${i + 1}::${LEDGER_COLUMN_TYPES[column]}[]`).join(', ')})
on conflict do nothing
returning community_id, key`);

/** On PostgreSQL, the rows of check-ins running side by side in one transaction: one insert per table. */
const insertLedgers = coalesce(
  firstOfEachKey(
    (row: LedgerRow) => [ledgerKey(row)],
    ledgerKey,
    async (trx: Trx, rows) => {
      const parameters = LEDGER_COLUMNS.map((column) => rows.map((row) => row[column]));
      const { rows: inserted } = await trx.executeQuery<{ community_id: number; key: string }>(
        CompiledQuery.raw(INSERT_LEDGER, parameters),
      );
      return inserted;
    },
  ),
);
const insertBadges = coalesce(
  firstOfEachKey(
    (row: ReturnType<typeof badgeRow>) => [badgeKey(row)],
    badgeKey,
    (trx: Trx, rows) =>
      trx
        .insertInto('camp_badges')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .returning(['camp_id', 'member_id', 'code'])
        .execute(),
  ),
);
const insertMilestones = coalesce(
  firstOfEachKey(
    (row: ReturnType<typeof milestoneRow>) => [milestoneKey(row)],
    milestoneKey,
    (trx: Trx, rows) =>
      trx
        .insertInto('camp_milestone_grants')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .returning(['camp_id', 'member_id', 'milestone_day'])
        .execute(),
  ),
);

const kyselyWrites: RewardWrites = {
  insertLedger: async (trx, e) => (await insertLedgers(trx, ledgerRow(e))) !== undefined,
  insertBadge: async (trx, b) => (await insertBadges(trx, badgeRow(b))) !== undefined,
  insertMilestone: async (trx, m) => (await insertMilestones(trx, milestoneRow(m))) !== undefined,
};
const sqliteWrites = new WeakMap<object, RewardWrites>();

function prepareInsert(sqlite: NonNullable<DatabaseHandle['sqlite']>, table: string, sample: object) {
  const columns = Object.keys(sample);
  const statement = sqlite.prepare(
    `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')}) on conflict do nothing`,
  );
  return (row: object) => statement.run(Object.values(row)).changes === 1;
}

/** The reward writes for `handle`: prepared statements on SQLite's one connection, Kysely elsewhere. */
export function rewardWrites(handle: DatabaseHandle): RewardWrites {
  const sqlite = handle.sqlite;
  if (!sqlite) return kyselyWrites;
  let writes = sqliteWrites.get(sqlite);
  if (writes) return writes;
  const ledger = prepareInsert(
    sqlite,
    'points_ledger',
    ledgerRow({ communityId: 0, campId: 0, memberId: 0, day: 0, action: '', points: 0, key: '', checkinId: 0, now: 0 }),
  );
  const badge = prepareInsert(
    sqlite,
    'camp_badges',
    badgeRow({ campId: 0, memberId: 0, code: '', day: 0, params: {}, checkinId: 0, now: 0 }),
  );
  const milestone = prepareInsert(
    sqlite,
    'camp_milestone_grants',
    milestoneRow({ campId: 0, memberId: 0, milestoneDay: 0, day: 0, points: 0, checkinId: 0, now: 0 }),
  );
  writes = {
    insertLedger: (_trx, e) => ledger(ledgerRow(e)),
    insertBadge: (_trx, b) => badge(badgeRow(b)),
    insertMilestone: (_trx, m) => milestone(milestoneRow(m)),
  };
  sqliteWrites.set(sqlite, writes);
  return writes;
}

/** A ledger entry by its idempotency key (a voided check-in's own points, say). */
export function ledgerEntry(db: Executor, communityId: number, key: string) {
  return db
    .selectFrom('points_ledger')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('key', '=', key)
    .executeTakeFirst();
}

/** What one check-in earned, read back for a retried request. */
export async function earnedBy(db: Executor, campId: number, memberId: number, checkinId: number) {
  const [points, milestones, badges] = await Promise.all([
    db
      .selectFrom('points_ledger')
      .select('points')
      .where('member_id', '=', memberId)
      .where('checkin_id', '=', checkinId)
      .where('points', '>', 0)
      .execute(),
    db
      .selectFrom('camp_milestone_grants')
      .select('milestone_day')
      .where('camp_id', '=', campId)
      .where('member_id', '=', memberId)
      .where('checkin_id', '=', checkinId)
      .orderBy('milestone_day')
      .execute(),
    db
      .selectFrom('camp_badges')
      .select('code')
      .where('camp_id', '=', campId)
      .where('member_id', '=', memberId)
      .where('checkin_id', '=', checkinId)
      .orderBy('id')
      .execute(),
  ]);
  return {
    points: points.reduce((sum, r) => sum + Number(r.points), 0),
    milestones: milestones.map((r) => r.milestone_day),
    badges: badges.map((r) => r.code),
  };
}

/** A member's points total in a community, every camp and contribution together. */
export async function memberTotal(db: Executor, memberId: number): Promise<number> {
  const row = await db
    .selectFrom('points_ledger')
    .select((eb) => eb.fn.sum<number>('points').as('total'))
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

/** The member's badges and milestone grants in a camp. */
export async function memberAwards(db: Executor, campId: number, memberId: number) {
  const [badges, milestones] = await Promise.all([
    db
      .selectFrom('camp_badges')
      .select(['code', 'day', 'params'])
      .where('camp_id', '=', campId)
      .where('member_id', '=', memberId)
      .orderBy('day')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('camp_milestone_grants')
      .select(['milestone_day', 'day'])
      .where('camp_id', '=', campId)
      .where('member_id', '=', memberId)
      .orderBy('milestone_day')
      .execute(),
  ]);
  return { badges, milestones };
}
