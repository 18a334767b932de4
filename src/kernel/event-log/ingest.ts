import type { Transaction } from 'kysely';
import { EVENT_KINDS, type ImportedEvent, type Platform } from '../../platforms/importers/types.js';
import type { DatabaseHandle } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { createStamper, toBatches, type EventBatch } from './event-batch.js';
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

/** Flush rollup deltas before they hold this many keys, so memory stays bounded on huge imports. */
const ROLLUP_FLUSH_AT = 300_000;

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
  return ingestBatches(handle, trx, community, toBatches(events, { timezone: community.timezone, isQuestion: options.isQuestion }), options);
}

/**
 * `ingestEvents` for events already in batches. Batches not stamped yet get their days and
 * question flags here: the parse worker leaves them to this thread, which would otherwise spend
 * part of an import waiting for it.
 */
export async function ingestBatches(
  handle: DatabaseHandle,
  trx: Transaction<Database>,
  community: IngestCommunity,
  batches: AsyncIterable<EventBatch>,
  options: IngestOptions,
): Promise<IngestResult> {
  const resolver = await IdentityResolver.load(trx, community.id, options.now, handle.sqlite);
  const write = createEventWriter(handle, community.id);
  const rollups = new RollupAccumulator(community.id, handle);
  const stamp = createStamper({ timezone: community.timezone, isQuestion: options.isQuestion });
  const result: IngestResult = { read: 0, inserted: 0, duplicates: 0, touched: new Map() };
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
    for (let i = 0; i < batch.length; i++) {
      if (!fresh[i]) {
        result.duplicates++;
        continue;
      }
      result.inserted++;
      const groupId = groupIds[batch.group[i]];
      const member = members[batch.author[i]];
      const at = batch.occurredAt[i];
      rollups.add(groupId, member.id, EVENT_KINDS[batch.kind[i]], batch.day[i], batch.replyTo[i] !== null || batch.thread[i] !== null, !member.isBot);
      const window = result.touched.get(groupId);
      if (!window) result.touched.set(groupId, { from: at, to: at });
      else {
        if (at < window.from) window.from = at;
        if (at > window.to) window.to = at;
      }
    }
    if (rollups.size >= ROLLUP_FLUSH_AT) await rollups.flush(trx);
  }
  await rollups.flush(trx);
  return result;
}

