import type { Transaction } from 'kysely';
import type { DatabaseHandle } from '../kernel/db/database.js';
import type { Database } from '../kernel/db/schema.js';

/** Registers work to run once at the end of the transaction, before it commits (deduplicated by key). */
export type Defer = (key: string, work: (trx: Transaction<Database>) => Promise<void>) => void;
export type CommitWork<T> = (trx: Transaction<Database>, defer: Defer) => Promise<T>;

interface Pending {
  work: CommitWork<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Most check-ins one SQLite transaction takes, so one slow batch cannot hold up the next for long. */
const MAX_BATCH = 512;

/**
 * Runs `work` in a transaction and resolves only after that transaction commits.
 *
 * On SQLite, writes queue up and run as a group commit: every request that arrives while a
 * transaction is open joins the next one, each inside its own savepoint (a failing request rolls
 * back only itself), and deferred work — the rollup upserts — runs once per batch instead of once
 * per request. One connection writes one transaction at a time anyway; this makes each of them
 * carry many check-ins. PostgreSQL runs concurrent transactions itself: one each.
 *
 * @example
 * const result = await inCommit(handle, async (trx, defer) => { ...; defer('rollups', flush); return row; });
 */
export function inCommit<T>(handle: DatabaseHandle, work: CommitWork<T>): Promise<T> {
  if (!handle.sqlite) {
    return handle.db.transaction().execute(async (trx) => {
      const deferred = new Map<string, (trx: Transaction<Database>) => Promise<void>>();
      const value = await work(trx, (key, fn) => void deferred.set(key, fn));
      for (const fn of deferred.values()) await fn(trx);
      return value;
    });
  }
  return new Promise<T>((resolve, reject) => {
    const queue = queueOf(handle);
    queue.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
    if (!queue.running) {
      queue.running = true;
      setImmediate(() => void drain(handle, queue));
    }
  });
}

interface Queue {
  pending: Pending[];
  running: boolean;
}

const queues = new WeakMap<object, Queue>();

function queueOf(handle: DatabaseHandle): Queue {
  let queue = queues.get(handle.sqlite!);
  if (!queue) {
    queue = { pending: [], running: false };
    queues.set(handle.sqlite!, queue);
  }
  return queue;
}

async function drain(handle: DatabaseHandle, queue: Queue): Promise<void> {
  const sqlite = handle.sqlite!;
  while (queue.pending.length > 0) {
    const batch = queue.pending.splice(0, MAX_BATCH);
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      await handle.db.transaction().execute(async (trx) => {
        const deferred = new Map<string, (trx: Transaction<Database>) => Promise<void>>();
        const defer: Defer = (key, fn) => void deferred.set(key, fn);
        for (const item of batch) {
          // The transaction's own connection: savepoints need no query building.
          sqlite.exec('savepoint checkin');
          try {
            outcomes.push({ ok: true, value: await item.work(trx, defer) });
            sqlite.exec('release checkin');
          } catch (error) {
            sqlite.exec('rollback to checkin');
            sqlite.exec('release checkin');
            outcomes.push({ ok: false, error });
          }
        }
        for (const fn of deferred.values()) await fn(trx);
      });
    } catch (error) {
      // The commit itself failed: nothing of the batch is stored, so nobody hears success.
      for (const item of batch) item.reject(error);
      continue;
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }
  queue.running = false;
}
