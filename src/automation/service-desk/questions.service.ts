import type { Transaction } from 'kysely';
import type { Database } from '../../kernel/db/schema.js';
import type { Appended } from '../../kernel/event-log/event-log.js';
import { staffRoles } from '../../members/roles/role.service.js';
import * as repo from './questions.repo.js';

/**
 * The service desk's questions of the groups an append touched: which messages were questions,
 * who answered them and how fast (METRICS.md, "Response time"). Runs inside the append's
 * transaction, so the questions commit or roll back with their messages.
 */
export async function refreshQuestionsAfterAppend(trx: Transaction<Database>, appended: Appended): Promise<void> {
  if (appended.touched.size === 0) return;
  const communityId = appended.community.id;
  await repo.refreshQuestions(trx, communityId, appended.touched, await staffRoles(trx, communityId));
}

/** Recomputes every question of a community: who is staff changed, so who answers changed. */
export async function rebuildQuestions(trx: Transaction<Database>, communityId: number): Promise<void> {
  await repo.rebuildQuestions(trx, communityId, await staffRoles(trx, communityId));
}
