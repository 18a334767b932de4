import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  createQuestionDetector,
  questionListsFromSettings,
  type QuestionLists,
} from '../../kernel/event-log/question-flag.rules.js';
import { refreshQuestions } from '../../automation/service-desk/questions.repo.js';
import { ensureCommunity } from '../community.service.js';
import { parseSettings } from '../community.rules.js';
import type { DatabaseHandle } from '../../kernel/db/database.js';
import { NotFoundError } from '../../kernel/errors.js';
import { toBatches, type BatchSource } from '../../kernel/event-log/event-batch.js';
import { ingestBatches } from '../../kernel/event-log/ingest.js';
import { parseInWorker } from '../../platforms/importers/parse-in-worker.js';
import { importerFor } from '../../platforms/importers/registry.js';
import type { ImportedEvent } from '../../kernel/event-log/event.types.js';

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
  groups: number;
}

/**
 * Imports one chat export into a community, all or nothing: the community (created on first
 * import), the events, the rollups and the service desk's questions are written in one
 * transaction, so bad input anywhere in the file leaves the database exactly as it was.
 */
export async function importExport(handle: DatabaseHandle, request: ImportRequest): Promise<ImportSummary> {
  const importer = importerFor(request.format);
  const file = await stat(request.path).catch(() => {
    throw new NotFoundError(`file ${request.path}`);
  });
  const target = {
    community: request.community,
    timezone: request.timezone,
    now: request.now,
    format: request.format,
    fileName: basename(request.path),
  };
  // A worker costs tens of milliseconds to start: worth it only when parsing takes longer.
  if (request.parseInWorker ?? (file.isFile() && file.size >= WORKER_MIN_BYTES)) {
    return ingestInTransaction(handle, target, ({ timezone, questions }) =>
      parseInWorker(
        { format: request.format, path: request.path, groupName: request.groupName, timezone, questions },
        request.onProgress,
      ),
    );
  }
  return ingestIntoCommunity(handle, target, (timezone) =>
    importer({ path: request.path, groupName: request.groupName, timezone, onProgress: request.onProgress }),
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
 * Ingests a stream of events into a community in one transaction, then brings the service desk's
 * questions up to date and records the import. `events` receives the community's time zone.
 */
export function ingestIntoCommunity(
  handle: DatabaseHandle,
  target: IngestTarget,
  events: (timezone: string) => AsyncIterable<ImportedEvent>,
): Promise<ImportSummary> {
  return ingestInTransaction(handle, target, ({ timezone }) => toBatches(events(timezone), null));
}

/** `ingestIntoCommunity` for a source of batches, given the community's zone and question rule. */
async function ingestInTransaction(
  handle: DatabaseHandle,
  target: IngestTarget,
  batches: (community: { timezone: string; questions: QuestionLists }) => BatchSource,
): Promise<ImportSummary> {
  const now = target.now ?? Date.now();
  return handle.db.transaction().execute(async (trx) => {
    const community = await ensureCommunity(trx, target.community, target.timezone, now);
    const questions = questionListsFromSettings(parseSettings(community.settings));
    const isQuestion = createQuestionDetector(questions);
    const result = await ingestBatches(handle, trx, community, batches({ timezone: community.timezone, questions }), {
      isQuestion,
      now,
    });
    await refreshQuestions(trx, community.id, result.touched);
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
      })
      .execute();
    return {
      community: community.slug,
      read: result.read,
      inserted: result.inserted,
      duplicates: result.duplicates,
      groups: result.touched.size,
    };
  });
}
