import { CompiledQuery, sql, type Insertable, type Transaction } from 'kysely';
import { coalesce, firstOfEachKey, perDistinctKey } from '../../kernel/db/coalesce.js';
import type { DatabaseHandle, Executor } from '../../kernel/db/database.js';
import { namedStatement } from '../../kernel/db/pg-named-statements.js';
import type { CampRow, CheckinRow, CheckinsTable } from '../../kernel/db/schema-camps.js';
import type { Database } from '../../kernel/db/schema.js';
import {
  sqliteResolvedEventAppender,
  insertResolvedEventsFrom,
  type ResolvedEvent,
} from '../../kernel/event-log/resolved-events.js';
import { findByTokenHashes, type findByTokenHash, type MemberCheckinRow } from '../camp/camp.repo.js';

/** Kysely queries for check-ins, and the one write that logs a check-in as an event. */

/** A member's check-ins in a camp (voided ones included, flagged), by day. */
export function memberCheckins(db: Executor, campId: number, memberId: number) {
  return db
    .selectFrom('checkins')
    .select(['id', 'day', 'kind', 'at', 'voided_at'])
    .where('camp_id', '=', campId)
    .where('member_id', '=', memberId)
    .orderBy('day')
    .execute();
}

/** Every check-in of a camp, for the enrolment list's streaks. */
export function campCheckinDays(db: Executor, campId: number) {
  return db
    .selectFrom('checkins')
    .select(['member_id', 'day', 'kind', 'voided_at'])
    .where('camp_id', '=', campId)
    .execute();
}

export function findCheckin(db: Executor, campId: number, checkinId: number) {
  return db
    .selectFrom('checkins')
    .selectAll()
    .where('camp_id', '=', campId)
    .where('id', '=', checkinId)
    .executeTakeFirst();
}

/** A member's idempotency key in a camp, as a map key (keys are unique per camp and member). */
const idempotencyKeyOf = (campId: number, memberId: number, key: string) => `${campId}|${memberId}|${key}`;

/** On PostgreSQL, many idempotency keys looked up in one query: the (camp, member, key) triples as three arrays. */
const checkinsByIdempotencyKey = coalesce(
  perDistinctKey(
    (k: { campId: number; memberId: number; key: string }) => idempotencyKeyOf(k.campId, k.memberId, k.key),
    async (trx: Transaction<Database>, keys) => {
      const rows = await trx
        .selectFrom('checkins')
        .selectAll()
        .where(
          sql<boolean>`(camp_id, member_id, idempotency_key) in (select * from unnest(${keys.map((k) => k.campId)}::bigint[], ${keys.map((k) => k.memberId)}::bigint[], ${keys.map((k) => k.key)}::text[]))`,
        )
        .execute();
      return new Map(rows.map((row) => [idempotencyKeyOf(row.camp_id, row.member_id, row.idempotency_key!), row]));
    },
    () => undefined,
  ),
);

export function checkinsOfDay(db: Executor, campId: number, day: number) {
  return db
    .selectFrom('checkins as c')
    .innerJoin('members as m', 'm.id', 'c.member_id')
    .selectAll('c')
    .select('m.display_name')
    .where('c.camp_id', '=', campId)
    .where('c.day', '=', day)
    .orderBy('c.at')
    .execute();
}

export async function voidCheckin(
  db: Executor,
  checkinId: number,
  values: { at: number; reason: string; accountId: number | null },
): Promise<void> {
  await db
    .updateTable('checkins')
    .set({ voided_at: values.at, void_reason: values.reason, voided_by: values.accountId })
    .where('id', '=', checkinId)
    .execute();
}

/** Where a check-in's event goes: its group, and its local date (a late-night check-in may count for yesterday). */
export interface CheckinEventPlace {
  groupId: number;
  day: number;
}

/** A stored check-in: its id, and whether its event was logged now (false: logged before). */
export interface StoredCheckin {
  id: number;
  logged: boolean;
}

/** A check-in's event in the log: a `checkin` event of platform `web`, source id `checkin:<id>`. */
export const checkinEvent = (id: number, checkin: CheckinInsert, place: CheckinEventPlace): ResolvedEvent => ({
  communityId: checkin.community_id,
  groupId: place.groupId,
  memberId: checkin.member_id,
  platform: 'web',
  sourceId: `checkin:${id}`,
  kind: 'checkin',
  occurredAt: checkin.at,
  day: place.day,
  text: checkin.text ?? null,
});

/** The queries every check-in makes, in the caller's transaction. */
export interface CheckinWrites {
  memberCheckins(
    trx: Transaction<Database>,
    campId: number,
    memberId: number,
  ): Promise<MemberCheckinRow[]> | MemberCheckinRow[];
  /**
   * Stores the check-in and logs it as an event (see `eventRow`), so reports and the event log
   * see it the moment it is acknowledged, without ingest's identity resolution (the member is
   * known); null when a unique key (the day, the idempotency key) held the check-in back.
   */
  insertCheckin(
    trx: Transaction<Database>,
    values: CheckinInsert,
    place: CheckinEventPlace,
  ): Promise<StoredCheckin | null> | StoredCheckin | null;
  /** The enrolment behind a personal link, with its camp and the community's zone. */
  targetByTokenHash(
    trx: Transaction<Database>,
    tokenHash: string,
  ): Promise<CheckinTarget | undefined> | CheckinTarget | undefined;
  /**
   * The check-in a member stored under an idempotency key, if any (keys are each member's own):
   * asked only once a check-in is refused or held back by a unique key, since a retry's first
   * attempt, once stored, takes its day or its key. On PostgreSQL coalesced like the rest: one
   * answered per item would set the items of a batch apart, each reaching its next query in a
   * turn of its own.
   */
  byIdempotencyKey(
    trx: Transaction<Database>,
    campId: number,
    memberId: number,
    key: string,
  ): Promise<CheckinRow | undefined> | CheckinRow | undefined;
}

export type TokenTarget = NonNullable<Awaited<ReturnType<typeof findByTokenHash>>>;

/** The member a check-in is for, with their camp: from a personal link or from staff naming them. */
export interface CheckinTarget {
  camp: CampRow;
  communityId: number;
  timezone: string;
  memberId: number;
  groupId: number;
}

/** A personal link's enrolment as a check-in target, and the rest of the row for member pages. */
export function targetOf(row: TokenTarget): CheckinTarget & { displayName: string; optedOut: boolean } {
  const { member_id, group_id, opted_out_of_reminders, display_name, timezone, ...camp } = row;
  return {
    camp,
    communityId: camp.community_id,
    timezone,
    memberId: member_id,
    groupId: group_id,
    displayName: display_name,
    optedOut: opted_out_of_reminders === 1,
  };
}

type Trx = Transaction<Database>;
type CheckinInsert = Insertable<CheckinsTable>;

/** A member in a camp, as a map key. */
const campMemberKey = (campId: number, memberId: number) => `${campId}:${memberId}`;

/** On PostgreSQL, many members' check-ins in one query: the (camp, member) pairs as two arrays. */
const checkinsOfMembers = coalesce(
  perDistinctKey(
    (m: { campId: number; memberId: number }) => campMemberKey(m.campId, m.memberId),
    async (trx: Trx, members) => {
      const rows = await trx
        .selectFrom('checkins')
        .select(['camp_id', 'member_id', 'id', 'day', 'kind', 'at', 'voided_at'])
        .where(
          sql<boolean>`(camp_id, member_id) in (select * from unnest(${members.map((m) => m.campId)}::bigint[], ${members.map((m) => m.memberId)}::bigint[]))`,
        )
        .orderBy('day')
        .execute();
      const byMember = new Map<string, MemberCheckinRow[]>();
      for (const { camp_id, member_id, ...row } of rows) {
        const key = campMemberKey(camp_id, member_id);
        const list = byMember.get(key);
        if (list) list.push(row);
        else byMember.set(key, [row]);
      }
      return byMember;
    },
    (): MemberCheckinRow[] => [],
  ),
);

const checkinDayKey = (r: { camp_id: number; member_id: number; day: number }) =>
  `${r.camp_id}:${r.member_id}:${r.day}`;

/**
 * Check-ins and their events in one statement (PostgreSQL), one row per check-in as arrays: the
 * event rows (as `checkinEvent` makes them) come from the check-ins the first insert returns, so a
 * batch logs its events without a round trip of their own. Named: the text is the same for any
 * number of rows.
 */
const INSERT_CHECKINS_WITH_EVENTS = namedStatement(`
with input as (
  select * from unnest($1::int8[], $2::int8[], $3::int8[], $4::int4[], $5::int8[], $6::text[], $7::text[], $8::text[],
                       $9::float8[], $10::text[], $11::text[], $12::text[], $13::int8[], $14::int4[])
    as t(camp_id, community_id, member_id, day, at, source, kind, text, number, link, image_path, idempotency_key, group_id, event_day)
), stored as (
  insert into checkins (camp_id, community_id, member_id, day, at, source, kind, text, number, link, image_path, idempotency_key)
  select camp_id, community_id, member_id, day, at, source, kind, text, number, link, image_path, idempotency_key from input
  on conflict do nothing
  returning id, camp_id, member_id, day, community_id, at, text
), logged as (
  ${insertResolvedEventsFrom(
    `select s.community_id, i.group_id, s.member_id, 'web', 'checkin:' || s.id, 'checkin', s.at, i.event_day, s.text
  from stored s join input i on i.camp_id = s.camp_id and i.member_id = s.member_id and i.day = s.day`,
    'source_id',
  )}
)
select s.id, s.camp_id, s.member_id, s.day, exists (select 1 from logged l where l.source_id = 'checkin:' || s.id) as logged
from stored s`);

type CheckinWithPlace = { row: CheckinInsert; place: CheckinEventPlace };
type StoredRow = { id: number; camp_id: number; member_id: number; day: number; logged: boolean };

/** On PostgreSQL, many check-ins and their events in one statement; a check-in a unique key held back answers undefined. */
const insertCheckins = coalesce(
  firstOfEachKey(
    ({ row }: CheckinWithPlace) => [
      checkinDayKey(row),
      row.idempotency_key == null ? null : idempotencyKeyOf(row.camp_id, row.member_id, row.idempotency_key),
    ],
    checkinDayKey,
    async (trx: Trx, items: CheckinWithPlace[]) => {
      const column = <T>(of: (item: CheckinWithPlace) => T) => items.map(of);
      const { rows } = await trx.executeQuery<StoredRow>(
        CompiledQuery.raw(INSERT_CHECKINS_WITH_EVENTS, [
          column((i) => i.row.camp_id),
          column((i) => i.row.community_id),
          column((i) => i.row.member_id),
          column((i) => i.row.day),
          column((i) => i.row.at),
          column((i) => i.row.source),
          column((i) => i.row.kind),
          column((i) => i.row.text ?? null),
          column((i) => i.row.number ?? null),
          column((i) => i.row.link ?? null),
          column((i) => i.row.image_path ?? null),
          column((i) => i.row.idempotency_key ?? null),
          column((i) => i.place.groupId),
          column((i) => i.place.day),
        ]),
      );
      return rows;
    },
  ),
);

/** Per transaction, members' check-ins read with their personal links, until the check-in asks for them. */
const readWithLinks = new WeakMap<Trx, Map<string, MemberCheckinRow[]>>();

/**
 * On PostgreSQL, many personal links looked up in one query, which also reads each member's
 * check-ins: `memberCheckins` then answers from those, one round trip fewer for the batch.
 */
const targetsByTokenHash = coalesce(async (trx: Trx, hashes: string[]) => {
  const rows = await findByTokenHashes(trx, [...new Set(hashes)]);
  let read = readWithLinks.get(trx);
  if (!read) readWithLinks.set(trx, (read = new Map()));
  const byHash = new Map<string, CheckinTarget>();
  for (const { token_hash, checkins, ...row } of rows) {
    const target = targetOf(row);
    byHash.set(token_hash, target);
    read.set(campMemberKey(target.camp.id, target.memberId), checkins);
  }
  return hashes.map((hash) => byHash.get(hash));
});

/** The member's check-ins read with their link in this transaction, once: a later read goes to the table. */
function takeReadWithLink(trx: Trx, campId: number, memberId: number): MemberCheckinRow[] | undefined {
  const read = readWithLinks.get(trx);
  const key = campMemberKey(campId, memberId);
  const rows = read?.get(key);
  if (rows) read!.delete(key);
  return rows;
}

/**
 * PostgreSQL's check-in queries. A batch runs its check-ins side by side in one transaction (see
 * checkin.commit), so each kind of query is coalesced into one per turn of the event loop: a
 * round trip, not a row, is what a check-in costs there.
 */
const kyselyWrites: CheckinWrites = {
  memberCheckins: (trx, campId, memberId) =>
    takeReadWithLink(trx, campId, memberId) ?? checkinsOfMembers(trx, { campId, memberId }),
  insertCheckin: async (trx, row, place) => (await insertCheckins(trx, { row, place })) ?? null,
  targetByTokenHash: targetsByTokenHash,
  byIdempotencyKey: (trx, campId, memberId, key) => checkinsByIdempotencyKey(trx, { campId, memberId, key }),
};

const sqliteWrites = new WeakMap<object, CheckinWrites>();

/**
 * On SQLite, the check-in's queries as prepared statements on the transaction's own connection
 * (as the event writer does): building and preparing a query per call cost more than running it.
 */
export function checkinWrites(handle: DatabaseHandle): CheckinWrites {
  const sqlite = handle.sqlite;
  if (!sqlite) return kyselyWrites;
  let writes = sqliteWrites.get(sqlite);
  if (writes) return writes;
  const select = sqlite.prepare(
    'select id, day, kind, at, voided_at from checkins where camp_id = ? and member_id = ? order by day',
  );
  const checkinColumns = [
    'camp_id',
    'community_id',
    'member_id',
    'day',
    'at',
    'source',
    'kind',
    'text',
    'number',
    'link',
    'image_path',
    'idempotency_key',
  ] as const;
  const insert = sqlite.prepare(
    `insert into checkins (${checkinColumns.join(', ')}) values (${checkinColumns.map(() => '?').join(', ')}) on conflict do nothing`,
  );
  const appendEvent = sqliteResolvedEventAppender(sqlite);
  const targetByTokenHash = cachedCampTargets(sqlite);
  const byKey = sqlite.prepare('select * from checkins where camp_id = ? and member_id = ? and idempotency_key = ?');
  writes = {
    targetByTokenHash: (_trx, hash) => targetByTokenHash(hash),
    memberCheckins: (_trx, campId, memberId) => select.all(campId, memberId) as MemberCheckinRow[],
    insertCheckin(_trx, values, place) {
      const result = insert.run(checkinColumns.map((c) => values[c] ?? null));
      if (result.changes !== 1) return null;
      const id = Number(result.lastInsertRowid);
      return { id, logged: appendEvent(checkinEvent(id, values, place)) };
    },
    byIdempotencyKey: (_trx, campId, memberId, key) => byKey.get(campId, memberId, key) as CheckinRow | undefined,
  };
  sqliteWrites.set(sqlite, writes);
  return writes;
}

/**
 * Check-in targets by token digest, with each camp's row kept between check-ins: the lookup reads
 * the enrolment and the camp's revision (every edit raises it), and the whole row, with its
 * settings, only when the revision is new. A community's time zone is read each time (it is one
 * column). The camp objects are shared, so their parsed settings can be kept too (`campConfigOf`).
 */
function cachedCampTargets(sqlite: NonNullable<DatabaseHandle['sqlite']>) {
  const enrolment = sqlite.prepare(
    `select e.camp_id, e.member_id, e.group_id, c.revision, k.timezone from camp_enrolments e
     join camps c on c.id = e.camp_id join communities k on k.id = c.community_id where e.token_hash = ?`,
  );
  const campById = sqlite.prepare('select * from camps where id = ?');
  const camps = new Map<number, CampRow>();
  type EnrolmentRow = { camp_id: number; member_id: number; group_id: number; revision: number; timezone: string };
  return (tokenHash: string): CheckinTarget | undefined => {
    const row = enrolment.get(tokenHash) as EnrolmentRow | undefined;
    if (!row) return undefined;
    let camp = camps.get(row.camp_id);
    if (!camp || camp.revision !== row.revision) {
      camp = campById.get(row.camp_id) as CampRow;
      camps.set(row.camp_id, camp);
    }
    return {
      camp,
      communityId: camp.community_id,
      timezone: row.timezone,
      memberId: row.member_id,
      groupId: row.group_id,
    };
  };
}
