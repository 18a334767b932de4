import type { Insertable } from 'kysely';
import type { DialectName } from '../db/dialect.js';
import type { OutboxTable } from '../db/schema-outbox.js';
import { LEASE_MS, MAX_ATTEMPTS } from './outbox.rules.js';
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
    .set({ status: 'sent', sent_at: now, claimed_at: null, last_error: null })
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
  values: { status: 'pending' | 'failed'; nextAttemptAt: number; error: string },
): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ status: values.status, next_attempt_at: values.nextAttemptAt, claimed_at: null, last_error: values.error })
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
  /** Why it waits, for staff (no connector can deliver it); undefined leaves the last error as it was. */
  reason?: string,
): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set((eb) => ({
      status: 'pending',
      next_attempt_at: nextAttemptAt,
      claimed_at: null,
      attempts: eb('attempts', '-', 1),
      ...(reason === undefined ? {} : { last_error: reason }),
    }))
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('attempts', '=', attempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface OutboxFilter {
  status?: string;
  kind?: string;
  limit: number;
}

/** A community's outbox, newest first. */
export function listOutbox(db: Executor, communityId: number, filter: OutboxFilter) {
  let query = db.selectFrom('outbox').selectAll().where('community_id', '=', communityId);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  return query.orderBy('id', 'desc').limit(filter.limit).execute();
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
