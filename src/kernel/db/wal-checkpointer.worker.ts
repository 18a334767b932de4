import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { checkpointWal, type CheckpointerData, type CheckpointerMessage } from './wal-checkpointer.js';

/** The WAL checkpointer thread's body (see wal-checkpointer.ts): a connection of its own, a round per interval. */
const port = parentPort!;
const { file, intervalMs } = workerData as CheckpointerData;
const sqlite = new SQLite(file);

const post = (message: CheckpointerMessage) => port.postMessage(message);

const timer = setInterval(() => {
  try {
    checkpointWal(sqlite);
  } catch (error) {
    // SQLite's messages name no data; the next round tries again.
    post({ type: 'error', message: (error as Error).message });
  }
}, intervalMs);

port.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  sqlite.close();
  port.close();
});
post({ type: 'ready' });
