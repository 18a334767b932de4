import type { Db } from '../../kernel/db/database.js';
import { addCount, isoTime, scrubOf, type TableCounts } from '../../kernel/db/scrub.js';
import { ConflictError, NotFoundError, ValidationError } from '../../kernel/errors.js';
import type { BlobStore } from '../../kernel/storage/blob-store.js';
import { dayToIso } from '../../kernel/time/local-day.js';
import { listMerges } from '../identities/member-merge.service.js';
import { refreshMemberStats } from '../stats/member-stats.service.js';
import * as repo from './member-data.repo.js';
import { anonymousName, type MemberDataPart, type MemberDataTarget } from './member-data.types.js';

type Community = MemberDataTarget['community'];
const day = (d: number | null) => (d === null ? null : dayToIso(Number(d)));

/**
 * Whom a request is about: the member (404 when not of this community) and everyone merged into
 * them. A member merged into another is part of that person: their data is the survivor's.
 */
async function targetOf(db: Db, community: Community, memberId: number): Promise<MemberDataTarget> {
  const member = await repo.memberRow(db, community.id, memberId);
  if (!member) throw new NotFoundError(`member ${memberId}`);
  if (member.merged_into !== null)
    throw new ConflictError(
      `member ${memberId} was merged into member ${member.merged_into}: export or erase member ${member.merged_into}`,
    );
  return { community, memberIds: await repo.familyOf(db, community.id, memberId) };
}

/**
 * Everything Shequn holds about one member (docs/member-data.md), as one JSON document: the
 * members feature's rows, then each part's (camps, rooms). Ids are kept so staff can find rows.
 */
export async function exportMember(
  db: Db,
  parts: MemberDataPart[],
  community: Community,
  memberId: number,
  now: number,
) {
  const target = await targetOf(db, community, memberId);
  const rows = repo.exportRows(db, community.id, target.memberIds);
  const [member, ...merged] = await rows.members();
  const own = {
    exportedAt: new Date(now).toISOString(),
    community: { slug: community.slug, timezone: community.timezone },
    member: {
      id: Number(member.id),
      displayName: member.display_name,
      isBot: member.is_bot === 1,
      firstDay: day(member.first_day),
      lastActiveDay: day(member.last_active_day),
      tier: member.tier,
      messages: Number(member.messages),
      checkins: Number(member.checkins),
      createdAt: isoTime(member.created_at),
    },
    mergedMembers: merged.map((m) => ({
      id: Number(m.id),
      displayName: m.display_name,
      mergedInto: Number(m.merged_into),
    })),
    identities: (await rows.identities()).map((i) => ({
      id: Number(i.id),
      memberId: Number(i.member_id),
      platform: i.platform,
      externalId: i.external_id,
      displayName: i.display_name,
    })),
    groups: (await rows.memberships()).map((g) => ({
      id: Number(g.id),
      name: g.name,
      platform: g.platform,
      firstDay: day(g.first_day),
    })),
    events: (await rows.events()).map((e) => ({
      id: Number(e.id),
      group: e.group_name,
      platform: e.platform,
      sourceId: e.source_id,
      kind: e.kind,
      at: isoTime(e.occurred_at),
      text: e.text,
      replyTo: e.reply_to_source_id,
      isQuestion: e.is_question === 1,
    })),
    questions: (await rows.questions()).map((q) => ({
      eventId: Number(q.event_id),
      askedAt: isoTime(q.asked_at),
      answerMs: q.answer_ms === null ? null : Number(q.answer_ms),
    })),
    notes: (await rows.notes()).map((n) => ({
      id: Number(n.id),
      kind: n.kind,
      body: n.body,
      author: n.author,
      createdAt: isoTime(n.created_at),
    })),
    tags: (await rows.tags()).map((t: any) => ({ tag: t.tag, source: t.source, createdAt: isoTime(t.created_at) })),
    dutyRoles: (await rows.roles()).map((r: any) => ({
      role: r.role,
      groupId: r.group_id === null ? null : Number(r.group_id),
      createdAt: isoTime(r.created_at),
    })),
    blacklist: (await rows.blacklist()).map((b: any) => ({
      id: Number(b.id),
      action: b.action,
      reason: b.reason,
      createdAt: isoTime(b.created_at),
      liftedAt: isoTime(b.lifted_at),
    })),
    careDone: (await rows.careDone()).map((c: any) => ({
      day: day(c.day),
      kind: c.kind,
      createdAt: isoTime(c.created_at),
    })),
    outbox: (await rows.outbox()).map((o) => ({
      id: Number(o.id),
      kind: o.kind,
      platform: o.platform,
      status: o.status,
      text: o.text,
      createdAt: isoTime(o.created_at),
      sentAt: isoTime(o.sent_at),
    })),
    merges: await listMerges(db, community.id, memberId),
  };
  const sections = await Promise.all(parts.map((p) => p.exportOf(db, target)));
  return Object.assign(own, ...sections) as typeof own & Record<string, unknown>;
}

export type ErasureAction = 'anonymise' | 'delete';

export interface ErasureRequest {
  community: Community;
  memberId: number;
  /** Must equal memberId: the caller confirms whom they erase. */
  confirm: number;
  accountId: number | null;
  /** Further strings that name the member (a phone, an email they gave), removed from every text too. */
  alsoRemove?: string[];
}

export interface ErasureResult {
  memberId: number;
  action: ErasureAction;
  counts: TableCounts;
  filesRemoved: number;
}

/**
 * Anonymises or deletes a member on request (docs/member-data.md), in one transaction over every
 * feature's tables, recorded in `member_erasures` (ids and counts only); the member's files are
 * removed after the commit (a failed removal leaves an orphan the image sweep takes, never a row
 * pointing at nothing), then the member figures are refreshed.
 */
export async function eraseMember(
  db: Db,
  files: BlobStore,
  parts: MemberDataPart[],
  action: ErasureAction,
  request: ErasureRequest,
  now: number,
): Promise<ErasureResult> {
  const { community, memberId } = request;
  const { counts, prefixes } = await db.transaction().execute(async (trx) => {
    const target = await targetOf(trx, community, memberId);
    if (request.confirm !== memberId)
      throw new ValidationError('confirm', `confirm must repeat the member id (${memberId})`);
    const counts: TableCounts = {};
    const prefixes: string[] = [];
    const ids = target.memberIds;
    if (action === 'anonymise') {
      const scrub = scrubOf(
        [...(await repo.namesOf(trx, ids)), ...(request.alsoRemove ?? [])],
        anonymousName(memberId),
      );
      for (const part of parts) collect(await part.anonymise(trx, target, scrub), counts, prefixes);
      await repo.anonymiseRows(trx, community.id, ids, counts);
      await repo.scrubOthers(trx, community.id, scrub, counts);
    } else {
      for (const part of parts) collect(await part.remove(trx, target), counts, prefixes);
      await repo.deleteRows(trx, community.id, ids, counts);
    }
    await repo.insertErasure(trx, {
      communityId: community.id,
      memberId,
      action,
      accountId: request.accountId,
      counts,
      now,
    });
    return { counts, prefixes };
  });
  let filesRemoved = 0;
  for (const prefix of prefixes)
    for await (const { key } of files.list(prefix)) {
      await files.delete(key);
      filesRemoved++;
    }
  await refreshMemberStats(db, community.id, now);
  return { memberId, action, counts, filesRemoved };
}

function collect(part: { counts: TableCounts; blobPrefixes: string[] }, counts: TableCounts, prefixes: string[]) {
  for (const [table, n] of Object.entries(part.counts)) addCount(counts, table, n);
  prefixes.push(...part.blobPrefixes);
}
