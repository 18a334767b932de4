import { access } from 'node:fs/promises';
import { basename } from 'node:path';
import { createQuestionDetector, questionListsFromSettings } from '../../automation/service-desk/question.rules.js';
import { refreshQuestions } from '../../automation/service-desk/questions.repo.js';
import { ensureCommunity } from '../../communities/community.service.js';
import { parseSettings } from '../../communities/community.rules.js';
import type { DatabaseHandle } from '../../kernel/db/database.js';
import { NotFoundError } from '../../kernel/errors.js';
import { ingestEvents } from '../../kernel/event-log/ingest.js';
import { importerFor } from './registry.js';

export interface ImportRequest {
  path: string;
  format: string;
  community: string;
  timezone?: string;
  groupName?: string;
  onProgress?: (done: number, total: number) => void;
  now?: number;
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
  await access(request.path).catch(() => {
    throw new NotFoundError(`file ${request.path}`);
  });
  const now = request.now ?? Date.now();
  return handle.db.transaction().execute(async (trx) => {
    const community = await ensureCommunity(trx, request.community, request.timezone, now);
    const isQuestion = createQuestionDetector(questionListsFromSettings(parseSettings(community.settings)));
    const events = importer({
      path: request.path,
      groupName: request.groupName,
      timezone: community.timezone,
      onProgress: request.onProgress,
    });
    const result = await ingestEvents(handle, trx, community, events, { isQuestion, now });
    await refreshQuestions(trx, community.id, result.touched);
    await trx
      .insertInto('imports')
      .values({
        community_id: community.id,
        format: request.format,
        file_name: basename(request.path),
        started_at: now,
        finished_at: Date.now(),
        events_read: result.read,
        events_inserted: result.inserted,
      })
      .execute();
    return { community: community.slug, read: result.read, inserted: result.inserted, duplicates: result.duplicates, groups: result.touched.size };
  });
}
