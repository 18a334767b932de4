import type { Transaction } from 'kysely';
import type { ImportedEvent, Platform } from './event.types.js';
import type { DatabaseHandle } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { createStamper, toBatches, type BatchSource } from './event-batch.js';
import { createEventWriter } from './event-writer.js';
import { repairStoredEvents } from './event-repair.js';
import { IdentityResolver, type IdentityScope, type ResolvedMember } from './identity-resolver.js';
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
  /** Rollup keys held before their counts are written, always and while waiting (for tests). */
  rollupFlushAt?: { always: number; idle: number };
  /** The identities and groups the events can name, when known beforehand: only those are loaded. */
  scope?: IdentityScope | null;
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
  /** Of the duplicates, those stored with another text or links, now replaced (event-repair.ts). */
  repaired: number;
  /** Groups that received new or repaired events, with the span of those events. */
  touched: Map<number, TouchedWindow>;
}

/** Write rollup counts once they hold this many keys, so memory stays bounded on huge imports. */
const ROLLUP_FLUSH_AT = 60_000;
/**
 * Or once they hold this many and the next batch is not there yet: the writing then fills time
 * spent waiting for the parse worker instead of coming after its last batch. Not much less,
 * since a day's counts split over two writes cost an update as well as an insert.
 */
const ROLLUP_IDLE_FLUSH_AT = 10_000;

/**
 * Appends events to the log inside the caller's transaction: resolves each event's member and
 * group, stamps the community-local day, drops events already stored (idempotent on community,
 * platform and source id) and keeps the day rollups in step with exactly the events that were new.
 */
export function ingestEvents(
  handle: DatabaseHandle,
  trx: Transaction<Database>,
  community: IngestCommunity,
  events: AsyncIterable<ImportedEvent>,
  options: IngestOptions,
): Promise<IngestResult> {
  return ingestBatches(
    handle,
    trx,
    community,
    toBatches(events, { timezone: community.timezone, isQuestion: options.isQuestion }),
    options,
  );
}

/**
 * `ingestEvents` for events already in batches. Batches not stamped yet get their days and
 * question flags here (the parse worker stamps them itself when given the question rule). Where
 * the source tells that its next batch is not there yet, rollup counts are written meanwhile.
 */
export async function ingestBatches(
  handle: DatabaseHandle,
  trx: Transaction<Database>,
  community: IngestCommunity,
  batches: BatchSource,
  options: IngestOptions,
): Promise<IngestResult> {
  const resolver = await IdentityResolver.load(trx, community.id, options.now, handle.sqlite, options.scope ?? null);
  const write = createEventWriter(handle, community.id);
  const rollups = new RollupAccumulator(community.id, handle);
  const stamp = createStamper({ timezone: community.timezone, isQuestion: options.isQuestion });
  const flushAt = options.rollupFlushAt ?? { always: ROLLUP_FLUSH_AT, idle: ROLLUP_IDLE_FLUSH_AT };
  const result: IngestResult = { read: 0, inserted: 0, duplicates: 0, repaired: 0, touched: new Map() };
  const groupIds: number[] = [];
  const platforms: Platform[] = [];
  const members: ResolvedMember[] = [];
  const memberIds: number[] = [];

  for await (const batch of batches) {
    // Each identity is resolved once, when first seen, in the order the export introduces them.
    for (const { platform, group } of batch.newGroups) {
      platforms.push(platform);
      groupIds.push(resolver.cachedGroup(platform, group) ?? (await resolver.group(platform, group)));
    }
    for (const { platform, author } of batch.newAuthors) {
      const member = resolver.cachedMember(platform, author) ?? (await resolver.member(platform, author));
      members.push(member);
      memberIds.push(member.id);
    }
    if (!batch.stamped) stamp(batch);
    const fresh = await write(trx, { batch, groupIds, platforms, memberIds });
    result.read += batch.length;
    rollups.addBatch(batch, fresh, groupIds, members);
    const repaired = new Set(
      fresh.includes(0)
        ? await repairStoredEvents(trx, community.id, batch, fresh, { groupIds, platforms, memberIds })
        : [],
    );
    result.repaired += repaired.size;
    let window: TouchedWindow | undefined;
    let windowGroup = -1;
    for (let i = 0; i < batch.length; i++) {
      if (!fresh[i]) {
        result.duplicates++;
        // A repaired text may ask or answer otherwise: its span is touched for the questions.
        if (!repaired.has(i)) continue;
      } else result.inserted++;
      const at = batch.occurredAt[i];
      if (batch.group[i] !== windowGroup) {
        windowGroup = batch.group[i];
        const groupId = groupIds[windowGroup];
        window = result.touched.get(groupId);
        if (!window) result.touched.set(groupId, (window = { from: at, to: at }));
      }
      if (at < window!.from) window!.from = at;
      if (at > window!.to) window!.to = at;
    }
    if (rollups.size >= flushAt.always || (rollups.size >= flushAt.idle && batches.ready?.() === false))
      await rollups.flushCounts(trx);
  }
  await rollups.flush(trx);
  return result;
}
