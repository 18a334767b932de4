import type { Transaction } from 'kysely';
import type { Db } from '../../kernel/db/database.js';
import type { Database } from '../../kernel/db/schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../../kernel/errors.js';
import { type AuditActor, recordAudit } from '../../accounts/audit.service.js';
import { refreshMemberStats } from '../stats/member-stats.service.js';
import * as repo from './member-merge.repo.js';
import { undoEntries } from './merge-journal.repo.js';
import { MergeJournal, type MemberMergeHook } from './merge-journal.service.js';
import type { JournalEntry } from './merge-journal.types.js';

/** Who merged: an operator in the console, or the member with a bind code. */
export type MergeActor = { kind: 'staff'; accountId: number } | { kind: 'bind code' };

export interface MergeRequest {
  communityId: number;
  survivorId: number;
  mergedId: number;
  actor: MergeActor;
}

/**
 * Merges `mergedId` into `survivorId` (docs/identities.md): everything that hangs on the merged
 * member moves to the survivor in one transaction, journalled step by step so `undoMerge` restores
 * it exactly; the features above (camps) move theirs through `hook`. The merged member's row stays,
 * marked `merged_into`. Member figures are refreshed after the commit.
 */
export async function mergeMembers(
  db: Db,
  request: MergeRequest,
  hook: MemberMergeHook,
  now: number,
  audit?: AuditActor,
) {
  const id = await db.transaction().execute(async (trx) => {
    const id = await mergeWithin(trx, request, hook, now);
    if (audit)
      await recordAudit(trx, {
        communityId: request.communityId,
        actor: audit,
        action: 'member.merge',
        target: `member ${request.mergedId}`,
        detail: { into: request.survivorId, mergeId: id },
        now,
      });
    return id;
  });
  await refreshMemberStats(db, request.communityId, now);
  return id;
}

/** `mergeMembers` inside the caller's transaction (a bind code's consumption commits with it); no figure refresh. */
export async function mergeWithin(
  trx: Transaction<Database>,
  request: MergeRequest,
  hook: MemberMergeHook,
  now: number,
): Promise<number> {
  const { communityId, survivorId, mergedId } = request;
  if (survivorId === mergedId) throw new ValidationError('otherMemberId', 'a member cannot be merged with itself');
  const members = await repo.membersForMerge(trx, communityId, [survivorId, mergedId]);
  const survivor = members.find((m) => m.id === survivorId);
  const merged = members.find((m) => m.id === mergedId);
  if (!survivor) throw new NotFoundError(`member ${survivorId}`);
  if (!merged) throw new NotFoundError(`member ${mergedId}`);
  for (const m of [survivor, merged]) {
    if (m.merged_into !== null)
      throw new ConflictError(`member ${m.id} was already merged into member ${m.merged_into}`);
    if (m.is_bot) throw new ValidationError('otherMemberId', `member ${m.id} is a bot; bots are not merged`);
  }
  if ((await repo.lockUnmerged(trx, communityId, [survivorId, mergedId])) !== 2)
    throw new ConflictError(`member ${survivorId} or ${mergedId} was merged meanwhile`);
  const days = await repo.activeDaysOf(trx, communityId, [survivorId, mergedId]);
  const journal = new MergeJournal(trx, { communityId, survivorId, mergedId, now });
  await moveMemberRows(journal);
  await hook(journal);
  await journal.set(
    'members',
    { id: survivorId },
    { first_day: survivor.first_day },
    { first_day: minDay(survivor.first_day, merged.first_day) },
  );
  await journal.set(
    'members',
    { id: mergedId },
    { merged_into: null, first_day: merged.first_day },
    { merged_into: survivorId, first_day: null },
  );
  await repo.rebuildRollups(trx, communityId, [survivorId, mergedId], days);
  const { actor } = request;
  const row = await repo.insertMerge(trx, {
    community_id: communityId,
    survivor_id: survivorId,
    merged_id: mergedId,
    actor: actor.kind,
    account_id: actor.kind === 'staff' ? actor.accountId : null,
    journal: JSON.stringify(journal.entries),
    created_at: now,
  });
  return Number(row.id);
}

const minDay = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));

/** The members feature's own tables, table by table as docs/identities.md lists them. */
async function moveMemberRows(journal: MergeJournal): Promise<void> {
  const { trx, context } = journal;
  const { communityId, survivorId, mergedId } = context;
  for (const table of ['identities', 'events', 'member_notes', 'blacklist', 'outbox'] as const)
    await journal.move(table, await repo.idsOf(trx, table, mergedId));
  await journal.move('questions', await repo.questionKeys(trx, mergedId));

  // Memberships: one per group; where both have one, the survivor's keeps the earlier first day.
  const kept = new Map((await repo.membershipsOf(trx, survivorId)).map((m) => [m.group_id, m]));
  const memberships = await repo.membershipsOf(trx, mergedId);
  const both = memberships.filter((m) => kept.has(m.group_id));
  for (const m of both) {
    const own = kept.get(m.group_id)!;
    if (m.first_day < own.first_day)
      await journal.set(
        'memberships',
        { group_id: m.group_id, member_id: survivorId },
        { first_day: own.first_day },
        { first_day: m.first_day },
      );
  }
  await journal.remove('memberships', both, ['group_id', 'member_id']);
  await journal.move(
    'memberships',
    memberships.filter((m) => !kept.has(m.group_id)).map((m) => ({ group_id: m.group_id })),
  );

  // Tags and care work: one per tag and per day; the survivor's stays where both have one.
  const tags = new Set((await repo.tagsOf(trx, survivorId)).map((t) => t.tag));
  const theirTags = await repo.tagsOf(trx, mergedId);
  await journal.remove(
    'member_tags',
    theirTags.filter((t) => tags.has(t.tag)),
    ['member_id', 'tag'],
  );
  await journal.move(
    'member_tags',
    theirTags.filter((t) => !tags.has(t.tag)).map((t) => ({ tag: t.tag })),
  );
  const careDays = new Set((await repo.careDoneOf(trx, communityId, survivorId)).map((c) => c.day));
  const theirCare = await repo.careDoneOf(trx, communityId, mergedId);
  await journal.remove(
    'care_done',
    theirCare.filter((c) => careDays.has(c.day)),
    ['community_id', 'member_id', 'day'],
  );
  await journal.move(
    'care_done',
    theirCare.filter((c) => !careDays.has(c.day)).map((c) => ({ community_id: c.community_id, day: c.day })),
  );

  // Duty roles: a role the survivor holds in the same group already is not doubled.
  const roles = new Set((await repo.rolesOf(trx, survivorId)).map((r) => `${r.group_id}:${r.role}`));
  const theirRoles = await repo.rolesOf(trx, mergedId);
  await journal.remove(
    'member_roles',
    theirRoles.filter((r) => roles.has(`${r.group_id}:${r.role}`)),
    ['id'],
  );
  await journal.move(
    'member_roles',
    theirRoles.filter((r) => !roles.has(`${r.group_id}:${r.role}`)).map((r) => ({ id: r.id })),
  );
  // A live bind code of the merged member links nothing any more.
  await journal.remove('member_bind_codes', await repo.bindCodeRowsOf(trx, mergedId), ['member_id']);
}

/**
 * Undoes a merge exactly: the journal's steps are reversed, last first, and the two members'
 * rollups and figures rebuilt. A merge that a later merge (not undone) builds on answers 409:
 * undo that one first.
 */
export async function undoMerge(
  db: Db,
  communityId: number,
  mergeId: number,
  accountId: number | null,
  now: number,
  audit?: AuditActor,
): Promise<{ survivorId: number; mergedId: number }> {
  const merge = await db.transaction().execute(async (trx) => {
    const merge = await repo.findMerge(trx, communityId, mergeId);
    if (!merge) throw new NotFoundError(`merge ${mergeId}`);
    if (!(await repo.markUndone(trx, mergeId, now, accountId)))
      throw new ConflictError(`merge ${mergeId} is already undone`);
    const members = [merge.survivor_id, merge.merged_id];
    const later = await repo.laterMergeOf(trx, communityId, mergeId, members);
    if (later)
      throw new ConflictError(
        `merge ${mergeId} cannot be undone while merge ${later.id}, made after it, stands; undo that first`,
      );
    const days = await repo.activeDaysOf(trx, communityId, members);
    await undoEntries(trx, JSON.parse(merge.journal) as JournalEntry[]);
    await repo.rebuildRollups(trx, communityId, members, days);
    if (audit)
      await recordAudit(trx, {
        communityId,
        actor: audit,
        action: 'member.merge_undo',
        target: `member ${merge.merged_id}`,
        detail: { from: Number(merge.survivor_id), mergeId },
        now,
      });
    return { survivorId: Number(merge.survivor_id), mergedId: Number(merge.merged_id) };
  });
  await refreshMemberStats(db, communityId, now);
  return merge;
}

/** The merges a member took part in, either side, newest first. */
export async function listMerges(db: Db, communityId: number, memberId: number) {
  const rows = await repo.mergesOf(db, communityId, memberId);
  return rows.map((r) => ({
    id: Number(r.id),
    survivor: { id: Number(r.survivor_id), displayName: r.survivor_name },
    merged: { id: Number(r.merged_id), displayName: r.merged_name },
    actor: r.actor as 'staff' | 'bind code',
    accountName: r.account_name,
    createdAt: Number(r.created_at),
    undoneAt: r.undone_at === null ? null : Number(r.undone_at),
    undoneBy: r.undone_by_name,
  }));
}
