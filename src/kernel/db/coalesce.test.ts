import { describe, expect, it } from 'vitest';
import { coalesce, firstOfEachKey, perDistinctKey } from './coalesce.js';

/** A query double: records each run's scope and inputs, answers each input doubled. */
function doubling() {
  const runs: Array<{ scope: object; inputs: number[] }> = [];
  const run = coalesce(async (scope: object, inputs: number[]) => {
    runs.push({ scope, inputs });
    return inputs.map((n) => n * 2);
  });
  return { runs, run };
}

describe('coalesce', () => {
  it('answers the calls of one turn on one scope with one run, each caller with its own answer', async () => {
    const { runs, run } = doubling();
    const trx = {};
    const answers = await Promise.all([run(trx, 1), run(trx, 2), run(trx, 3)]);
    expect(answers).toEqual([2, 4, 6]);
    expect(runs).toEqual([{ scope: trx, inputs: [1, 2, 3] }]);
  });

  it('collects calls made by callers continuing after their previous answer (their microtasks run first)', async () => {
    const { runs, run } = doubling();
    const trx = {};
    const twice = async (n: number) => run(trx, await run(trx, n));
    expect(await Promise.all([twice(1), twice(5)])).toEqual([4, 20]);
    expect(runs.map((r) => r.inputs)).toEqual([
      [1, 5],
      [2, 10],
    ]);
  });

  it('never lets separate transactions share a run', async () => {
    const { runs, run } = doubling();
    const first = {};
    const second = {};
    expect(await Promise.all([run(first, 1), run(second, 2), run(first, 3)])).toEqual([2, 4, 6]);
    expect(runs).toEqual([
      { scope: first, inputs: [1, 3] },
      { scope: second, inputs: [2] },
    ]);
  });

  it('rejects every caller of a failed run with its error, and the next run starts afresh', async () => {
    const failure = new Error('relation does not exist');
    let fail = true;
    const run = coalesce(async (_scope: object, inputs: string[]) => {
      if (fail) throw failure;
      return inputs;
    });
    const trx = {};
    const results = await Promise.allSettled([run(trx, 'a'), run(trx, 'b')]);
    expect(results).toEqual([
      { status: 'rejected', reason: failure },
      { status: 'rejected', reason: failure },
    ]);
    fail = false;
    expect(await run(trx, 'c')).toBe('c');
  });

  it('rejects every caller when the query answers fewer calls than it was given, rather than leave one waiting', async () => {
    const run = coalesce(async (_scope: object, inputs: number[]) => inputs.slice(1));
    const trx = {};
    const results = await Promise.allSettled([run(trx, 1), run(trx, 2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('splits a very large turn into several runs, answering every caller', async () => {
    const { runs, run } = doubling();
    const trx = {};
    const inputs = Array.from({ length: 2500 }, (_, i) => i);
    expect(await Promise.all(inputs.map((n) => run(trx, n)))).toEqual(inputs.map((n) => n * 2));
    expect(runs.map((r) => r.inputs.length)).toEqual([1000, 1000, 500]);
  });
});

describe('perDistinctKey', () => {
  it('queries each key once and answers every input with its key, or a fresh default', async () => {
    const sent: string[][] = [];
    const lookup = perDistinctKey(
      (name: string) => name,
      async (_scope: null, names) => {
        sent.push(names);
        return new Map(names.filter((n) => n !== 'nobody').map((n) => [n, [n.length]]));
      },
      (): number[] => [],
    );
    const answers = await lookup(null, ['ann', 'bo', 'ann', 'nobody', 'nobody']);
    expect(sent).toEqual([['ann', 'bo', 'nobody']]);
    expect(answers).toEqual([[3], [2], [3], [], []]);
    expect(answers[3]).not.toBe(answers[4]);
  });
});

describe('firstOfEachKey', () => {
  type Row = { member: number; day: number; key: string | null };
  const dayKey = (r: { member: number; day: number }) => `${r.member}:${r.day}`;

  function inserting(conflicting: string[] = []) {
    const sent: Row[][] = [];
    const insert = firstOfEachKey(
      (row: Row) => [dayKey(row), row.key],
      dayKey,
      async (_scope: null, rows: Row[]) => {
        sent.push(rows);
        // The store's conflict: rows whose day key is held already are not returned.
        return rows
          .filter((r) => !conflicting.includes(dayKey(r)))
          .map((r, i) => ({ id: 100 + i, member: r.member, day: r.day }));
      },
    );
    return { sent, insert };
  }

  it('sends only the first row of each unique key and answers the others as held back', async () => {
    const { sent, insert } = inserting();
    const rows: Row[] = [
      { member: 1, day: 5, key: 'k1' },
      { member: 1, day: 5, key: null }, // same day as the first
      { member: 2, day: 5, key: 'k1' }, // same idempotency key as the first
      { member: 3, day: 5, key: null },
      { member: 4, day: 5, key: null }, // an empty key is no key: both are sent
    ];
    const answers = await insert(null, rows);
    expect(sent).toEqual([[rows[0], rows[3], rows[4]]]);
    expect(answers).toEqual([
      { id: 100, member: 1, day: 5 },
      undefined,
      undefined,
      { id: 101, member: 3, day: 5 },
      { id: 102, member: 4, day: 5 },
    ]);
  });

  it('answers a row the store held back (not returned) as held back, and the rest by key', async () => {
    const { insert } = inserting(['1:5']);
    const answers = await insert(null, [
      { member: 1, day: 5, key: null },
      { member: 2, day: 5, key: null },
    ]);
    expect(answers).toEqual([undefined, { id: 100, member: 2, day: 5 }]);
  });
});
