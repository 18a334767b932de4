import { sql } from 'kysely';
import type { TouchedWindow } from '../../kernel/event-log/ingest.js';
import { staffOfGroup, type StaffRole } from '../../members/roles/roles.rules.js';
import type { Executor } from '../../kernel/db/database.js';
import { ANSWER_WINDOW_MS, type AnswerMessage, firstAnswers } from './answers.rules.js';

async function botsOf(db: Executor, communityId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('members')
    .select('id')
    .where('community_id', '=', communityId)
    .where('is_bot', '=', 1)
    .execute();
  return rows.map((r) => r.id);
}

// `in (…)` needs at least one value; ids are positive, so -1 never matches.
const idList = (ids: number[]) => sql.join((ids.length ? ids : [-1]).map((id) => sql`${id}`));

/** Members' names as messages address them: display names and platform ids, lower-cased. */
async function namesOfMembers(db: Executor, memberIds: number[]): Promise<Map<number, Set<string>>> {
  const names = new Map<number, Set<string>>();
  const add = (memberId: number, name: string) => {
    const set = names.get(memberId) ?? new Set<string>();
    set.add(name.toLowerCase());
    names.set(memberId, set);
  };
  for (let i = 0; i < memberIds.length; i += CHUNK) {
    const ids = memberIds.slice(i, i + CHUNK);
    for (const m of await db.selectFrom('members').select(['id', 'display_name']).where('id', 'in', ids).execute())
      add(m.id, m.display_name);
    const identities = await db
      .selectFrom('identities')
      .select(['member_id', 'display_name', 'external_id'])
      .where('member_id', 'in', ids)
      .execute();
    for (const m of identities) {
      add(m.member_id, m.display_name);
      add(m.member_id, m.external_id);
    }
  }
  return names;
}

const CHUNK = 500;
const NO_NAMES: ReadonlySet<string> = new Set();

/**
 * Recomputes the stored questions of one group asked in [from - 24 h, to], with their first answer
 * (docs/metrics.md): another member's later message within 24 h that replies to the question,
 * follows it in its thread, or addresses the asker by name — not merely the next message.
 */
export async function refreshGroupQuestions(
  db: Executor,
  communityId: number,
  groupId: number,
  window: TouchedWindow,
  staffRoles: readonly StaffRole[],
  /** The community's bots, when the caller read them for several groups. */
  knownBots?: number[],
): Promise<void> {
  const from = window.from - ANSWER_WINDOW_MS;
  const to = window.to;
  const staff = staffOfGroup(staffRoles, groupId);
  const bots = knownBots ?? (await botsOf(db, communityId));
  const messagesOf = (start: number, end: number) =>
    db
      .selectFrom('events')
      .select([
        'id',
        'member_id as memberId',
        'occurred_at as occurredAt',
        'source_id as sourceId',
        'reply_to_source_id as replyToSourceId',
        'thread_source_id as threadSourceId',
        'text',
      ])
      .where('group_id', '=', groupId)
      .where('kind', '=', 'message')
      .where('occurred_at', '>=', start)
      .where('occurred_at', '<=', end)
      .where('member_id', 'is not', null)
      .where(sql<boolean>`member_id not in (${idList(bots)})`)
      .orderBy('occurred_at')
      .orderBy('id');

  await db
    .deleteFrom('questions')
    .where('group_id', '=', groupId)
    .where('asked_at', '>=', from)
    .where('asked_at', '<=', to)
    .execute();
  const asked = await db
    .selectFrom('events')
    .select(['id', 'day'])
    .where('group_id', '=', groupId)
    .where('kind', '=', 'message')
    .where('is_question', '=', 1)
    .where('occurred_at', '>=', from)
    .where('occurred_at', '<=', to)
    .where('member_id', 'is not', null)
    .where(sql<boolean>`member_id not in (${idList([...staff, ...bots])})`)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
  if (asked.length === 0) return;
  const dayOf = new Map(asked.map((q) => [q.id, q.day]));
  const messages = (await messagesOf(from, to + ANSWER_WINDOW_MS).execute()) as AnswerMessage[];
  const questions = messages.filter((m) => dayOf.has(m.id));
  const names = await namesOfMembers(db, [...new Set(messages.map((m) => m.memberId))]);
  const first = firstAnswers(questions, messages, (id) => names.get(id) ?? NO_NAMES);
  const rows = questions.map((q) => {
    const answer = first.get(q.id);
    return {
      event_id: q.id,
      community_id: communityId,
      group_id: groupId,
      member_id: q.memberId,
      asked_at: q.occurredAt,
      day: dayOf.get(q.id) as number,
      answer_ms: answer ? answer.occurredAt - q.occurredAt : null,
    };
  });
  for (let i = 0; i < rows.length; i += CHUNK)
    await db
      .insertInto('questions')
      .values(rows.slice(i, i + CHUNK))
      .execute();
}

/** Refreshes the questions of every touched group. */
export async function refreshQuestions(
  db: Executor,
  communityId: number,
  touched: Map<number, TouchedWindow>,
  staffRoles: readonly StaffRole[],
): Promise<void> {
  // The bots once for every group: a batch of room posts touches many groups, and finding the bots scans the members.
  const bots = touched.size > 1 ? await botsOf(db, communityId) : undefined;
  for (const [groupId, window] of touched)
    await refreshGroupQuestions(db, communityId, groupId, window, staffRoles, bots);
}

/** Recomputes every question of a community, e.g. after roles changed who counts as staff. */
export async function rebuildQuestions(
  db: Executor,
  communityId: number,
  staffRoles: readonly StaffRole[],
): Promise<void> {
  const groups = await db.selectFrom('groups').select('id').where('community_id', '=', communityId).execute();
  const bots = await botsOf(db, communityId);
  for (const g of groups)
    await refreshGroupQuestions(db, communityId, g.id, { from: -4e15, to: 4e15 }, staffRoles, bots);
}
