import type { Transaction } from 'kysely';
import type { ImportedEvent } from '../../platforms/importers/types.js';
import type { DatabaseHandle } from '../db/database.js';
import type { Database, NewEvent } from '../db/schema.js';
import { createDayResolver } from '../time/local-day.js';
import { createEventWriter } from './event-writer.js';
import { IdentityResolver, type ResolvedMember } from './identity-resolver.js';
import { RollupAccumulator } from './rollups.js';

export interface IngestCommunity {
  id: number;
  timezone: string;
}

export interface IngestOptions {
  /** Marks message texts that read as questions (the service desk's rule). */
  isQuestion: (text: string | null | undefined) => boolean;
  /** Current time, for created_at stamps. */
  now: number;
}

/** UTC ms span of newly stored events in one group. */
export interface TouchedWindow {
  from: number;
  to: number;
}

export interface IngestResult {
  read: number;
  inserted: number;
  duplicates: number;
  /** Groups that received new events, with the span of those events. */
  touched: Map<number, TouchedWindow>;
}

const BATCH = 1000;
/** Flush rollup deltas before they hold this many keys, so memory stays bounded on huge imports. */
const ROLLUP_FLUSH_AT = 300_000;

/**
 * Appends events to the log inside the caller's transaction: resolves each event's member and
 * group, stamps the community-local day, drops events already stored (idempotent on community,
 * platform and source id) and keeps the day rollups in step with exactly the events that were new.
 */
export async function ingestEvents(
  handle: DatabaseHandle,
  trx: Transaction<Database>,
  community: IngestCommunity,
  events: AsyncIterable<ImportedEvent>,
  options: IngestOptions,
): Promise<IngestResult> {
  const dayOf = createDayResolver(community.timezone);
  const resolver = await IdentityResolver.load(trx, community.id, options.now, handle.sqlite);
  const write = createEventWriter(handle);
  const rollups = new RollupAccumulator(community.id);
  const result: IngestResult = { read: 0, inserted: 0, duplicates: 0, touched: new Map() };

  let rows: NewEvent[] = [];
  let authors: ResolvedMember[] = [];

  const writeBatch = async () => {
    const fresh = await write(trx, rows);
    for (let i = 0; i < rows.length; i++) {
      if (!fresh[i]) {
        result.duplicates++;
        continue;
      }
      const row = rows[i];
      result.inserted++;
      rollups.add(
        {
          group_id: row.group_id,
          member_id: row.member_id ?? null,
          kind: row.kind,
          day: row.day,
          linked: row.reply_to_source_id != null || row.thread_source_id != null,
        },
        !authors[i].isBot,
      );
      const window = result.touched.get(row.group_id);
      if (!window) result.touched.set(row.group_id, { from: row.occurred_at, to: row.occurred_at });
      else {
        if (row.occurred_at < window.from) window.from = row.occurred_at;
        if (row.occurred_at > window.to) window.to = row.occurred_at;
      }
    }
    rows = [];
    authors = [];
    if (rollups.size >= ROLLUP_FLUSH_AT) await rollups.flush(trx);
  };

  for await (const event of events) {
    result.read++;
    // Almost every lookup hits the cache: skip the await (a microtask per call) when it does.
    const groupId = resolver.cachedGroup(event.platform, event.group) ?? (await resolver.group(event.platform, event.group));
    const author = resolver.cachedMember(event.platform, event.author) ?? (await resolver.member(event.platform, event.author));
    const text = event.text ?? null;
    rows.push({
      community_id: community.id,
      group_id: groupId,
      member_id: author.id,
      platform: event.platform,
      source_id: event.sourceId,
      kind: event.kind,
      occurred_at: event.occurredAt,
      day: dayOf(event.occurredAt),
      reply_to_source_id: event.replyToSourceId ?? null,
      thread_source_id: event.threadSourceId ?? null,
      text,
      is_question: event.kind === 'message' && options.isQuestion(text) ? 1 : 0,
    });
    authors.push(author);
    if (rows.length >= BATCH) await writeBatch();
  }
  await writeBatch();
  await rollups.flush(trx);
  return result;
}
