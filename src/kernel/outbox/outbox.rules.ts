/**
 * When the outbox tries again. Pure: the repo and the dispatcher loop apply these.
 */

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * Why an item is where it is, stored beside the free text of `last_error` so the console can say
 * it in the reader's language:
 * - `no_connector`: pending, nothing running here can deliver it (no connector of its platform in
 *   its community); looked at again every minute, its attempts not used up ("held");
 * - `rate_limited`: pending, a platform's rate limit holds it back for a moment ("held");
 * - `send_failed`: pending, the last attempt failed and it will be tried again (backoff);
 * - `gave_up`: failed after the last attempt ("given up");
 * - `rejected`: failed at once, the platform refused it for good (the chat is gone …);
 * - `lease_expired`: failed, the process sending its last attempt stopped before reporting;
 * - `retried`: pending again because staff retried it;
 * - `cancelled`: staff cancelled it; it never goes out.
 */
export const OUTBOX_REASONS = [
  'no_connector',
  'rate_limited',
  'send_failed',
  'gave_up',
  'rejected',
  'lease_expired',
  'retried',
  'cancelled',
] as const;
export type OutboxReason = (typeof OUTBOX_REASONS)[number];

/** Reasons of a pending item that is held back rather than due: the console's "held". */
export const HELD_REASONS: readonly OutboxReason[] = ['no_connector', 'rate_limited'];

/** Statuses staff may cancel from (an item being sent right now is not: it may be on its way). */
export const CANCELLABLE: readonly OutboxStatus[] = ['pending'];
/** Statuses staff may retry from: given up. */
export const RETRYABLE: readonly OutboxStatus[] = ['failed'];

/** Attempts (claims) after which an item that keeps failing is given up as `failed`. */
export const MAX_ATTEMPTS = 8;
/** First retry after this long; each further one waits twice as long … */
export const FIRST_RETRY_MS = 30_000;
/** … up to this. */
export const MAX_RETRY_MS = 3_600_000;
/**
 * A `sending` row claimed longer ago than this is taken to belong to a process that crashed
 * between claiming and reporting, and may be claimed again. Longer than any one send may take,
 * so a slow send is not doubled by a second process.
 */
export const LEASE_MS = 300_000;

/**
 * How long to wait before the next attempt, after `attempts` attempts have failed: exponential
 * from 30 s, capped at an hour. A platform's own "retry after" wins when it asks for longer.
 *
 * @example
 * retryDelayMs(1) // 30_000
 * retryDelayMs(3) // 120_000
 * retryDelayMs(20) // 3_600_000
 */
export function retryDelayMs(attempts: number, retryAfterMs = 0): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  return Math.max(retryAfterMs, Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** exponent));
}

/** After a failed attempt: try again later, or give up. */
export function afterFailure(
  attempts: number,
  failure: { permanent?: boolean; retryAfterMs?: number },
  now: number,
): { status: 'pending' | 'failed'; nextAttemptAt: number; reason: OutboxReason } {
  if (failure.permanent) return { status: 'failed', nextAttemptAt: now, reason: 'rejected' };
  if (attempts >= MAX_ATTEMPTS) return { status: 'failed', nextAttemptAt: now, reason: 'gave_up' };
  return {
    status: 'pending',
    nextAttemptAt: now + retryDelayMs(attempts, failure.retryAfterMs),
    reason: 'send_failed',
  };
}
