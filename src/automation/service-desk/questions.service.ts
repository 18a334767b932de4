import type { Transaction } from 'kysely';
import type { Database } from '../../kernel/db/schema.js';
import type { Appended } from '../../kernel/event-log/event-log.js';
import * as repo from './questions.repo.js';

/**
 * The service desk's questions of the groups an append touched: which messages were questions,
 * who answered them and how fast (METRICS.md, "Response time"). Runs inside the append's
 * transaction, so the questions commit or roll back with their messages.
 */
export function refreshQuestionsAfterAppend(trx: Transaction<Database>, appended: Appended): Promise<void> {
  return repo.refreshQuestions(trx, appended.community.id, appended.touched);
}

/** Recomputes every question of a community: who is staff changed, so who answers changed. */
export function rebuildQuestions(trx: Transaction<Database>, communityId: number): Promise<void> {
  return repo.rebuildQuestions(trx, communityId);
}
