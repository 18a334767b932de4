import type { Transaction } from 'kysely';
import type { DatabaseHandle } from '../db/database.js';
import type { Database, NewEvent } from '../db/schema.js';

/**
 * Inserts events, skipping those already stored (same community, platform and source id), and
 * reports which rows were new: only new rows may touch the rollups, or a re-import would count
 * twice. SQLite takes one prepared statement per row (no query building on the hot path);
 * PostgreSQL takes multi-row inserts.
 */
export type EventWriter = (trx: Transaction<Database>, rows: NewEvent[]) => Promise<boolean[]>;

const COLUMNS = [
  'community_id', 'group_id', 'member_id', 'platform', 'source_id', 'kind', 'occurred_at', 'day',
  'reply_to_source_id', 'thread_source_id', 'text', 'is_question',
] as const;

export function createEventWriter(handle: DatabaseHandle): EventWriter {
  const sqlite = handle.sqlite;
  if (sqlite) {
    const statement = sqlite.prepare(
      `insert into events (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')}) on conflict do nothing`,
    );
    return async (_trx, rows) =>
      rows.map(
        (r) =>
          statement.run(
            r.community_id, r.group_id, r.member_id ?? null, r.platform, r.source_id, r.kind, r.occurred_at, r.day,
            r.reply_to_source_id ?? null, r.thread_source_id ?? null, r.text ?? null, r.is_question ?? 0,
          ).changes === 1,
      );
  }
  return async (trx, rows) => {
    if (rows.length === 0) return [];
    const inserted = await trx
      .insertInto('events')
      .values(rows)
      .onConflict((oc) => oc.columns(['community_id', 'platform', 'source_id']).doNothing())
      .returning('source_id')
      .execute();
    const fresh = new Set(inserted.map((r) => r.source_id));
    // A source id twice in one batch is inserted once: only its first row is new.
    return rows.map((r) => fresh.delete(r.source_id));
  };
}
