import {
  EVENT_KINDS,
  type EventKind,
  type ImportedAuthor,
  type ImportedEvent,
  type ImportedGroup,
  type Platform,
} from './event.types.js';
import { createDayResolver } from '../time/local-day.js';
import { cleanText, cleanTextOrNull } from '../text/clean-text.js';

/**
 * Importer events in columns, ready to store once stamped with the community-local day and the
 * question flag (here or by ingest). Authors and groups are numbered in order of first appearance
 * (each batch lists the ones it introduces), so a batch crosses to another thread as a few typed
 * arrays and string arrays rather than a million small objects, and ingest looks identities up by
 * index.
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
  /** Whether `day` and `isQuestion` are filled in: batches from the parse worker leave them to ingest. */
  stamped: boolean;
  day: Int32Array;
  isQuestion: Uint8Array;
  sourceId: string[];
  replyTo: Array<string | null>;
  thread: Array<string | null>;
  text: Array<string | null>;
}

/**
 * Batches in order, from a source that may tell whether its next batch is already there (the
 * parse worker does), so that the consumer can do other work instead of waiting for it.
 */
export interface BatchSource extends AsyncIterable<EventBatch> {
  /** False when taking the next batch would wait. */
  ready?(): boolean;
}

/** The community's zone and question rule, to stamp days and question flags; else ingest does. */
export interface BatchStamps {
  timezone: string;
  /** Marks message texts that read as questions (the service desk's rule). */
  isQuestion: (text: string | null | undefined) => boolean;
}

export const BATCH_SIZE = 4096;

const KIND_INDEX = new Map<EventKind, number>(EVENT_KINDS.map((k, i) => [k, i]));
const MESSAGE = KIND_INDEX.get('message')!;

/** The buffers a batch can hand to another thread without copying. */
export function transferables(batch: EventBatch): ArrayBuffer[] {
  return [batch.group, batch.author, batch.kind, batch.occurredAt, batch.day, batch.isQuestion].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

/** Groups importer events, one by one or in arrays, into batches, in order. */
export async function* toBatches(
  events: AsyncIterable<ImportedEvent | ImportedEvent[]>,
  stamps: BatchStamps | null,
  size = BATCH_SIZE,
): AsyncGenerator<EventBatch> {
  const groups = new Map<string, number>();
  // Per platform, by external id: no key string to build per event, and importers that reuse
  // one group object for a whole chat are recognised by identity.
  const authors = new Map<Platform, Map<string, number>>();
  const stamp = stamps && createStamper(stamps);
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
          batch.newGroups.push({ platform: event.platform, group: cleanGroup(event.group) });
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
        batch.newAuthors.push({ platform: event.platform, author: cleanAuthor(event.author) });
      }
      const kind = KIND_INDEX.get(event.kind);
      if (kind === undefined) throw new TypeError(`unknown event kind ${event.kind}`);
      // Where every importer's and connector's text becomes an event: cleaned once, here.
      const text = cleanTextOrNull(event.text ?? null);
      batch.group[i] = group;
      batch.author[i] = author;
      batch.kind[i] = kind;
      batch.occurredAt[i] = event.occurredAt;
      batch.sourceId.push(cleanText(event.sourceId));
      batch.replyTo.push(cleanTextOrNull(event.replyToSourceId ?? null));
      batch.thread.push(cleanTextOrNull(event.threadSourceId ?? null));
      batch.text.push(text);
      if (batch.length === size) {
        if (stamp) stamp(batch);
        yield batch;
        batch = emptyBatch(size);
      }
    }
  }
  if (batch.length > 0) {
    const last = trim(batch);
    if (stamp) stamp(last);
    yield last;
  }
}

/** A group as stored: its id and name cleaned (kernel/text/clean-text.ts); the same object when clean. */
function cleanGroup(group: ImportedGroup): ImportedGroup {
  const externalId = cleanText(group.externalId);
  const name = cleanText(group.name);
  return externalId === group.externalId && name === group.name ? group : { ...group, externalId, name };
}

function cleanAuthor(author: ImportedAuthor): ImportedAuthor {
  const externalId = cleanText(author.externalId);
  const displayName = cleanText(author.displayName);
  return externalId === author.externalId && displayName === author.displayName
    ? author
    : { ...author, externalId, displayName };
}

/** Fills in a batch's community-local days and question flags. */
export function createStamper(stamps: BatchStamps): (batch: EventBatch) => void {
  const dayOf = createDayResolver(stamps.timezone);
  return (batch) => {
    for (let i = 0; i < batch.length; i++) {
      batch.day[i] = dayOf(batch.occurredAt[i]);
      batch.isQuestion[i] = batch.kind[i] === MESSAGE && stamps.isQuestion(batch.text[i]) ? 1 : 0;
    }
    batch.stamped = true;
  };
}

function emptyBatch(size: number): EventBatch {
  return {
    length: 0,
    newGroups: [],
    newAuthors: [],
    stamped: false,
    group: new Int32Array(size),
    author: new Int32Array(size),
    kind: new Uint8Array(size),
    occurredAt: new Float64Array(size),
    day: new Int32Array(size),
    isQuestion: new Uint8Array(size),
    sourceId: [],
    replyTo: [],
    thread: [],
    text: [],
  };
}

/** A last, partial batch with arrays of its own length, so no unused buffer crosses threads. */
function trim(batch: EventBatch): EventBatch {
  const n = batch.length;
  return {
    ...batch,
    group: batch.group.slice(0, n),
    author: batch.author.slice(0, n),
    kind: batch.kind.slice(0, n),
    occurredAt: batch.occurredAt.slice(0, n),
    day: batch.day.slice(0, n),
    isQuestion: batch.isQuestion.slice(0, n),
  };
}
