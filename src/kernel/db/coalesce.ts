/**
 * Coalescing of same-kind queries (the "DataLoader" pattern) for work running side by side in one
 * transaction: every call made in the same turn of the event loop on the same transaction joins
 * one query, and each caller hears its own answer. On PostgreSQL a round trip costs far more than
 * a row, so a batch of check-ins making one query per kind beats each making its own.
 */

interface Flush<In, Out> {
  inputs: In[];
  callers: Array<{ resolve: (value: Out) => void; reject: (error: unknown) => void }>;
}

/**
 * Most inputs one query takes: a multi-row insert carries a parameter per column, and PostgreSQL
 * refuses a statement with more than 65,535.
 */
const MAX_INPUTS = 1000;

/**
 * Wraps `runAll` so that calls on the same `scope` (a transaction) made in one turn of the event
 * loop are answered by one run. The run starts on `setImmediate`, so every microtask of the
 * callers — each continuing after its previous answer — has made its call by then. Calls on
 * different scopes never share a run; a failed run rejects each of its callers with its error.
 *
 * @example
 * const byHash = coalesce<string, Row | undefined>(async (trx, hashes) => ...);
 * const [a, b] = await Promise.all([byHash(trx, 'x'), byHash(trx, 'y')]); // one query
 */
export function coalesce<Scope extends object, In, Out>(
  runAll: (scope: Scope, inputs: In[]) => Promise<Out[]>,
): (scope: Scope, input: In) => Promise<Out> {
  const open = new WeakMap<Scope, Flush<In, Out>>();
  const flush = async (scope: Scope, batch: Flush<In, Out>) => {
    // Calls made while this run is out belong to the next one.
    open.delete(scope);
    try {
      for (let start = 0; start < batch.inputs.length; start += MAX_INPUTS) {
        const inputs = batch.inputs.slice(start, start + MAX_INPUTS);
        const outputs = await runAll(scope, inputs);
        // A caller left without an answer would wait forever, holding its transaction open.
        if (outputs.length !== inputs.length)
          throw new Error(`coalesced query answered ${outputs.length} of ${inputs.length} calls`);
        outputs.forEach((output, i) => {
          batch.callers[start + i].resolve(output);
        });
      }
    } catch (error) {
      // Callers already answered by an earlier chunk keep their answer; a promise settles once.
      for (const caller of batch.callers) caller.reject(error);
    }
  };
  return (scope, input) =>
    new Promise<Out>((resolve, reject) => {
      let batch = open.get(scope);
      if (!batch) {
        const created: Flush<In, Out> = { inputs: [], callers: [] };
        open.set(scope, created);
        setImmediate(() => void flush(scope, created));
        batch = created;
      }
      batch.inputs.push(input);
      batch.callers.push({ resolve, reject });
    });
}

/**
 * Answers for a set of inputs of which several may name the same thing (`keyOf`): the query runs
 * once per distinct key and every input with that key gets that key's answer (`missing` when the
 * query found nothing for it). Joins a set of pairs, say, without a row coming back twice.
 */
export function perDistinctKey<Scope, In, Out>(
  keyOf: (input: In) => string,
  runDistinct: (scope: Scope, inputs: In[]) => Promise<Map<string, Out>>,
  missing: () => Out,
) {
  return async (scope: Scope, inputs: In[]): Promise<Out[]> => {
    const distinct = new Map<string, In>();
    for (const input of inputs) if (!distinct.has(keyOf(input))) distinct.set(keyOf(input), input);
    const answers = await runDistinct(scope, [...distinct.values()]);
    return inputs.map((input) => answers.get(keyOf(input)) ?? missing());
  };
}

/**
 * For a multi-row `insert … on conflict do nothing returning …`: sends only the first of the rows
 * sharing any unique key (`uniqueKeys`, null for a key the row leaves empty: a later one would be
 * skipped by the conflict, and its caller must hear so rather than the first row's answer) and
 * answers each sent row with the returned row whose `returnedKey` is the row's first unique key,
 * or undefined when a conflict held it back.
 */
export function firstOfEachKey<Scope, Row, Returned>(
  uniqueKeys: (row: Row) => [string, ...Array<string | null>],
  returnedKey: (row: Returned) => string,
  insert: (scope: Scope, rows: Row[]) => Promise<Returned[]>,
) {
  return async (scope: Scope, rows: Row[]): Promise<Array<Returned | undefined>> => {
    const taken = new Set<string>();
    const sent: Row[] = [];
    const isSent = rows.map((row) => {
      const keys = uniqueKeys(row).filter((k): k is string => k !== null);
      if (keys.some((k) => taken.has(k))) return false;
      for (const k of keys) taken.add(k);
      sent.push(row);
      return true;
    });
    const returned = sent.length === 0 ? [] : await insert(scope, sent);
    const byKey = new Map(returned.map((r) => [returnedKey(r), r]));
    return rows.map((row, i) => (isSent[i] ? byKey.get(uniqueKeys(row)[0]) : undefined));
  };
}
