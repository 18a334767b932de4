import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { withStatementCache } from './sqlite-statement-cache.js';

describe('withStatementCache', () => {
  let sqlite: SQLite.Database;
  afterEach(() => {
    if (sqlite.open) sqlite.close();
  });

  const open = () => {
    sqlite = new SQLite(':memory:');
    sqlite.exec('create table t (n integer); insert into t values (1), (2), (3)');
    return sqlite;
  };

  it('prepares each SQL text once and hands the same statement out again', () => {
    const db = withStatementCache(open());
    const first = db.prepare('select n from t order by n');
    expect(db.prepare('select n from t order by n')).toBe(first);
    expect(db.prepare('select n from t where n > 1')).not.toBe(first);
    expect(first.all()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('prepares a fresh statement while the cached one is still iterating', () => {
    const db = withStatementCache(open());
    const sql = 'select n from t order by n';
    const outer = db.prepare(sql);
    const seen: number[] = [];
    for (const row of outer.iterate() as Iterable<{ n: number }>) {
      const inner = db.prepare(sql);
      expect(inner).not.toBe(outer);
      seen.push(row.n, (inner.all() as Array<{ n: number }>).length);
    }
    expect(seen).toEqual([1, 3, 2, 3, 3, 3]);
    // Once done iterating, the cached statement is handed out again.
    expect(db.prepare(sql)).toBe(outer);
  });

  it('drops the least recently used statement past its capacity', () => {
    const db = withStatementCache(open(), 2);
    const a = db.prepare('select 1');
    const b = db.prepare('select 2');
    expect(db.prepare('select 1')).toBe(a);
    db.prepare('select 3');
    // `select 2` was the least recently used one.
    expect(db.prepare('select 1')).toBe(a);
    expect(db.prepare('select 2')).not.toBe(b);
  });

  it('closes the connection', () => {
    const db = withStatementCache(open());
    db.close();
    expect(sqlite.open).toBe(false);
  });
});
