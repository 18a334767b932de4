import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migratorFor, openDatabase, sqliteFile } from '../database.js';

const BEFORE = '2026-11-23-114-camp-revision';

describe('migration 115 (idempotency keys per member) on a SQLite file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A data directory migrated up to 114, with two members' check-ins, a copy flag and a role model on them. */
  async function before() {
    const dataDir = mkdtempSync(join(tmpdir(), 'shequn-m115-'));
    dirs.push(dataDir);
    const sqlite = new SQLite(sqliteFile(dataDir));
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
    const { error } = await (await migratorFor({ db, dialect: 'sqlite' })).migrateTo(BEFORE);
    if (error) throw error;
    const insert = (sql: string) => sqlite.prepare(sql).run();
    insert(`insert into communities (id, slug, name, timezone, created_at) values (1, 'c', 'c', 'UTC', 0)`);
    insert(
      `insert into members (id, community_id, display_name, is_bot, created_at) values (10, 1, 'a', 0, 0), (11, 1, 'b', 0, 0)`,
    );
    insert(`insert into camps (id, community_id, name, template, start_day, length_days, window_start, window_end, content, rules, settings, created_at)
            values (5, 1, 'camp', 'custom', 100, 21, 0, 1440, '{}', '{}', '{}', 0)`);
    const checkin = (id: number, member: number, day: number, key: string | null) =>
      insert(`insert into checkins (id, camp_id, community_id, member_id, day, at, source, kind, text, idempotency_key)
              values (${id}, 5, 1, ${member}, ${day}, 0, 'page', 'normal', 'text ${id}', ${key === null ? 'null' : `'${key}'`})`);
    checkin(1, 10, 100, 'k1');
    checkin(2, 11, 100, 'k2');
    checkin(7, 10, 101, null);
    // A deleted check-in's id must not come back.
    checkin(9, 11, 101, 'gone');
    insert('delete from checkins where id = 9');
    insert(
      `insert into camp_copy_flags (community_id, camp_id, checkin_id, original_checkin_id, score, jaccard, status, created_at) values (1, 5, 2, 1, 0.9, 0.9, 'open', 0)`,
    );
    insert(
      `insert into camp_role_models (camp_id, day, rank, member_id, checkin_id, reason, params) values (5, 100, 1, 10, 1, 'streak', '{}')`,
    );
    await db.destroy();
    return dataDir;
  }

  it('keeps every check-in, its id and what hangs off it, and makes keys unique per member', async () => {
    const dataDir = await before();
    const handle = await openDatabase({ dataDir });
    try {
      const { db } = handle;
      expect(
        await db.selectFrom('checkins').select(['id', 'member_id', 'idempotency_key']).orderBy('id').execute(),
      ).toEqual([
        { id: 1, member_id: 10, idempotency_key: 'k1' },
        { id: 2, member_id: 11, idempotency_key: 'k2' },
        { id: 7, member_id: 10, idempotency_key: null },
      ]);
      expect(await db.selectFrom('camp_copy_flags').select(['checkin_id', 'original_checkin_id']).execute()).toEqual([
        { checkin_id: 2, original_checkin_id: 1 },
      ]);
      expect(await db.selectFrom('camp_role_models').select('checkin_id').execute()).toEqual([{ checkin_id: 1 }]);
      const indexes = handle
        .sqlite!.prepare(`select name from sqlite_master where type = 'index' and tbl_name = 'checkins' order by name`)
        .pluck()
        .all();
      expect(indexes).toEqual(['checkins_camp_day_idx', 'sqlite_autoindex_checkins_1', 'sqlite_autoindex_checkins_2']);

      const row = (id: number | undefined, member: number, day: number, key: string) =>
        handle
          .sqlite!.prepare(
            `insert into checkins (${id === undefined ? '' : 'id, '}camp_id, community_id, member_id, day, at, source, kind, idempotency_key)
           values (${id === undefined ? '' : `${id}, `}5, 1, ?, ?, 0, 'page', 'normal', ?) on conflict do nothing`,
          )
          .run(member, day, key);
      // Another member may use a key of someone else's; the same member may not use one twice.
      expect(row(undefined, 11, 102, 'k1').changes).toBe(1);
      expect(row(undefined, 10, 103, 'k1').changes).toBe(0);
      // AUTOINCREMENT's high-water mark survived the rebuild: the deleted check-in's id stays unused.
      const ids = await db.selectFrom('checkins').select('id').where('day', '=', 102).execute();
      expect(ids).toEqual([{ id: 10 }]);
      // Cascades still reach the rebuilt table.
      await db.deleteFrom('checkins').where('id', '=', 2).execute();
      expect(await db.selectFrom('camp_copy_flags').selectAll().execute()).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});
