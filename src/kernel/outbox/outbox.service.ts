import type { Platform } from '../event-log/event.types.js';
import type { DatabaseHandle, Executor } from '../db/database.js';
import type { OutboxRow } from '../db/schema-outbox.js';
import { NoRouteError, OutboxSendError, type Dispatchers, type OutboxItem } from './dispatcher.js';
import * as repo from './outbox.repo.js';
import { afterFailure } from './outbox.rules.js';
import { createRateLimiter, type RateLimiter } from './rate-limiter.js';

/** Something to send, as a feature describes it. */
export interface NewOutboxItem {
  communityId: number;
  /** Unique per community: enqueueing the same key again is a no-op (see reminders.rules outboxKeys). */
  key: string;
  kind: string;
  target: { platform: Platform | string; groupId?: number | null; memberId?: number | null };
  locale: string;
  text: string;
  payload?: Record<string, unknown>;
}

/**
 * Stores an item to send, in the caller's transaction, unless its key was enqueued before (then
 * nothing changes, whatever its status). True when it was new.
 *
 * @example
 * await db.transaction().execute((trx) => enqueue(trx, { communityId, key: 'remind:3:17:19870', kind: 'camp.reminder', target: { platform: 'telegram', memberId: 17 }, locale: 'zh-CN', text }, now));
 */
export function enqueue(trx: Executor, item: NewOutboxItem, now: number): Promise<boolean> {
  return repo.insertIfNew(trx, {
    community_id: item.communityId,
    idempotency_key: item.key,
    kind: item.kind,
    platform: item.target.platform,
    group_id: item.target.groupId ?? null,
    member_id: item.target.memberId ?? null,
    locale: item.locale,
    text: item.text,
    payload: JSON.stringify(item.payload ?? {}),
    status: 'pending',
    next_attempt_at: now,
    claimed_at: null,
    last_error: null,
    created_at: now,
    sent_at: null,
  });
}

export function toOutboxItem(row: OutboxRow): OutboxItem {
  return {
    id: row.id,
    communityId: row.community_id,
    key: row.idempotency_key,
    kind: row.kind,
    platform: row.platform,
    groupId: row.group_id,
    memberId: row.member_id,
    locale: row.locale,
    text: row.text,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    attempts: row.attempts,
  };
}

/**
 * Claims up to `limit` items that are due and marks them `sending` (one statement; on PostgreSQL
 * with `skip locked`, so processes never share a row). A row left `sending` by a process that
 * stopped is due again once its lease (LEASE_MS) runs out; one that has had its last attempt is
 * given up as `failed` instead. Only `platforms` are claimed when given, so a process without a
 * platform's dispatcher leaves that platform's items pending for one that has it.
 */
export async function claimDue(
  handle: DatabaseHandle,
  now: number,
  limit: number,
  platforms: readonly string[] | null = null,
): Promise<OutboxItem[]> {
  await repo.failExhaustedLeases(handle.db, now);
  const rows = await repo.claim(handle.db, handle.dialect, now, limit, platforms);
  return rows.sort((a, b) => a.next_attempt_at - b.next_attempt_at || a.id - b.id).map(toOutboxItem);
}

/**
 * Which of `keys` were enqueued before in the community, whatever became of them: lets a job
 * skip work (rendering, picking role models) whose result the outbox would ignore anyway.
 */
export function enqueuedKeys(db: Executor, communityId: number, keys: readonly string[]): Promise<Set<string>> {
  return repo.keysTaken(db, communityId, keys);
}

/** Marks a claimed item sent. */
export function markSent(db: Executor, item: Pick<OutboxItem, 'id'>, now: number): Promise<boolean> {
  return repo.markSent(db, item.id, now);
}

/**
 * Records a failed attempt: back to `pending` after an exponential backoff (outbox.rules), or
 * `failed` after the last attempt or a permanent error. The error text is kept for staff; it
 * must not carry personal data (dispatchers report the platform's error, not the message).
 */
export function markFailed(
  db: Executor,
  item: Pick<OutboxItem, 'id' | 'attempts'>,
  error: unknown,
  now: number,
): Promise<boolean> {
  const failure = error instanceof OutboxSendError ? error : { permanent: false, retryAfterMs: 0 };
  const next = afterFailure(item.attempts, failure, now);
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return repo.markFailed(db, item.id, item.attempts, { ...next, error: message.slice(0, 500) });
}

/**
 * Puts a claimed item back to `pending` until `nextAttemptAt` without counting the claim as an
 * attempt: for an item a rate limit holds back, which was never tried.
 */
export function deferClaim(
  db: Executor,
  item: Pick<OutboxItem, 'id' | 'attempts'>,
  nextAttemptAt: number,
  reason?: string,
): Promise<boolean> {
  return repo.releaseClaim(db, item.id, item.attempts, nextAttemptAt, reason);
}

/** How long an item no connector can deliver waits before it is looked at again. */
export const NO_ROUTE_WAIT_MS = 60_000;

export interface DrainResult {
  sent: number;
  retrying: number;
  failed: number;
  /** Held back by a rate limit, or no connector can deliver them yet: pending again, their attempt not used up. */
  deferred: number;
}

/**
 * Sends what is due through the dispatchers given, one item at a time in claim order, and records
 * each outcome. Items of a platform without a dispatcher here are not claimed: they stay
 * `pending` until a process that has one drains them. Each dispatcher's `limits` are kept with
 * the token buckets of `limiter`: an item whose bucket is empty is not sent but put back to
 * `pending` until a token is there, its attempt not used up (`deferred`). Pass the same limiter
 * to every drain of a process, or the buckets start full each time. `clock` is when the buckets
 * are asked (by default `now` throughout; the schedule passes the real clock, so that tokens come
 * back while a long drain sends).
 *
 * @example
 * const limiter = createRateLimiter(); // once per process
 * await drainOutbox(handle, { telegram: telegramDispatcher }, Date.now(), 50, limiter, Date.now);
 */
export async function drainOutbox(
  handle: DatabaseHandle,
  dispatchers: Dispatchers,
  now: number,
  limit = 50,
  limiter: RateLimiter = createRateLimiter(),
  clock: () => number = () => now,
): Promise<DrainResult> {
  const platforms = Object.keys(dispatchers).filter((p) => dispatchers[p as Platform] !== undefined);
  const result: DrainResult = { sent: 0, retrying: 0, failed: 0, deferred: 0 };
  if (platforms.length === 0) return result;
  for (const item of await claimDue(handle, now, limit, platforms)) {
    const dispatcher = dispatchers[item.platform as Platform]!;
    // The buckets refill while a drain sends (each send takes a while), so they read the clock.
    const at = clock();
    const token = limiter.take(item.platform, item.groupId, dispatcher.limits, at);
    if (!token.taken) {
      await deferClaim(handle.db, item, at + token.waitMs);
      result.deferred++;
      continue;
    }
    try {
      await dispatcher.send(item);
      await markSent(handle.db, item, now);
      result.sent++;
    } catch (error) {
      if (error instanceof NoRouteError) {
        await deferClaim(handle.db, item, now + NO_ROUTE_WAIT_MS, `waiting: ${error.message}`);
        result.deferred++;
        continue;
      }
      await markFailed(handle.db, item, error, now);
      if (afterFailure(item.attempts, error instanceof OutboxSendError ? error : {}, now).status === 'failed')
        result.failed++;
      else result.retrying++;
    }
  }
  return result;
}

/** A community's outbox for staff, newest first. */
export async function listOutbox(db: Executor, communityId: number, filter: repo.OutboxFilter) {
  const rows = await repo.listOutbox(db, communityId, filter);
  return rows.map((row) => ({
    id: row.id,
    key: row.idempotency_key,
    kind: row.kind,
    platform: row.platform,
    groupId: row.group_id,
    memberId: row.member_id,
    locale: row.locale,
    text: row.text,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at).toISOString(),
    lastError: row.last_error,
    createdAt: new Date(row.created_at).toISOString(),
    sentAt: row.sent_at === null ? null : new Date(row.sent_at).toISOString(),
  }));
}
