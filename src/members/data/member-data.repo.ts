import { sql } from 'kysely';
import type { Executor } from '../../kernel/db/database.js';
import { type Scrub, scrubColumn, type TableCounts, addCount } from '../../kernel/db/scrub.js';
import { REMOVED_TEXT, anonymousName } from './member-data.types.js';

/** Queries behind a member's export and erasure in the members feature's own tables (and the kernel's). */

export function memberRow(db: Executor, communityId: number, memberId: number) {
  return db
    .selectFrom('members')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('id', '=', memberId)
    .executeTakeFirst();
}

/** The member and every member merged into them, at any depth (a merge chain is one person). */
export async function familyOf(db: Executor, communityId: number, memberId: number): Promise<number[]> {
  const ids = [memberId];
  for (let frontier = [memberId]; frontier.length > 0; ) {
    const rows = await db
      .selectFrom('members')
      .select('id')
      .where('community_id', '=', communityId)
      .where('merged_into', 'in', frontier)
      .execute();
    frontier = rows.map((r) => Number(r.id)).filter((id) => !ids.includes(id));
    ids.push(...frontier);
  }
  return ids;
}

export function exportRows(db: Executor, communityId: number, ids: number[]) {
  const of = <T extends 'identities' | 'member_roles' | 'member_tags' | 'blacklist' | 'care_done'>(table: T) =>
    db
      .selectFrom(table as 'identities')
      .selectAll()
      .where('member_id', 'in', ids)
      .execute() as Promise<unknown[]>;
  return {
    members: () => db.selectFrom('members').selectAll().where('id', 'in', ids).orderBy('id').execute(),
    identities: () => db.selectFrom('identities').selectAll().where('member_id', 'in', ids).orderBy('id').execute(),
    memberships: () =>
      db
        .selectFrom('memberships as m')
        .innerJoin('groups as g', 'g.id', 'm.group_id')
        .select(['g.id', 'g.name', 'g.platform', 'm.first_day', 'm.member_id'])
        .where('m.member_id', 'in', ids)
        .orderBy('g.id')
        .execute(),
    events: () =>
      db
        .selectFrom('events as e')
        .innerJoin('groups as g', 'g.id', 'e.group_id')
        .select([
          'e.id',
          'e.member_id',
          'g.name as group_name',
          'e.platform',
          'e.source_id',
          'e.kind',
          'e.occurred_at',
          'e.text',
          'e.reply_to_source_id',
          'e.is_question',
        ])
        .where('e.community_id', '=', communityId)
        .where('e.member_id', 'in', ids)
        .orderBy('e.occurred_at')
        .orderBy('e.id')
        .execute(),
    questions: () => db.selectFrom('questions').selectAll().where('member_id', 'in', ids).orderBy('asked_at').execute(),
    notes: () =>
      db
        .selectFrom('member_notes as n')
        .leftJoin('accounts as a', 'a.id', 'n.account_id')
        .select(['n.id', 'n.member_id', 'n.kind', 'n.body', 'a.name as author', 'n.created_at'])
        .where('n.member_id', 'in', ids)
        .orderBy('n.id')
        .execute(),
    roles: () => of('member_roles'),
    tags: () => of('member_tags'),
    blacklist: () => of('blacklist'),
    careDone: () => of('care_done'),
    outbox: () =>
      db
        .selectFrom('outbox')
        .select(['id', 'member_id', 'kind', 'platform', 'group_id', 'status', 'text', 'created_at', 'sent_at'])
        .where('community_id', '=', communityId)
        .where('member_id', 'in', ids)
        .orderBy('id')
        .execute(),
    erasures: () =>
      db
        .selectFrom('member_erasures')
        .selectAll()
        .where('community_id', '=', communityId)
        .where('member_id', 'in', ids)
        .execute(),
  };
}

/** Every name and handle the member goes by: what anonymising removes from others' texts too. */
export async function namesOf(db: Executor, ids: number[]): Promise<string[]> {
  const members = await db.selectFrom('members').select('display_name').where('id', 'in', ids).execute();
  const identities = await db
    .selectFrom('identities')
    .select(['display_name', 'external_id'])
    .where('member_id', 'in', ids)
    .execute();
  return [...members.map((m) => m.display_name), ...identities.flatMap((i) => [i.display_name, i.external_id])];
}

/** Others' free texts in the community that may name the member (their own are replaced whole). */
export async function scrubOthers(trx: Executor, communityId: number, scrub: Scrub, counts: TableCounts) {
  const inCommunity = sql`community_id = ${communityId}`;
  addCount(counts, 'events', await scrubColumn(trx, 'events', 'text', inCommunity, scrub));
  addCount(counts, 'member_notes', await scrubColumn(trx, 'member_notes', 'body', inCommunity, scrub));
  addCount(counts, 'blacklist', await scrubColumn(trx, 'blacklist', 'reason', inCommunity, scrub));
  addCount(counts, 'outbox', await scrubColumn(trx, 'outbox', 'text', inCommunity, scrub));
  addCount(counts, 'outbox', await scrubColumn(trx, 'outbox', 'payload', inCommunity, scrub));
}

/**
 * Anonymises the members feature's rows of `ids` (the first is the one asked for): names and
 * handles become placeholders, message texts `[removed]`, notes and bind codes go, outbox items
 * for them lose their text and, when still waiting, are cancelled. Events, memberships and rollups
 * stay, so every figure stays as it was.
 */
export async function anonymiseRows(trx: Executor, communityId: number, ids: number[], counts: TableCounts) {
  const members = await trx
    .updateTable('members')
    .set({ display_name: anonymousName(ids[0]) })
    .where('id', 'in', ids)
    .executeTakeFirst();
  addCount(counts, 'members', members.numUpdatedRows);
  const identities = await trx.selectFrom('identities').select('id').where('member_id', 'in', ids).execute();
  for (const { id } of identities) {
    // external_id is unique per platform: the identity's own id keeps it so.
    await trx
      .updateTable('identities')
      .set({ display_name: anonymousName(ids[0]), external_id: `anonymised:${id}` })
      .where('id', '=', id)
      .execute();
  }
  addCount(counts, 'identities', identities.length);
  const events = await trx
    .updateTable('events')
    .set({ text: REMOVED_TEXT })
    .where('community_id', '=', communityId)
    .where('member_id', 'in', ids)
    .where('text', 'is not', null)
    .executeTakeFirst();
  addCount(counts, 'events', events.numUpdatedRows);
  await trx.updateTable('care_done').set({ note_id: null }).where('member_id', 'in', ids).execute();
  addCount(
    counts,
    'member_notes',
    (await trx.deleteFrom('member_notes').where('member_id', 'in', ids).executeTakeFirst()).numDeletedRows,
  );
  await trx.deleteFrom('member_bind_codes').where('member_id', 'in', ids).execute();
  const outbox = await trx
    .updateTable('outbox')
    .set((eb) => ({
      text: REMOVED_TEXT,
      payload: '{}',
      status: eb.case().when('status', 'in', ['pending', 'sending']).then('cancelled').else(eb.ref('status')).end(),
    }))
    .where('community_id', '=', communityId)
    .where('member_id', 'in', ids)
    .executeTakeFirst();
  addCount(counts, 'outbox', outbox.numUpdatedRows);
}

/**
 * Deletes every row of the members feature (and the kernel's event log) about `ids`, and takes
 * their messages and check-ins out of the group and community day counts, so every figure drops
 * as if they had never been there. Their days' active members are recounted.
 */
export async function deleteRows(trx: Executor, communityId: number, ids: number[], counts: TableCounts) {
  const byGroupDay = await trx
    .selectFrom('events')
    .select([
      'group_id',
      'day',
      sql<number>`sum(case when kind = 'message' then 1 else 0 end)`.as('messages'),
      sql<number>`sum(case when kind = 'checkin' then 1 else 0 end)`.as('checkins'),
    ])
    .where('community_id', '=', communityId)
    .where('member_id', 'in', ids)
    .where('kind', 'in', ['message', 'checkin'])
    .groupBy(['group_id', 'day'])
    .execute();
  for (const r of byGroupDay) {
    const messages = Number(r.messages);
    const checkins = Number(r.checkins);
    await trx
      .updateTable('group_days')
      .set((eb) => ({ messages: eb('messages', '-', messages), checkins: eb('checkins', '-', checkins) }))
      .where('group_id', '=', r.group_id)
      .where('day', '=', r.day)
      .execute();
    await trx
      .updateTable('community_days')
      .set((eb) => ({ messages: eb('messages', '-', messages), checkins: eb('checkins', '-', checkins) }))
      .where('community_id', '=', communityId)
      .where('day', '=', r.day)
      .execute();
  }
  const days = (
    await trx
      .selectFrom('member_days')
      .select('day')
      .distinct()
      .where('community_id', '=', communityId)
      .where('member_id', 'in', ids)
      .execute()
  ).map((d) => d.day);
  const eventIds = trx.selectFrom('events').select('id').where('member_id', 'in', ids);
  const remove = async (table: string, run: () => Promise<{ numDeletedRows: bigint }>) =>
    addCount(counts, table, (await run()).numDeletedRows);
  await remove('questions', () =>
    trx
      .deleteFrom('questions')
      .where((eb) => eb.or([eb('member_id', 'in', ids), eb('event_id', 'in', eventIds)]))
      .executeTakeFirstOrThrow(),
  );
  await remove('care_done', () => trx.deleteFrom('care_done').where('member_id', 'in', ids).executeTakeFirstOrThrow());
  for (const table of [
    'member_days',
    'member_months',
    'group_member_days',
    'memberships',
    'member_roles',
    'member_tags',
    'member_notes',
    'blacklist',
    'member_bind_codes',
    'outbox',
    'identities',
    'events',
  ] as const)
    await remove(table, () =>
      trx
        .deleteFrom(table as 'events')
        .where('member_id', 'in', ids)
        .executeTakeFirstOrThrow(),
    );
  await remove('member_merges', () =>
    trx
      .deleteFrom('member_merges')
      .where((eb) => eb.or([eb('survivor_id', 'in', ids), eb('merged_id', 'in', ids)]))
      .executeTakeFirstOrThrow(),
  );
  // Merged rows first: each points at its survivor.
  for (const id of [...ids].reverse())
    await remove('members', () => trx.deleteFrom('members').where('id', '=', id).executeTakeFirstOrThrow());
  for (let i = 0; i < days.length; i += 200)
    await sql`update community_days set active_members = (
                select count(*) from member_days d where d.community_id = community_days.community_id and d.day = community_days.day)
               where community_id = ${communityId} and day in (${sql.join(days.slice(i, i + 200))})`.execute(trx);
}

export function insertErasure(
  trx: Executor,
  row: {
    communityId: number;
    memberId: number;
    action: 'anonymise' | 'delete';
    accountId: number | null;
    counts: TableCounts;
    now: number;
  },
) {
  return trx
    .insertInto('member_erasures')
    .values({
      community_id: row.communityId,
      member_id: row.memberId,
      action: row.action,
      account_id: row.accountId,
      counts: JSON.stringify(row.counts),
      created_at: row.now,
    })
    .execute();
}
