import { EVENT_KINDS, type EventKind, type ImportedAuthor, type ImportedEvent, type ImportedGroup, type Platform } from '../../platforms/importers/types.js';
import { createDayResolver } from '../time/local-day.js';

/**
 * Importer events in columns, ready to store: the community-local day and the question flag are
 * stamped, and authors and groups are numbered in order of first appearance (each batch lists
 * the ones it introduces), so a batch crosses to another thread as a few typed arrays and string
 * arrays rather than a million small objects, and ingest looks identities up by index.
 */
export interface EventBatch {
  length: number;
  /** Groups first seen in this batch; their numbers continue those of earlier batches. */
  newGroups: Array<{ platform: Platform; group: ImportedGroup }>;
  newAuthors: Array<{ platform: Platform; author: ImportedAuthor }>;
  group: Int32Array;
  author: Int32Array;
  /** Index into EVENT_KINDS. */
  kind: Uint8Array;
  occurredAt: Float64Array;
  day: Int32Array;
  isQuestion: Uint8Array;
  sourceId: string[];
  replyTo: Array<string | null>;
  thread: Array<string | null>;
  text: Array<string | null>;
}

export interface BatchStamps {
  timezone: string;
  /** Marks message texts that read as questions (the service desk's rule). */
  isQuestion: (text: string | null | undefined) => boolean;
}

export const BATCH_SIZE = 4096;

const KIND_INDEX = new Map<EventKind, number>(EVENT_KINDS.map((k, i) => [k, i]));

/** The buffers a batch can hand to another thread without copying. */
export function transferables(batch: EventBatch): ArrayBuffer[] {
  return [batch.group, batch.author, batch.kind, batch.occurredAt, batch.day, batch.isQuestion].map((a) => a.buffer as ArrayBuffer);
}

/** Groups importer events, one by one or in arrays, into batches, in order. */
export async function* toBatches(events: AsyncIterable<ImportedEvent | ImportedEvent[]>, stamps: BatchStamps, size = BATCH_SIZE): AsyncGenerator<EventBatch> {
  const dayOf = createDayResolver(stamps.timezone);
  const groups = new Map<string, number>();
  // Per platform, by external id: no key string to build per event, and importers that reuse
  // one group object for a whole chat are recognised by identity.
  const authors = new Map<Platform, Map<string, number>>();
  let authorCount = 0;
  let lastGroup: ImportedGroup | null = null;
  let lastGroupPlatform: Platform | null = null;
  let lastGroupIndex = -1;
  let batch = emptyBatch(size);
  for await (const item of events) {
    for (const event of Array.isArray(item) ? item : [item]) {
      const i = batch.length++;
      let group = lastGroupIndex;
      if (event.group !== lastGroup || event.platform !== lastGroupPlatform) {
        const groupKey = `${event.platform}\u0000${event.group.externalId}`;
        const known = groups.get(groupKey);
        if (known === undefined) {
          group = groups.size;
          groups.set(groupKey, group);
          batch.newGroups.push({ platform: event.platform, group: event.group });
        } else group = known;
        lastGroup = event.group;
        lastGroupPlatform = event.platform;
        lastGroupIndex = group;
      }
      let platformAuthors = authors.get(event.platform);
      if (!platformAuthors) {
        platformAuthors = new Map();
        authors.set(event.platform, platformAuthors);
      }
      let author = platformAuthors.get(event.author.externalId);
      if (author === undefined) {
        author = authorCount++;
        platformAuthors.set(event.author.externalId, author);
        batch.newAuthors.push({ platform: event.platform, author: event.author });
      }
      const kind = KIND_INDEX.get(event.kind);
      if (kind === undefined) throw new TypeError(`unknown event kind ${event.kind}`);
      const text = event.text ?? null;
      batch.group[i] = group;
      batch.author[i] = author;
      batch.kind[i] = kind;
      batch.occurredAt[i] = event.occurredAt;
      batch.day[i] = dayOf(event.occurredAt);
      batch.isQuestion[i] = event.kind === 'message' && stamps.isQuestion(text) ? 1 : 0;
      batch.sourceId.push(event.sourceId);
      batch.replyTo.push(event.replyToSourceId ?? null);
      batch.thread.push(event.threadSourceId ?? null);
      batch.text.push(text);
      if (batch.length === size) {
        yield batch;
        batch = emptyBatch(size);
      }
    }
  }
  if (batch.length > 0) yield trim(batch);
}

function emptyBatch(size: number): EventBatch {
  return {
    length: 0, newGroups: [], newAuthors: [],
    group: new Int32Array(size), author: new Int32Array(size), kind: new Uint8Array(size),
    occurredAt: new Float64Array(size), day: new Int32Array(size), isQuestion: new Uint8Array(size),
    sourceId: [], replyTo: [], thread: [], text: [],
  };
}

/** A last, partial batch with arrays of its own length, so no unused buffer crosses threads. */
function trim(batch: EventBatch): EventBatch {
  const n = batch.length;
  return {
    ...batch,
    group: batch.group.slice(0, n), author: batch.author.slice(0, n), kind: batch.kind.slice(0, n),
    occurredAt: batch.occurredAt.slice(0, n), day: batch.day.slice(0, n), isQuestion: batch.isQuestion.slice(0, n),
  };
}
