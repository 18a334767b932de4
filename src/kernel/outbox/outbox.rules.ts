/**
 * When the outbox tries again. Pure: the repo and the dispatcher loop apply these.
 */

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

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
): { status: 'pending' | 'failed'; nextAttemptAt: number } {
  if (failure.permanent || attempts >= MAX_ATTEMPTS) return { status: 'failed', nextAttemptAt: now };
  return { status: 'pending', nextAttemptAt: now + retryDelayMs(attempts, failure.retryAfterMs) };
}
