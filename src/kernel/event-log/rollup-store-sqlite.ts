import type SQLite from 'better-sqlite3';
import type { CountRow, RollupStore } from './rollup-store.js';

/**
 * Rollups on SQLite through prepared statements, one row per run, in the caller's open transaction
 * on the same connection: no query building per row, and the common case (a row that does not
 * exist yet) costs one insert. Member-day rows that already exist take a second, updating
 * statement, which is how a newly active member-day is told apart from one that gained more
 * activity; the other tables upsert in one. A membership is written only when its first day moves.
 */
export function sqliteRollupStore(sqlite: SQLite.Database): RollupStore {
  const cached = new Map<string, SQLite.Statement>();
  const statement = (source: string) => {
    let prepared = cached.get(source);
    if (!prepared) {
      prepared = sqlite.prepare(source);
      cached.set(source, prepared);
    }
    return prepared;
  };

  /**
   * Inserts each row, or adds its counters to the stored one, in one statement per row.
   * `scope` leads every row's key (the community), where the table has one.
   */
  const upsertCounts = (table: string, keys: string[], counters: string[], rows: CountRow[], scope?: number): void => {
    const columns = [...keys, ...counters];
    const upsert = statement(
      `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})
       on conflict do update set ${counters.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
    );
    for (const row of rows) {
      if (scope === undefined) upsert.run(row);
      else upsert.run(scope, row);
    }
  };

  /**
   * As `upsertCounts`, in two statements for a stored row, and returns which rows were inserted:
   * a member-day row that is new is a newly active member.
   */
  const addCounts = (
    table: string,
    keys: string[],
    counters: string[],
    rows: CountRow[],
    scope?: number,
  ): Uint8Array => {
    const columns = [...keys, ...counters];
    const insert = statement(
      `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')}) on conflict do nothing`,
    );
    const update = statement(
      `update ${table} set ${counters.map((c) => `${c} = ${c} + ?`).join(', ')} where ${keys.map((k) => `${k} = ?`).join(' and ')}`,
    );
    const keyed = scope === undefined ? keys.length : keys.length - 1;
    const inserted = new Uint8Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      inserted[i] = (scope === undefined ? insert.run(row) : insert.run(scope, row)).changes;
      if (inserted[i]) continue;
      const key = row.slice(0, keyed);
      update.run(row.slice(keyed), scope === undefined ? key : [scope, ...key]);
    }
    return inserted;
  };

  const lowerFirstDays = (table: 'members' | 'groups', firstDays: Map<number, number>) => {
    const lower = statement(
      `update ${table} set first_day = @day where id = @id and (first_day is null or first_day > @day)`,
    );
    for (const [id, day] of firstDays) lower.run({ day, id });
  };

  return {
    async write(_trx, communityId, delta) {
      const { memberDays } = delta;
      const inserted = addCounts(
        'member_days',
        ['community_id', 'member_id', 'day'],
        ['messages', 'checkins'],
        memberDays,
        communityId,
      );
      const newlyActive = new Map<number, number>();
      for (let i = 0; i < memberDays.length; i++)
        if (inserted[i]) newlyActive.set(memberDays[i][1], (newlyActive.get(memberDays[i][1]) ?? 0) + 1);
      const communityDays = delta.communityDays.map(([day, messages, checkins]) => [
        day,
        messages,
        checkins,
        newlyActive.get(day) ?? 0,
      ]);
      upsertCounts(
        'community_days',
        ['community_id', 'day'],
        ['messages', 'checkins', 'active_members'],
        communityDays,
        communityId,
      );
      upsertCounts(
        'member_months',
        ['community_id', 'member_id', 'month'],
        ['messages', 'checkins'],
        delta.memberMonths,
        communityId,
      );
      upsertCounts(
        'group_member_days',
        ['group_id', 'member_id', 'day'],
        ['messages', 'checkins'],
        delta.groupMemberDays,
      );
      upsertCounts('group_days', ['group_id', 'day'], ['messages', 'checkins'], delta.groupDays);
      const membership = statement(
        `insert into memberships (group_id, member_id, community_id, first_day) values (?, ?, ?, ?)
         on conflict (group_id, member_id) do update set first_day = excluded.first_day where excluded.first_day < memberships.first_day`,
      );
      for (const [group, member, day] of delta.memberships) membership.run(group, member, communityId, day);
      lowerFirstDays('members', delta.memberFirstDays);
      lowerFirstDays('groups', delta.groupFirstDays);
      const mark = statement('update groups set has_reply_links = 1 where id = ? and has_reply_links = 0');
      for (const id of delta.replyLinkedGroups) mark.run(id);
      if (delta.span) {
        statement(
          `update communities set first_day = min(coalesce(first_day, @first), @first), last_day = max(coalesce(last_day, @last), @last) where id = @id`,
        ).run({ first: delta.span.first, last: delta.span.last, id: communityId });
      }
    },
  };
}
