import type { Insertable } from 'kysely';
import type { DialectName } from '../db/dialect.js';
import type { OutboxTable } from '../db/schema-outbox.js';
import { CANCELLABLE, HELD_REASONS, LEASE_MS, MAX_ATTEMPTS, RETRYABLE, type OutboxReason } from './outbox.rules.js';
import type { Executor } from '../db/database.js';

/** Kysely queries for the outbox. */

/** Inserts the row unless its community already holds its idempotency key; true when it was new. */
export async function insertIfNew(db: Executor, values: Insertable<OutboxTable>): Promise<boolean> {
  const row = await db
    .insertInto('outbox')
    .values(values)
    .onConflict((oc) => oc.columns(['community_id', 'idempotency_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** `sending` rows whose lease ran out after their last allowed attempt: given up, not claimed again. */
export async function failExhaustedLeases(db: Executor, now: number): Promise<void> {
  await db
    .updateTable('outbox')
    .set({
      status: 'failed',
      claimed_at: null,
      last_error: 'no report after the last attempt (the sending process stopped)',
      reason_code: 'lease_expired',
    })
    .where('status', '=', 'sending')
    .where('claimed_at', '<=', now - LEASE_MS)
    .where('attempts', '>=', MAX_ATTEMPTS)
    .execute();
}

/**
 * Marks up to `limit` due rows `sending` and returns them, in one statement: pending rows whose
 * time has come, and `sending` rows whose lease expired. On PostgreSQL the rows are picked with
 * `for update skip locked`, so two processes claiming at once get different rows.
 */
export function claim(
  db: Executor,
  dialect: DialectName,
  now: number,
  limit: number,
  platforms: readonly string[] | null,
) {
  let due = db
    .selectFrom('outbox')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
        eb.and([
          eb('status', '=', 'sending'),
          eb('claimed_at', '<=', now - LEASE_MS),
          eb('attempts', '<', MAX_ATTEMPTS),
        ]),
      ]),
    )
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit);
  if (platforms) due = due.where('platform', 'in', platforms.length > 0 ? [...platforms] : ['']);
  if (dialect === 'postgres') due = due.forUpdate().skipLocked();
  return db
    .updateTable('outbox')
    .set((eb) => ({ status: 'sending', claimed_at: now, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', due)
    .returningAll()
    .execute();
}

/** Marks a claimed row sent; false when it was no longer `sending` (given up or cancelled meanwhile). */
export async function markSent(db: Executor, id: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ status: 'sent', sent_at: now, claimed_at: null, last_error: null, reason_code: null })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Records a failed attempt. Only the claim that made attempt `attempts` may: when its lease ran
 * out and another process claimed the row again, that newer attempt owns it.
 */
export async function markFailed(
  db: Executor,
  id: number,
  attempts: number,
  values: { status: 'pending' | 'failed'; nextAttemptAt: number; error: string; reason: OutboxReason },
): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({
      status: values.status,
      next_attempt_at: values.nextAttemptAt,
      claimed_at: null,
      last_error: values.error,
      reason_code: values.reason,
    })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('attempts', '=', attempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Hands a claimed row back without using up an attempt (a rate limit made it wait): `pending`
 * again from `nextAttemptAt`, its attempt count back to what it was before the claim, in one
 * statement. Only the claim that made attempt `attempts` may, as for markFailed.
 */
export async function releaseClaim(
  db: Executor,
  id: number,
  attempts: number,
  nextAttemptAt: number,
  /** Why it waits, as a code for the console. */
  reason: OutboxReason,
  /** The same for the log of errors; undefined leaves the last error as it was (a rate limit is no error). */
  text?: string,
): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set((eb) => ({
      status: 'pending',
      next_attempt_at: nextAttemptAt,
      claimed_at: null,
      attempts: eb('attempts', '-', 1),
      reason_code: reason,
      ...(text === undefined ? {} : { last_error: text }),
    }))
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('attempts', '=', attempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface OutboxFilter {
  /** A status, or `held`: pending items held back (HELD_REASONS). */
  status?: string;
  kind?: string;
  groupId?: number;
  limit: number;
}

/** A community's outbox, newest first, with the names of the group and member it is for. */
export function listOutbox(db: Executor, communityId: number, filter: OutboxFilter, id?: number) {
  let query = db
    .selectFrom('outbox as o')
    .leftJoin('groups as g', 'g.id', 'o.group_id')
    .leftJoin('members as m', 'm.id', 'o.member_id')
    .selectAll('o')
    .select(['g.name as group_name', 'm.display_name as member_name'])
    .where('o.community_id', '=', communityId);
  if (id !== undefined) query = query.where('o.id', '=', id);
  if (filter.status === 'held')
    query = query.where('o.status', '=', 'pending').where('o.reason_code', 'in', [...HELD_REASONS]);
  else if (filter.status !== undefined) query = query.where('o.status', '=', filter.status);
  if (filter.kind !== undefined) query = query.where('o.kind', '=', filter.kind);
  if (filter.groupId !== undefined) query = query.where('o.group_id', '=', filter.groupId);
  return query.orderBy('o.id', 'desc').limit(filter.limit).execute();
}

/** The kinds a community's outbox holds, for the console's filter. */
export async function kindsOf(db: Executor, communityId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('outbox')
    .select('kind')
    .distinct()
    .where('community_id', '=', communityId)
    .orderBy('kind')
    .execute();
  return rows.map((r) => r.kind);
}

/** The status of a community's item, or undefined when it has none of that id. */
export async function statusOf(db: Executor, communityId: number, id: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('outbox')
    .select('status')
    .where('id', '=', id)
    .where('community_id', '=', communityId)
    .executeTakeFirst();
  return row?.status;
}

/**
 * Cancels the item if it is still cancellable, in one conditional statement: a drain claims
 * only `pending` rows, so once this has committed no drain sends it, and once a drain has
 * claimed it this changes nothing. True when it was cancelled here.
 */
export async function cancel(db: Executor, communityId: number, id: number, accountId: number | null, now: number) {
  const result = await db
    .updateTable('outbox')
    .set({
      status: 'cancelled',
      reason_code: 'cancelled',
      claimed_at: null,
      staff_action: 'cancelled',
      staff_account_id: accountId,
      staff_action_at: now,
    })
    .where('id', '=', id)
    .where('community_id', '=', communityId)
    .where('status', 'in', [...CANCELLABLE])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Sends a given-up item back to `pending`, due now, its attempts reset; true when it was retryable. */
export async function retry(db: Executor, communityId: number, id: number, accountId: number | null, now: number) {
  const result = await db
    .updateTable('outbox')
    .set((eb) => ({
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      claimed_at: null,
      reason_code: 'retried',
      staff_action: 'retried',
      staff_account_id: accountId,
      staff_action_at: now,
      retries: eb('retries', '+', 1),
    }))
    .where('id', '=', id)
    .where('community_id', '=', communityId)
    .where('status', 'in', [...RETRYABLE])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Which of `keys` a community's outbox holds already. */
export async function keysTaken(db: Executor, communityId: number, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom('outbox')
    .select('idempotency_key')
    .where('community_id', '=', communityId)
    .where('idempotency_key', 'in', [...keys])
    .execute();
  return new Set(rows.map((r) => r.idempotency_key));
}
