import { sql, type Transaction } from 'kysely';
import type { DatabaseHandle } from './database.js';
import type { Database } from './schema.js';
import { AppError } from '../errors.js';

/**
 * Registers work to run once at the end of the transaction, before it commits (deduplicated by
 * key), and what to forget should the transaction roll back instead (state gathered for that work).
 */
export type Defer = (key: string, work: (trx: Transaction<Database>) => Promise<void>, onRollback?: () => void) => void;
export type CommitWork<T> = (trx: Transaction<Database>, defer: Defer) => Promise<T>;

interface Pending {
  work: CommitWork<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** Times the work met a deadlock and was put back in the queue. */
  retries: number;
}

/** Most check-ins one transaction takes, so one slow batch cannot hold up the next for long. */
const MAX_BATCH = 512;
/**
 * On SQLite, batches of at most 32: the one writer answers each batch as soon as it commits, so
 * while it writes the next one the HTTP thread is already sending those answers and reading new
 * requests. One batch holding every request in flight made the two threads take turns instead
 * (the surge benchmark's machine was busy ~72% of the time with whole-queue batches, ~80% with
 * batches of 8). Not too small either: a commit writes every page its batch changed to the WAL,
 * two system calls a page, and check-ins of one batch share some of them. Members check in in no
 * particular order, so each check-in changes a page of its own in several member-keyed indexes
 * (its day and its key, its points, its member's day, month and group-day rows): about six pages
 * of WAL a check-in in batches of 16, with those calls a third of the writer's time. With the
 * benchmark's 64 clients in random order, 32 gave ~14% more check-ins per second than 16 (and
 * a lower p99), 48 ~10% fewer than 32 (bench/README.md, session 9).
 */
export const SQLITE_MAX_BATCH = 32;
/**
 * Transactions writing check-ins at once on PostgreSQL. Every batch ends by adding to the same
 * day counters (community and group rows), which it holds locked until it commits: more lanes
 * only queue there. Two: one batch's commit (its flush) overlaps the next batch's queries. Since
 * a batch's queries coalesce, a bigger batch costs hardly more round trips, so fewer lanes won:
 * in the surge benchmark 2 lanes gave ~2,700/s with p99 35–50 ms, 4 lanes ~2,250/s with p99
 * 57–61 ms, 8 lanes ~1,600/s with p99 over 120 ms. Once a batch took six round trips instead of
 * sixteen (~4,200/s), 2, 3 and 4 lanes measured alike.
 */
const POSTGRES_LANES = 2;
/** A deadlocked check-in is retried in a later transaction this many times before it fails. */
const MAX_RETRIES = 5;
/** PostgreSQL's deadlock and serialization failures: the transaction lost a race and may run again. */
const RETRYABLE = new Set(['40P01', '40001']);

const isRetryable = (error: unknown) => RETRYABLE.has(String((error as { code?: unknown } | null)?.code));

/**
 * Runs `work` in a transaction and resolves only after that transaction commits.
 *
 * Writes queue up and run as group commits: every request that arrives while a transaction is
 * open joins the next one, each inside its own savepoint (a failing request rolls back only
 * itself; on PostgreSQL a batch first runs side by side without them, see `runBatch`), and
 * deferred work — the rollup upserts — runs once per batch instead of once per request. SQLite
 * has one writer, so one lane drains the queue. On PostgreSQL a few lanes drain it side by side:
 * one transaction per check-in would serialise every check-in of a community on its day counter
 * rows, each holding the lock through its own commit; a batch takes that lock once.
 * A check-in (or a whole batch) that PostgreSQL picks as a deadlock victim is queued again.
 *
 * @example
 * const result = await inCommit(handle, async (trx, defer) => { ...; defer('rollups', flush); return row; });
 */
export function inCommit<T>(handle: DatabaseHandle, work: CommitWork<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const queue = queueOf(handle);
    queue.pending.push({ work, resolve: resolve as (value: unknown) => void, reject, retries: 0 });
    startLanes(handle, queue);
  });
}

interface Queue {
  pending: Pending[];
  /** Lanes draining the queue now. */
  running: number;
  lanes: number;
}

const queues = new WeakMap<object, Queue>();

function queueOf(handle: DatabaseHandle): Queue {
  let queue = queues.get(handle.db);
  if (!queue) {
    queue = { pending: [], running: 0, lanes: handle.sqlite ? 1 : POSTGRES_LANES };
    queues.set(handle.db, queue);
  }
  return queue;
}

function startLanes(handle: DatabaseHandle, queue: Queue): void {
  // A lane starts on the next turn of the event loop, so the requests read in this one join it.
  while (queue.running < queue.lanes && queue.running < queue.pending.length) {
    queue.running++;
    setImmediate(() => void drain(handle, queue));
  }
}

const SAVEPOINT = {
  begin: 'savepoint checkin',
  release: 'release savepoint checkin',
  rollback: 'rollback to savepoint checkin',
} as const;
type SavepointStep = keyof typeof SAVEPOINT;
const preparedSavepoints = new WeakMap<object, Record<SavepointStep, { run(): unknown }>>();

/** Savepoints on the transaction's own connection: on SQLite prepared once per connection. */
function savepointsOf(handle: DatabaseHandle, trx: Transaction<Database>) {
  const sqlite = handle.sqlite;
  let run: (step: SavepointStep) => Promise<void>;
  if (sqlite) {
    let prepared = preparedSavepoints.get(sqlite);
    if (!prepared) {
      prepared = {
        begin: sqlite.prepare(SAVEPOINT.begin),
        release: sqlite.prepare(SAVEPOINT.release),
        rollback: sqlite.prepare(SAVEPOINT.rollback),
      };
      preparedSavepoints.set(sqlite, prepared);
    }
    const statements = prepared;
    run = async (step) => void statements[step].run();
  } else run = async (step) => void (await sql.raw(SAVEPOINT[step]).execute(trx));
  return {
    begin: () => run('begin'),
    release: () => run('release'),
    rollback: async () => {
      await run('rollback');
      await run('release');
    },
  };
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown } | { ok: 'retry' };

/** Thrown out of a batch run without savepoints when one of its items failed. */
class ItemFailed extends Error {}

/** An item's refusal (a client error) raised before the item wrote anything. */
class RefusedBeforeWriting extends Error {
  constructor(readonly refusal: AppError) {
    super(refusal.message);
  }
}

/**
 * Runs `read`, a part of a batch item that comes before its first write, so that a refusal it
 * raises (an unknown personal link, a key used by another member) fails that item alone: nothing
 * of it is in the transaction to roll back. Without this, on PostgreSQL one bad link in a surge
 * would send its whole batch through the slow rerun, one item at a time with savepoints.
 */
export async function beforeWriting<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw error instanceof AppError ? refusedBeforeWriting(error) : error;
  }
}

/** `refusal`, to throw from an item that has written nothing yet (see `beforeWriting`). */
const refusedBeforeWriting = (refusal: AppError): Error => new RefusedBeforeWriting(refusal);

/** What a failed item answers: a refusal before writing as the refusal itself. */
const failureOf = (error: unknown) => (error instanceof RefusedBeforeWriting ? error.refusal : error);

/**
 * Runs one batch in one transaction; outcomes are final only once it has committed.
 *
 * With `savepoints`, each item runs in its own, one after the other, and a failing one rolls back
 * alone. Without, a failing item rolls the whole transaction back (`ItemFailed`), and items rarely
 * fail after writing anything, so a batch first runs without them and only runs again with them
 * when one of its items failed: on PostgreSQL each savepoint is two more round trips per check-in
 * (there the items run side by side), on SQLite a copy of every page a check-in touches that an
 * earlier one of the batch had changed (its statement journal: about a sixteenth of the writer's
 * time in a surge, half of it in writes to a temporary file).
 */
async function runBatch(handle: DatabaseHandle, batch: Pending[], savepoints: boolean): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const deferred = new Map<string, (trx: Transaction<Database>) => Promise<void>>();
  const forgetOnRollback = new Map<string, () => void>();
  const defer: Defer = (key, fn, onRollback) => {
    deferred.set(key, fn);
    if (onRollback) forgetOnRollback.set(key, onRollback);
  };
  try {
    await handle.db.transaction().execute(async (trx) => {
      await runItems(handle, trx, batch, savepoints, defer, outcomes);
      for (const fn of deferred.values()) await fn(trx);
    });
  } catch (error) {
    for (const forget of forgetOnRollback.values()) forget();
    throw error;
  }
  return outcomes;
}

async function runItems(
  handle: DatabaseHandle,
  trx: Transaction<Database>,
  batch: Pending[],
  savepoints: boolean,
  defer: Defer,
  outcomes: Outcome[],
): Promise<void> {
  if (!savepoints) {
    outcomes.push(...(handle.sqlite ? await oneAfterAnother(trx, batch, defer) : await sideBySide(trx, batch, defer)));
    return;
  }
  const savepoint = savepointsOf(handle, trx);
  for (const item of batch) {
    await savepoint.begin();
    try {
      const value = await item.work(trx, defer);
      await savepoint.release();
      outcomes.push({ ok: true, value });
    } catch (error) {
      await savepoint.rollback();
      outcomes.push(
        isRetryable(error) && item.retries < MAX_RETRIES ? { ok: 'retry' } : { ok: false, error: failureOf(error) },
      );
    }
  }
}

/**
 * Runs the batch's items one at a time without savepoints (SQLite: its statements never wait, so
 * side by side would gain nothing); an item failing after it wrote fails the run.
 */
async function oneAfterAnother(trx: Transaction<Database>, batch: Pending[], defer: Defer): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const item of batch) {
    try {
      outcomes.push({ ok: true, value: await item.work(trx, defer) });
    } catch (error) {
      if (!(error instanceof RefusedBeforeWriting)) throw new ItemFailed();
      outcomes.push({ ok: false, error: error.refusal });
    }
  }
  return outcomes;
}

/** Per side-by-side run: resolves once every item has finished or waits in `afterOtherItems`. */
const sideBySideRuns = new WeakMap<object, { waitOthers(): Promise<void> }>();

/**
 * Runs the batch's items all at once in the transaction (PostgreSQL, without savepoints): their
 * queries then coalesce (kernel/db/coalesce), a few round trips per kind of query for the whole
 * batch instead of a few per item. Every item settles before the run goes on, so none is still
 * writing when the deferred work runs or the transaction ends; any failure fails the run.
 */
async function sideBySide(trx: Transaction<Database>, batch: Pending[], defer: Defer): Promise<Outcome[]> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let waiting = 0;
  let finished = 0;
  // An item waiting for the others is blocked until the release, so it never also counts as finished before it.
  const check = () => void (waiting + finished >= batch.length && release());
  sideBySideRuns.set(trx, {
    waitOthers() {
      waiting++;
      check();
      return released;
    },
  });
  const settled = await Promise.allSettled(
    batch.map(async (item) => {
      try {
        return await item.work(trx, defer);
      } finally {
        finished++;
        check();
      }
    }),
  );
  if (settled.some((s) => s.status === 'rejected' && !(s.reason instanceof RefusedBeforeWriting)))
    throw new ItemFailed();
  return settled.map((s) =>
    s.status === 'fulfilled' ? { ok: true, value: s.value } : { ok: false, error: failureOf(s.reason) },
  );
}

/**
 * Waits until every other item of a side-by-side run has finished (items waiting here too aside),
 * so an item reading what another item of its batch wrote — a replay of a check-in stored moments
 * ago in the same transaction — sees all of it, not half. Items that run one at a time go on at once.
 */
export async function afterOtherItems(trx: Transaction<Database>): Promise<void> {
  await sideBySideRuns.get(trx)?.waitOthers();
}

/** The batch's outcomes: a run without savepoints, and when one of its items failed, one with them. */
async function outcomesOf(handle: DatabaseHandle, batch: Pending[]): Promise<Outcome[]> {
  try {
    return await runBatch(handle, batch, false);
  } catch (error) {
    if (!(error instanceof ItemFailed)) throw error;
    return runBatch(handle, batch, true);
  }
}

function requeue(queue: Queue, items: Pending[]): void {
  for (const item of items) item.retries++;
  queue.pending.unshift(...items);
}

/**
 * Resolves on the turn of the event loop after the next: the answers of the batch just committed
 * have left by then, and requests that arrived meanwhile have joined the queue. SQLite's
 * statements never wait, so a whole batch runs within one callback; the answers are posted by an
 * immediate callback of their own (`batchedPost`), queued only as the batch's promises settle,
 * after this one. Waiting a single turn, the next batch ran first and every answer waited a whole
 * batch longer (~1 ms of a surge's ~5 ms per request).
 */
const afterAnswersLeave = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

async function drain(handle: DatabaseHandle, queue: Queue): Promise<void> {
  let first = true;
  while (queue.pending.length > 0) {
    if (!first) await afterAnswersLeave();
    first = false;
    const batch = queue.pending.splice(0, handle.sqlite ? SQLITE_MAX_BATCH : MAX_BATCH);
    let outcomes: Outcome[];
    try {
      outcomes = await outcomesOf(handle, batch);
    } catch (error) {
      // The commit (or the deferred work) failed: nothing of the batch is stored, so nobody
      // hears success. A lost race runs again; anything else fails the batch.
      const retry = isRetryable(error) && batch.every((item) => item.retries < MAX_RETRIES);
      if (retry) requeue(queue, batch);
      else for (const item of batch) item.reject(error);
      continue;
    }
    const again: Pending[] = [];
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome.ok === 'retry') again.push(item);
      else if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
    if (again.length > 0) requeue(queue, again);
  }
  queue.running--;
}
