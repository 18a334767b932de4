import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ImportFileError, importFileErrorOf } from '../../kernel/errors.js';
import type { BatchSource } from '../../kernel/event-log/event-batch.js';
import { type EventLog, questionListsOf } from '../../kernel/event-log/event-log.js';
import type { ImportedEvent } from '../../kernel/event-log/event.types.js';
import type { Importer, ImportFormat } from '../../platforms/importers/importer.types.js';
import type { QuestionLists } from '../../kernel/event-log/question-flag.rules.js';
import { parseInWorker } from '../../platforms/importers/parse-in-worker.js';
import { FOLDER_FORMATS, importerFor } from '../../platforms/importers/registry.js';
import type { TextEncoding } from '../../platforms/importers/text-decoding.js';
import { ensureCommunity } from '../community.service.js';

export interface ImportRequest {
  path: string;
  format: string;
  community: string;
  timezone?: string;
  groupName?: string;
  onProgress?: (done: number, total: number) => void;
  now?: number;
  /** Parse in a worker thread, overlapping the database writes; by default for files of 8 MB and more. */
  parseInWorker?: boolean;
}

export interface ImportSummary {
  community: string;
  read: number;
  inserted: number;
  duplicates: number;
  /** Of the duplicates, those whose text or links this file corrected (event-repair.ts). */
  repaired: number;
  groups: number;
  /** Set when the export was not UTF-8 and was read in this encoding instead (GB18030). */
  encoding?: TextEncoding;
}

/**
 * Imports one chat export into a community through the event log, all or nothing: the community
 * (created on first import), the events, the rollups, the subscribers' in-transaction work (the
 * service desk's questions) and the import's record are written in one transaction, so bad input
 * anywhere in the file leaves the database exactly as it was. The subscribers' after-commit work
 * (member figures) is done when this resolves.
 */
export async function importExport(eventLog: EventLog, request: ImportRequest): Promise<ImportSummary> {
  try {
    return await importChecked(eventLog, request);
  } catch (error) {
    // A file inside a folder export may be unreadable too: worded like the path itself would be.
    throw importFileErrorOf(error, request.path);
  }
}

async function importChecked(eventLog: EventLog, request: ImportRequest): Promise<ImportSummary> {
  const importer = importerFor(request.format);
  const file = await stat(request.path).catch((error: unknown) => {
    throw importFileErrorOf(error, request.path);
  });
  if (file.isDirectory() && !FOLDER_FORMATS.has(request.format as ImportFormat))
    throw new ImportFileError(request.path, 'directory');
  // Refused before the transaction begins, not halfway through the first read.
  if (file.isFile()) {
    const readable = await open(request.path, 'r').catch((error: unknown) => {
      throw importFileErrorOf(error, request.path);
    });
    await readable.close();
  }
  const target = {
    community: request.community,
    timezone: request.timezone,
    now: request.now,
    format: request.format,
    fileName: basename(request.path),
  };
  let encoding: TextEncoding | undefined;
  const onEncoding = (found: TextEncoding) => {
    if (found !== 'utf-8') encoding = found;
  };
  const summary = await parseAndIngest(eventLog, request, importer, target, file.isFile() ? file.size : 0, onEncoding);
  return encoding ? { ...summary, encoding } : summary;
}

function parseAndIngest(
  eventLog: EventLog,
  request: ImportRequest,
  importer: Importer,
  target: IngestTarget,
  fileSize: number,
  onEncoding: (encoding: TextEncoding) => void,
): Promise<ImportSummary> {
  // A worker costs tens of milliseconds to start: worth it only when parsing takes longer.
  if (request.parseInWorker ?? fileSize >= WORKER_MIN_BYTES) {
    return ingestInTransaction(eventLog, target, ({ timezone, questions }) => ({
      batches: parseInWorker(
        { format: request.format, path: request.path, groupName: request.groupName, timezone, questions },
        request.onProgress,
        onEncoding,
      ),
    }));
  }
  return ingestIntoCommunity(eventLog, target, (timezone) =>
    importer({
      path: request.path,
      groupName: request.groupName,
      timezone,
      onProgress: request.onProgress,
      onEncoding,
    }),
  );
}

const WORKER_MIN_BYTES = 8 << 20;

export interface IngestTarget {
  community: string;
  timezone?: string;
  now?: number;
  format: string;
  fileName: string;
}

/**
 * Appends a stream of events to a community in one transaction and records the import.
 * `events` receives the community's time zone.
 */
export function ingestIntoCommunity(
  eventLog: EventLog,
  target: IngestTarget,
  events: (timezone: string) => AsyncIterable<ImportedEvent>,
): Promise<ImportSummary> {
  return ingestInTransaction(eventLog, target, ({ timezone }) => ({ events: events(timezone) }));
}

/** `ingestIntoCommunity` for a source of events or batches, given the community's zone and question rule. */
async function ingestInTransaction(
  eventLog: EventLog,
  target: IngestTarget,
  source: (community: { timezone: string; questions: QuestionLists }) => EventSource,
): Promise<ImportSummary> {
  const now = target.now ?? Date.now();
  return eventLog.transaction(async (trx, append) => {
    const community = await ensureCommunity(trx, target.community, target.timezone, now);
    const from = source({ timezone: community.timezone, questions: questionListsOf(community) });
    const result =
      'batches' in from
        ? await append.batches(community, from.batches, { now })
        : await append.events(community, from.events, { now });
    await trx
      .insertInto('imports')
      .values({
        community_id: community.id,
        format: target.format,
        file_name: target.fileName,
        started_at: now,
        finished_at: Date.now(),
        events_read: result.read,
        events_inserted: result.inserted,
        events_repaired: result.repaired,
      })
      .execute();
    return {
      community: community.slug,
      read: result.read,
      inserted: result.inserted,
      duplicates: result.duplicates,
      repaired: result.repaired,
      groups: result.touched.size,
    };
  });
}

type EventSource = { batches: BatchSource } | { events: AsyncIterable<ImportedEvent> };
