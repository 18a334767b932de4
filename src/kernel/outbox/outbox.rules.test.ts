import { describe, expect, it } from 'vitest';
import { afterFailure, MAX_ATTEMPTS, retryDelayMs } from './outbox.rules.js';

describe('retryDelayMs', () => {
  it.each([
    [1, 0, 30_000],
    [2, 0, 60_000],
    [3, 0, 120_000],
    [7, 0, 1_920_000],
    // capped at an hour, also for absurd counts (no overflow to Infinity)
    [8, 0, 3_600_000],
    [500, 0, 3_600_000],
    // a platform asking for a longer pause (Telegram's retry_after) is obeyed …
    [1, 90_000, 90_000],
    // … but never shortens the backoff
    [3, 1_000, 120_000],
  ])('after %i failed attempt(s) with retry-after %i waits %i ms', (attempts, retryAfter, expected) => {
    expect(retryDelayMs(attempts, retryAfter)).toBe(expected);
  });
});

describe('afterFailure', () => {
  const now = 1_000_000;
  it.each([
    ['retries a first failure', 1, {}, { status: 'pending', nextAttemptAt: now + 30_000, reason: 'send_failed' }],
    [
      'retries the last attempt but one',
      MAX_ATTEMPTS - 1,
      {},
      { status: 'pending', nextAttemptAt: now + retryDelayMs(MAX_ATTEMPTS - 1), reason: 'send_failed' },
    ],
    ['gives up after the last attempt', MAX_ATTEMPTS, {}, { status: 'failed', nextAttemptAt: now, reason: 'gave_up' }],
    [
      'gives up at once on a permanent failure (chat not found)',
      1,
      { permanent: true },
      { status: 'failed', nextAttemptAt: now, reason: 'rejected' },
    ],
  ] as const)('%s', (_name, attempts, failure, expected) => {
    expect(afterFailure(attempts, failure, now)).toEqual(expected);
  });
});
