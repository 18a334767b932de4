import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';
import { tsWorker } from '../threads/ts-worker.js';

/**
 * Background checkpoints of a SQLite database's write-ahead log.
 *
 * By default SQLite checkpoints inside a commit once the WAL holds 1,000 pages, and that commit
 * then waits for two fsyncs (the WAL, then the database file: ~4 ms each on our machines). Under
 * a surge of check-ins the writer thread spent about a fifth of its time waiting there, while the
 * HTTP thread waited for its answers. Here a thread with a connection of its own copies the log
 * into the database every interval without making anyone wait (a PASSIVE checkpoint), and the
 * connections checkpoint themselves only past ten times as many pages (`checkpointInBackground`).
 * When writes pause the copy catches up and the next writer starts the log over; a surge that
 * outruns it meets the connections' own, much rarer checkpoint, which then has little left to copy.
 * (Making the log start over from here, a RESTART checkpoint, starves under a surge: it needs a
 * moment with no write transaction open, and the writer leaves only microseconds between them.)
 */

export interface CheckpointerOptions {
  /** How often the WAL is checkpointed. */
  intervalMs?: number;
  /** A checkpoint failed, or the thread stopped and is being replaced. */
  onError?: (error: Error) => void;
}

export interface CheckpointerData {
  file: string;
  intervalMs: number;
}

export type CheckpointerMessage = { type: 'ready' } | { type: 'error'; message: string };

const DEFAULT_INTERVAL_MS = 100;

interface CheckpointRow {
  busy: number;
  log: number;
  checkpointed: number;
}

/**
 * One round of background checkpointing on `sqlite`, a connection used for nothing else: copies
 * what it can without waiting for anyone. Returns the pages in the log and how many of them are
 * now in the database file (-1 each while another connection is checkpointing).
 *
 * @example
 * checkpointWal(new SQLite('data/shequn.db')); // { log: 2310, checkpointed: 2310 }
 */
export function checkpointWal(sqlite: SQLite.Database): { log: number; checkpointed: number } {
  const [{ log, checkpointed }] = sqlite.pragma('wal_checkpoint(PASSIVE)') as CheckpointRow[];
  return { log, checkpointed };
}

export interface WalCheckpointer {
  /** Stops checkpointing and closes the thread's connection. */
  stop(): Promise<void>;
}

/**
 * Checkpoints the WAL of the SQLite database `file` from a thread of its own until stopped. A
 * thread that dies is replaced after one interval, so the WAL never grows without bound.
 *
 * @example
 * const checkpointer = await startWalCheckpointer(sqliteFile('./data'));
 * await checkpointer.stop(); // before the last connection closes
 */
export async function startWalCheckpointer(file: string, options: CheckpointerOptions = {}): Promise<WalCheckpointer> {
  const data: CheckpointerData = { file, intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS };
  const report = options.onError ?? (() => undefined);
  let stopped = false;
  let replacement: NodeJS.Timeout | null = null;

  const spawn = () =>
    new Promise<Worker>((resolve, reject) => {
      const thread = tsWorker(new URL('./wal-checkpointer.worker.ts', import.meta.url), data);
      thread.on('message', (message: CheckpointerMessage) => {
        if (message.type === 'ready') resolve(thread);
        else report(new Error(`WAL checkpoint failed: ${message.message}`));
      });
      thread.once('error', reject);
      thread.once('exit', (code) => {
        reject(new Error(`the WAL checkpointer exited with ${code} before it started`));
        if (stopped) return;
        report(new Error(`the WAL checkpointer stopped (exit code ${code}); starting another`));
        replacement = setTimeout(() => {
          current = spawn();
          current.catch(report);
        }, data.intervalMs);
      });
    });

  let current = spawn();
  await current;
  return {
    async stop() {
      stopped = true;
      if (replacement) clearTimeout(replacement);
      const thread = await current.catch(() => null);
      if (!thread || thread.threadId === -1) return;
      const exited = once(thread, 'exit');
      thread.postMessage('stop');
      await exited;
    },
  };
}
