import { describe, expect, it } from 'vitest';
import { fullBucket, refill, take, tokenBucket, type Rate } from './rate-limit.rules.js';

const PER_MINUTE: Rate = { count: 20, perMs: 60_000 };
const PER_SECOND: Rate = { count: 30, perMs: 1000 };

/** Takes at each moment in turn from a bucket full at 0: what each take answered. */
function takes(rate: Rate, moments: readonly number[]): Array<true | number> {
  const bucket = tokenBucket(rate, 0);
  return moments.map((now) => {
    const result = bucket.take(now);
    return result.taken ? true : result.waitMs;
  });
}

describe('token bucket', () => {
  it.each([
    ['a burst up to capacity is taken at once', PER_MINUTE, Array(20).fill(0), Array(20).fill(true)],
    [
      'one over capacity waits a whole token (3 s at 20/min)',
      PER_MINUTE,
      Array(21).fill(0),
      [...Array(20).fill(true), 3000],
    ],
    [
      'the wait shrinks as time passes',
      PER_MINUTE,
      [...Array(20).fill(0), 1000, 2999],
      [...Array(20).fill(true), 2000, 1],
    ],
    [
      'a token is there exactly when the wait said',
      PER_MINUTE,
      [...Array(20).fill(0), 3000, 3000],
      [...Array(20).fill(true), true, 3000],
    ],
    [
      'a refill over the full period fills it again',
      PER_MINUTE,
      [...Array(20).fill(0), ...Array(21).fill(60_000)],
      [...Array(40).fill(true), 3000],
    ],
    [
      'it never fills above capacity, however long it waited',
      PER_MINUTE,
      [...Array(21).fill(3_600_000)],
      [...Array(20).fill(true), 3000],
    ],
    // 30/s: a token every 33⅓ ms; the waits stay exact (rounded up to whole ms)
    [
      'fractional refill: 33⅓ ms per token rounds the wait up',
      PER_SECOND,
      [...Array(30).fill(0), 0],
      [...Array(30).fill(true), 34],
    ],
    [
      'fractional refill: not yet at 33 ms, there at 34 ms',
      PER_SECOND,
      [...Array(30).fill(0), 33, 34],
      [...Array(30).fill(true), 1, true],
    ],
    [
      'fractional refill: three tokens in exactly 100 ms',
      PER_SECOND,
      [...Array(30).fill(0), 100, 100, 100, 100],
      [...Array(30).fill(true), true, true, true, 34],
    ],
    [
      'fractional refill: the rest carries over to the next token',
      PER_SECOND,
      [...Array(30).fill(0), 50, 50, 66, 67],
      [...Array(30).fill(true), true, 17, 1, true],
    ],
  ] as const)('%s', (_name, rate, moments, expected) => {
    expect(takes(rate, moments)).toEqual(expected);
  });

  it('is pure: take and refill return new buckets and leave the given one alone', () => {
    const start = fullBucket(PER_MINUTE, 0);
    const after = take(PER_MINUTE, start, 0);
    expect(start).toEqual({ units: 1_200_000, at: 0 });
    expect(after).toEqual({ taken: true, bucket: { units: 1_140_000, at: 0 } });
    expect(take(PER_MINUTE, { units: 0, at: 0 }, 1000)).toEqual({
      taken: false,
      waitMs: 2000,
      bucket: { units: 20_000, at: 1000 },
    });
    expect(refill(PER_MINUTE, { units: 0, at: 0 }, 30_000)).toEqual({ units: 600_000, at: 30_000 });
  });

  it('peek answers like take without taking', () => {
    const bucket = tokenBucket({ count: 1, perMs: 1000 }, 0);
    expect(bucket.peek(0)).toEqual({ taken: true });
    expect(bucket.take(0)).toEqual({ taken: true });
    expect(bucket.peek(400)).toEqual({ taken: false, waitMs: 600 });
    expect(bucket.take(400)).toEqual({ taken: false, waitMs: 600 });
  });
});
