import type { Transaction } from 'kysely';
import { parseSettings } from '../db/community-settings.js';
import type { DatabaseHandle } from '../db/database.js';
import type { Community, Database } from '../db/schema.js';
import { type BatchSource, toBatches } from './event-batch.js';
import type { ImportedEvent } from './event.types.js';
import { type IngestResult, ingestBatches } from './ingest.js';
import type { IdentityScope } from './identity-resolver.js';
import { type InboundPhoto, type LiveMessage, resolveLiveMessage } from './live-message.js';
import { createQuestionDetector, type QuestionLists, questionListsFromSettings } from './question-flag.rules.js';

/** What one append wrote, as the subscribers see it. */
export interface Appended extends IngestResult {
  community: Community;
  /** The time the append was made at (an import's or the demo's clock, else the wall clock). */
  now: number;
  /**
   * `live`: a connector received the events as they happened (a handful at a time);
   * `history`: an import or the demo's simulated month (many at once).
   */
  origin: 'live' | 'history';
  /** For a live update: its chat message from a member (never a bot), resolved; else null. */
  message: LiveMessage | null;
}

/**
 * A feature reacting to appended events, registered in the wiring (server/). Both steps run for
 * every append, an event already stored included (`inserted` says how many were new): platforms
 * retry, and a retry must reach the subscriber that failed the first time.
 */
export interface EventSubscriber {
  name: string;
  /** Inside the appending transaction, after the events are written: commits or rolls back with them. */
  inTransaction?(trx: Transaction<Database>, appended: Appended): Promise<void>;
  /**
   * After the transaction commits, in transactions of its own. An error reaches the appender, after
   * the other subscribers ran (a webhook then answers 500, so the platform retries).
   */
  afterCommit?(handle: DatabaseHandle, appended: Appended): Promise<void>;
}

export interface AppendOptions {
  /** Created-at stamp and the subscribers' clock. */
  now: number;
  /** A live update's message and the photo it carries: set by connectors, absent for history. */
  live?: { message: ImportedEvent | null; photo: InboundPhoto | null };
  /** Rollup keys held before their counts are written (tests). */
  rollupFlushAt?: { always: number; idle: number };
}

/** Appends inside `EventLog.transaction`: events one by one, or batches a parse worker made. */
export interface Append {
  events(
    community: Community,
    events: Iterable<ImportedEvent> | AsyncIterable<ImportedEvent>,
    options: AppendOptions,
  ): Promise<Appended>;
  batches(community: Community, batches: BatchSource, options: AppendOptions): Promise<Appended>;
}

/**
 * The one way into the event log. Events are appended inside a transaction the log opens (so a
 * caller's own writes, such as the import's record, commit with them); every append is idempotent
 * on (community, platform, source id), stamps days and question flags, keeps the day rollups in
 * step, and runs the subscribers: their in-transaction step with the events, their after-commit
 * step once the transaction has committed.
 *
 * @example
 * const log = createEventLog(handle, subscribers);
 * await log.transaction(async (trx, append) => {
 *   const community = await ensureCommunity(trx, 'reading-club', 'Asia/Shanghai', now);
 *   return append.events(community, events, { now });
 * });
 */
export interface EventLog {
  readonly handle: DatabaseHandle;
  transaction<T>(work: (trx: Transaction<Database>, append: Append) => Promise<T>): Promise<T>;
  /** The same log and subscribers on another connection to the same database (a long import on its own). */
  on(handle: DatabaseHandle): EventLog;
}

/** A community's question rule, from its settings: the parse worker takes the lists, ingest the test. */
export function questionListsOf(community: Pick<Community, 'settings'>): QuestionLists {
  return questionListsFromSettings(parseSettings(community.settings));
}

export function createEventLog(handle: DatabaseHandle, subscribers: readonly EventSubscriber[] = []): EventLog {
  return {
    handle,
    on: (other) => createEventLog(other, subscribers),
    async transaction(work) {
      const appended: Appended[] = [];
      const result = await handle.db.transaction().execute(async (trx) => {
        const append = async (
          community: Community,
          batches: BatchSource,
          options: AppendOptions,
          scope: IdentityScope | null = null,
        ) => {
          const isQuestion = createQuestionDetector(questionListsOf(community));
          const ingested =
            batches === NO_BATCHES
              ? { read: 0, inserted: 0, duplicates: 0, repaired: 0, touched: new Map() }
              : await ingestBatches(handle, trx, community, batches, {
                  isQuestion,
                  now: options.now,
                  rollupFlushAt: options.rollupFlushAt,
                  scope,
                });
          const live = options.live;
          const message = live?.message ? await resolveLiveMessage(trx, community.id, live.message, live.photo) : null;
          const done: Appended = {
            ...ingested,
            community,
            now: options.now,
            origin: live ? 'live' : 'history',
            message,
          };
          for (const subscriber of subscribers) await subscriber.inTransaction?.(trx, done);
          appended.push(done);
          return done;
        };
        return work(trx, {
          // An update without events (an edit, a private chat) still reaches the subscribers.
          events: (community, events, options) =>
            append(
              community,
              Array.isArray(events) && events.length === 0 ? NO_BATCHES : toBatches(asAsync(events), null),
              options,
              scopeOf(events),
            ),
          batches: (community, batches, options) => append(community, batches, options),
        });
      });
      await afterCommit(handle, subscribers, appended);
      return result;
    },
  };
}

/** Runs every subscriber's after-commit step on every append, then throws the first error, if any. */
async function afterCommit(handle: DatabaseHandle, subscribers: readonly EventSubscriber[], appended: Appended[]) {
  let failure: { error: unknown } | null = null;
  for (const done of appended) {
    for (const subscriber of subscribers) {
      try {
        await subscriber.afterCommit?.(handle, done);
      } catch (error) {
        failure ??= { error };
      }
    }
  }
  if (failure) throw failure.error;
}

/**
 * A few events given as an array (a live update, a post in a room) name few identities: ingest
 * then loads just those instead of the community's every identity, which a big community makes
 * the dearest part of a live append.
 */
const SCOPED_UP_TO = 64;
function scopeOf(events: Iterable<ImportedEvent> | AsyncIterable<ImportedEvent>): IdentityScope | null {
  if (!Array.isArray(events) || events.length > SCOPED_UP_TO) return null;
  return {
    authors: events.map((e: ImportedEvent) => ({
      platform: e.platform,
      externalId: e.author.externalId,
      displayName: e.author.displayName,
    })),
    groups: events.map((e: ImportedEvent) => ({ platform: e.platform, externalId: e.group.externalId })),
  };
}

const NO_BATCHES: BatchSource = {
  async *[Symbol.asyncIterator]() {},
};

async function* fromSync<T>(items: Iterable<T>): AsyncIterable<T> {
  yield* items;
}

const asAsync = <T>(items: Iterable<T> | AsyncIterable<T>): AsyncIterable<T> =>
  Symbol.asyncIterator in items ? items : fromSync(items);
