import type { Transaction } from 'kysely';
import { EVENT_KINDS, type Platform } from '../../platforms/importers/types.js';
import type { DatabaseHandle } from '../db/database.js';
import type { Database, NewEvent } from '../db/schema.js';
import type { EventBatch } from './event-batch.js';

/** A batch's events with their stored group and member: `groupIds[batch.group[i]]`, `memberIds[batch.author[i]]`. */
export interface ResolvedBatch {
  batch: EventBatch;
  groupIds: number[];
  platforms: Platform[];
  memberIds: number[];
}

/**
 * Inserts events, skipping those already stored (same community, platform and source id), and
 * reports which rows were new: only new rows may touch the rollups, or a re-import would count
 * twice. SQLite takes one prepared statement per row (no query building on the hot path);
 * PostgreSQL takes multi-row inserts.
 */
export type EventWriter = (trx: Transaction<Database>, events: ResolvedBatch) => Promise<Uint8Array>;

const COLUMNS = [
  'community_id', 'group_id', 'member_id', 'platform', 'source_id', 'kind', 'occurred_at', 'day',
  'reply_to_source_id', 'thread_source_id', 'text', 'is_question',
] as const;

const PG_ROWS_PER_INSERT = 1000;

export function createEventWriter(handle: DatabaseHandle, communityId: number): EventWriter {
  const sqlite = handle.sqlite;
  if (sqlite) {
    const statement = sqlite.prepare(
      `insert into events (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')}) on conflict do nothing`,
    );
    return async (_trx, { batch, groupIds, platforms, memberIds }) => {
      const fresh = new Uint8Array(batch.length);
      for (let i = 0; i < batch.length; i++) {
        const group = batch.group[i];
        fresh[i] = statement.run(
          communityId, groupIds[group], memberIds[batch.author[i]], platforms[group], batch.sourceId[i], EVENT_KINDS[batch.kind[i]],
          batch.occurredAt[i], batch.day[i], batch.replyTo[i], batch.thread[i], batch.text[i], batch.isQuestion[i],
        ).changes;
      }
      return fresh;
    };
  }
  return async (trx, { batch, groupIds, platforms, memberIds }) => {
    const fresh = new Uint8Array(batch.length);
    for (let start = 0; start < batch.length; start += PG_ROWS_PER_INSERT) {
      const rows: NewEvent[] = [];
      for (let i = start; i < Math.min(batch.length, start + PG_ROWS_PER_INSERT); i++) {
        const group = batch.group[i];
        rows.push({
          community_id: communityId, group_id: groupIds[group], member_id: memberIds[batch.author[i]], platform: platforms[group],
          source_id: batch.sourceId[i], kind: EVENT_KINDS[batch.kind[i]], occurred_at: batch.occurredAt[i], day: batch.day[i],
          reply_to_source_id: batch.replyTo[i], thread_source_id: batch.thread[i], text: batch.text[i], is_question: batch.isQuestion[i],
        });
      }
      const inserted = await trx
        .insertInto('events')
        .values(rows)
        .onConflict((oc) => oc.columns(['community_id', 'platform', 'source_id']).doNothing())
        .returning('source_id')
        .execute();
      const stored = new Set(inserted.map((r) => r.source_id));
      // A source id twice in one batch is inserted once: only its first row is new.
      for (let i = start; i < start + rows.length; i++) fresh[i] = stored.delete(batch.sourceId[i]) ? 1 : 0;
    }
    return fresh;
  };
}
