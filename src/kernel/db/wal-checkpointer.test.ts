import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKGROUND_MODE_AUTOCHECKPOINT_PAGES, openDatabase, sqliteFile, type DatabaseHandle } from './database.js';
import { checkpointWal, startWalCheckpointer } from './wal-checkpointer.js';

describe('background WAL checkpoints', () => {
  let dataDir: string;
  let handle: DatabaseHandle;
  let observer: SQLite.Database;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'shequn-wal-'));
    handle = await openDatabase({ dataDir, checkpointInBackground: true });
    observer = new SQLite(sqliteFile(dataDir));
  });
  afterEach(async () => {
    observer.close();
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Commits `count` small transactions on the handle's connection, a page or so each. */
  const commits = (count: number, from = 0) => {
    const insert = handle.sqlite!.prepare(
      'insert into communities (slug, name, timezone, created_at) values (?, ?, ?, 0)',
    );
    for (let i = from; i < from + count; i++) insert.run(`c${i}`, 'x'.repeat(2000), 'UTC');
  };
  /** Pages in the log since it last started over, as a checkpoint from the observer reports them. */
  const logPages = () => {
    const { log } = checkpointWal(observer);
    // -1: another connection was checkpointing, so there is no count to trust.
    expect(log).toBeGreaterThanOrEqual(0);
    return log;
  };

  it("leaves checkpoints to the background: commits let the log grow past SQLite's 1,000 pages", () => {
    expect(handle.sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKGROUND_MODE_AUTOCHECKPOINT_PAGES);
    commits(1200);
    // With SQLite's default a commit would have checkpointed and the log started over long before.
    expect(logPages()).toBeGreaterThan(1000);
  });

  it('copies the whole log when writes pause, so the next commit starts it over', () => {
    commits(300);
    expect(checkpointWal(observer)).toEqual({ log: expect.any(Number), checkpointed: expect.any(Number) });
    commits(1, 300);
    expect(logPages()).toBeLessThan(10);
    expect((handle.sqlite!.prepare('select count(*) as n from communities').get() as { n: number }).n).toBe(301);
  });

  it('copies the log from its own thread while a writer goes on, and stops on request', async () => {
    const checkpointer = await startWalCheckpointer(sqliteFile(dataDir), { intervalMs: 10 });
    try {
      // Like the check-in writer under a surge: a transaction of a few rows, a turn of the event loop, the next one.
      const batch = handle.sqlite!.transaction((from: number) => commits(10, from));
      for (let written = 0; written < 3000; written += 10) {
        batch(written);
        await new Promise((resolve) => setImmediate(resolve));
      }
      // Then a pause: the thread's next round copies the rest, and the next commit starts the log over.
      await new Promise((resolve) => setTimeout(resolve, 100));
      commits(1, 3000);
    } finally {
      await checkpointer.stop();
    }
    expect(logPages()).toBeLessThan(10);
    // Stopped: nothing copies the log during a pause any more, so it goes on growing.
    commits(300, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    commits(1, 10_300);
    expect(logPages()).toBeGreaterThan(300);
  });
});
