import type { RateLimits } from './dispatcher.js';
import { tokenBucket, type TokenBucket } from './rate-limit.rules.js';

/**
 * The outbox's token buckets, kept across drains: one per platform (its `overall` limit) and one
 * per platform and group (its `perGroup` limit). Create one per process and pass it to every
 * `drainOutbox`; buckets live in memory, so each process keeps its own.
 */
export interface RateLimiter {
  /**
   * Takes a token from each bucket the item counts against (a direct message, `groupId` null,
   * counts against `overall` only), or none when one of them is empty: then answers how long
   * until all of them have one.
   */
  take(
    platform: string,
    groupId: number | null,
    limits: RateLimits | undefined,
    now: number,
  ): { taken: true } | { taken: false; waitMs: number };
}

/**
 * @example
 * const limiter = createRateLimiter();
 * await drainOutbox(handle, dispatchers, Date.now(), 50, limiter); // every minute, the same limiter
 */
export function createRateLimiter(): RateLimiter {
  const buckets = new Map<string, TokenBucket>();
  const bucket = (key: string, rate: NonNullable<RateLimits['overall']>, now: number) => {
    let found = buckets.get(key);
    if (found === undefined || found.rate.count !== rate.count || found.rate.perMs !== rate.perMs) {
      found = tokenBucket(rate, now);
      buckets.set(key, found);
    }
    return found;
  };
  return {
    take(platform, groupId, limits, now) {
      const applying: TokenBucket[] = [];
      if (limits?.overall) applying.push(bucket(platform, limits.overall, now));
      if (limits?.perGroup && groupId !== null)
        applying.push(bucket(`${platform}\u0000${groupId}`, limits.perGroup, now));
      let waitMs = 0;
      for (const b of applying) {
        const peeked = b.peek(now);
        if (!peeked.taken) waitMs = Math.max(waitMs, peeked.waitMs);
      }
      if (waitMs > 0) return { taken: false, waitMs };
      for (const b of applying) b.take(now);
      return { taken: true };
    },
  };
}
