/**
 * Token buckets for the outbox's rate limits. Pure: `now` is passed in, nothing is kept here.
 *
 * A bucket holds up to `count` tokens and gains `count` tokens every `perMs` milliseconds,
 * continuously (a 20-per-minute bucket gains one token every 3 s). Sending takes one token; an
 * empty bucket tells how long until the next one. The level is kept in integer units (one token
 * is `perMs` units, each millisecond adds `count` units), so refill and waiting times are exact.
 */

/** `count` messages per `perMs` milliseconds, e.g. `{ count: 20, perMs: 60_000 }`. */
export interface Rate {
  count: number;
  perMs: number;
}

/** A bucket's level at a moment, in units of 1/perMs token. */
export interface Bucket {
  units: number;
  at: number;
}

export type Take = { taken: true; bucket: Bucket } | { taken: false; waitMs: number; bucket: Bucket };

/** A bucket filled to capacity at `now`. */
export function fullBucket(rate: Rate, now: number): Bucket {
  return { units: rate.count * rate.perMs, at: now };
}

/** The bucket at `now`: refilled for the time since its last moment, never above capacity. */
export function refill(rate: Rate, bucket: Bucket, now: number): Bucket {
  const elapsed = Math.max(0, now - bucket.at);
  return {
    units: Math.min(rate.count * rate.perMs, bucket.units + elapsed * rate.count),
    at: Math.max(now, bucket.at),
  };
}

/**
 * Takes one token at `now` when there is one; otherwise answers the milliseconds until there is
 * (the bucket returned is only refilled then).
 *
 * @example
 * const rate = { count: 20, perMs: 60_000 };
 * take(rate, fullBucket(rate, 0), 0) // { taken: true, bucket: { units: 1_140_000, at: 0 } }
 * take(rate, { units: 0, at: 0 }, 1000) // { taken: false, waitMs: 2000, … }
 */
export function take(rate: Rate, bucket: Bucket, now: number): Take {
  const current = refill(rate, bucket, now);
  if (current.units >= rate.perMs) return { taken: true, bucket: { ...current, units: current.units - rate.perMs } };
  return { taken: false, waitMs: Math.ceil((rate.perMs - current.units) / rate.count), bucket: current };
}

/** A bucket kept across calls: `take(now)` with the state held inside. Still no clock. */
export interface TokenBucket {
  readonly rate: Rate;
  /** Taken, or the milliseconds until a token is there. */
  take(now: number): { taken: true } | { taken: false; waitMs: number };
  /** Like `take` but takes nothing: whether a token is there at `now`, or how long until one is. */
  peek(now: number): { taken: true } | { taken: false; waitMs: number };
}

/** A token bucket starting full at `now`. */
export function tokenBucket(rate: Rate, now: number): TokenBucket {
  let bucket = fullBucket(rate, now);
  const answer = (result: Take, keep: boolean) => {
    if (keep) bucket = result.bucket;
    return result.taken ? { taken: true as const } : { taken: false as const, waitMs: result.waitMs };
  };
  return {
    rate,
    take: (now) => answer(take(rate, bucket, now), true),
    peek: (now) => answer(take(rate, bucket, now), false),
  };
}
