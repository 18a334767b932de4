import type { Platform } from '../event-log/event.types.js';
import type { DatabaseHandle, Db, Executor } from '../db/database.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { OutboxRow } from '../db/schema-outbox.js';
import { NoRouteError, OutboxSendError, type Dispatchers, type OutboxItem } from './dispatcher.js';
import * as repo from './outbox.repo.js';
import { afterFailure, type OutboxReason } from './outbox.rules.js';
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
  return repo.markFailed(db, item.id, item.attempts, {
    status: next.status,
    nextAttemptAt: next.nextAttemptAt,
    reason: next.reason,
    error: message.slice(0, 500),
  });
}

/**
 * Puts a claimed item back to `pending` until `nextAttemptAt` without counting the claim as an
 * attempt: for an item a rate limit holds back, which was never tried.
 */
export function deferClaim(
  db: Executor,
  item: Pick<OutboxItem, 'id' | 'attempts'>,
  nextAttemptAt: number,
  reason: OutboxReason = 'rate_limited',
  text?: string,
): Promise<boolean> {
  return repo.releaseClaim(db, item.id, item.attempts, nextAttemptAt, reason, text);
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
        await deferClaim(handle.db, item, now + NO_ROUTE_WAIT_MS, 'no_connector', `waiting: ${error.message}`);
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

type ListedRow = Awaited<ReturnType<typeof repo.listOutbox>>[number];

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function toStaffView(row: ListedRow) {
  return {
    id: row.id,
    key: row.idempotency_key,
    kind: row.kind,
    platform: row.platform,
    groupId: row.group_id,
    groupName: row.group_name ?? null,
    memberId: row.member_id,
    memberName: row.member_name ?? null,
    locale: row.locale,
    text: row.text,
    status: row.status,
    reasonCode: row.reason_code as OutboxReason | null,
    attempts: row.attempts,
    nextAttemptAt: iso(row.next_attempt_at)!,
    lastError: row.last_error,
    createdAt: iso(row.created_at)!,
    sentAt: iso(row.sent_at),
    staffAction: row.staff_action as 'retried' | 'cancelled' | null,
    staffActionAt: iso(row.staff_action_at),
    retries: row.retries,
  };
}

export type OutboxStaffView = ReturnType<typeof toStaffView>;

/** A community's outbox for staff, newest first, with group and member names and why each item is where it is. */
export async function listOutbox(db: Executor, communityId: number, filter: repo.OutboxFilter) {
  return (await repo.listOutbox(db, communityId, filter)).map(toStaffView);
}

/** The kinds of message a community's outbox holds. */
export function outboxKinds(db: Executor, communityId: number): Promise<string[]> {
  return repo.kindsOf(db, communityId);
}

type StaffAction = (
  db: Executor,
  communityId: number,
  id: number,
  accountId: number | null,
  now: number,
) => Promise<boolean>;

/**
 * Runs a staff action as one conditional update in a transaction; an id the community does not
 * hold is a 404 (whatever another community holds), an item in the wrong status a 409 saying which.
 */
async function act(
  db: Db,
  action: StaffAction,
  verb: 'cancelled' | 'retried',
  target: { communityId: number; id: number; accountId: number | null },
  now: number,
): Promise<OutboxStaffView> {
  return db.transaction().execute(async (trx) => {
    const { communityId, id, accountId } = target;
    if (!(await action(trx, communityId, id, accountId, now))) {
      const status = await repo.statusOf(trx, communityId, id);
      if (status === undefined) throw new NotFoundError(`outbox item ${id}`);
      throw new ConflictError(`outbox item ${id} is ${status} and cannot be ${verb}`);
    }
    const [row] = await repo.listOutbox(trx, communityId, { limit: 1 }, id);
    return toStaffView(row);
  });
}

/**
 * Cancels a pending (or held) item: it never goes out. A drain claims only pending rows, and the
 * cancel is one conditional update, so either it commits first and no drain sends the item, or a
 * drain claimed it first and the cancel answers 409 (it is being sent).
 */
export function cancelOutboxItem(
  db: Db,
  target: { communityId: number; id: number; accountId: number | null },
  now: number,
): Promise<OutboxStaffView> {
  return act(db, repo.cancel, 'cancelled', target, now);
}

/** Sends a given-up item back to pending, due now, attempts reset; who did it and when is kept on the item. */
export function retryOutboxItem(
  db: Db,
  target: { communityId: number; id: number; accountId: number | null },
  now: number,
): Promise<OutboxStaffView> {
  return act(db, repo.retry, 'retried', target, now);
}
