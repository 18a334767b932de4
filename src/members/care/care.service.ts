import { TIER_WINDOW_DAYS } from '../stats/tier.rules.js';
import { communityDays, groupNames, presentMemberships } from '../../communities/group.service.js';
import type { Db } from '../../kernel/db/database.js';
import type { Community } from '../../kernel/db/schema.js';
import { NotFoundError, ValidationError } from '../../kernel/errors.js';
import { dayToIso, isoToDay, wallClockToUtc } from '../../kernel/time/local-day.js';
import * as repo from './care.repo.js';
import {
  assignCare,
  careFor,
  CARE_KINDS,
  type CareCandidate,
  type CareKind,
  type CareReasonCode,
} from './care.rules.js';
import { addMemberNote } from '../note.service.js';
import { findStaffRoles } from '../roles/role.repo.js';
import { staffOfGroup } from '../roles/roles.rules.js';

export interface CareItem {
  memberId: number;
  memberName: string;
  kind: CareKind;
  reason: string;
  reasonCode: CareReasonCode;
  reasonParams: Record<string, number | string>;
  groupName: string;
  done: boolean;
  doneNote?: string;
}

export interface CareList {
  day: string;
  staff: Array<{ staffMemberId: number | null; staffName: string | null; items: CareItem[] }>;
}

type CommunityRef = Pick<Community, 'id' | 'timezone' | 'last_day'>;

/** The UTC instant local day `day` begins in `timezone`. */
function dayStart(timezone: string, day: number): number {
  const [y, m, d] = dayToIso(day).split('-').map(Number);
  return wallClockToUtc(timezone, y, m, d);
}

/**
 * Who each staff member should encourage, help or contact on `day` (default: the community's
 * as-of day, i.e. today, or the last day of an imported history), and why. Members present on
 * the day only; staff, bots and blacklisted members are never on it.
 *
 * @example
 * const list = await careList(db, community, { day: '2024-05-20' }, Date.now());
 */
export async function careList(
  db: Db,
  community: CommunityRef,
  options: { day?: string },
  now: number,
): Promise<CareList> {
  const day = options.day === undefined ? communityDays(community, now).asOf : isoToDay(options.day, 'day');
  const windowStart = day - TIER_WINDOW_DAYS + 1;
  const names = await groupNames(db, community.id);
  const groupIds = [...names.keys()];
  const [present, members, blacklisted, roles, recent, before, replies, done] = await Promise.all([
    presentMemberships(db, community.id, day),
    repo.communityMembers(db, community.id),
    repo.blacklistedMembers(db, community.id),
    findStaffRoles(db, community.id),
    repo.activityBetween(db, community.id, windowStart, day),
    repo.activityBefore(db, community.id, windowStart),
    repo.replyCounts(db, groupIds, dayStart(community.timezone, day - 6), dayStart(community.timezone, day + 1)),
    repo.doneOn(db, community.id, day),
  ]);

  const memberBy = new Map(members.map((m) => [m.id, m]));
  const staff = new Set(roles.map((r) => r.member_id));
  const groupsOf = new Map<number, number[]>();
  for (const p of present) {
    if (!memberBy.has(p.memberId) || staff.has(p.memberId) || blacklisted.has(p.memberId)) continue;
    const list = groupsOf.get(p.memberId) ?? [];
    list.push(p.groupId);
    groupsOf.set(p.memberId, list);
  }
  const recentBy = groupRows(recent);
  const beforeBy = new Map(before.map((b) => [b.member_id, b]));
  const repliesBy = new Map(replies.map((r) => [r.member_id, r.replies]));

  const candidates: CareCandidate[] = [];
  for (const [memberId, groups] of groupsOf) {
    const decision = careFor(
      {
        memberId,
        firstDay: memberBy.get(memberId)!.first_day,
        recent: recentBy.get(memberId) ?? [],
        repliesLast7: repliesBy.get(memberId) ?? 0,
        messagesBefore: beforeBy.get(memberId)?.messages ?? 0,
        lastActiveBefore: beforeBy.get(memberId)?.last_day ?? null,
      },
      day,
    );
    if (decision) candidates.push({ ...decision, memberId, groupIds: groups.sort((a, b) => a - b) });
  }
  const staffByGroup = new Map(groupIds.map((g) => [g, staffOfGroup(roles, g)]));
  const doneBy = new Map(done.map((d) => [d.member_id, d]));
  const nameOf = (id: number) => memberBy.get(id)?.display_name ?? `#${id}`;

  return {
    day: dayToIso(day),
    staff: assignCare(candidates, staffByGroup).map((bucket) => ({
      staffMemberId: bucket.staffMemberId,
      staffName: bucket.staffMemberId === null ? null : nameOf(bucket.staffMemberId),
      items: bucket.items.map((item) => {
        const doneRow = doneBy.get(item.memberId);
        return {
          memberId: item.memberId,
          memberName: nameOf(item.memberId),
          kind: item.kind,
          reason: item.reason,
          reasonCode: item.code,
          reasonParams: item.params,
          groupName: names.get(item.groupId) ?? '',
          done: doneRow !== undefined,
          ...(doneRow?.body ? { doneNote: doneRow.body } : {}),
        };
      }),
    })),
  };
}

function groupRows<T extends { member_id: number }>(rows: readonly T[]): Map<number, T[]> {
  const by = new Map<number, T[]>();
  for (const r of rows) {
    const list = by.get(r.member_id) ?? [];
    list.push(r);
    by.set(r.member_id, list);
  }
  return by;
}

export interface CareDone {
  memberId: number;
  day: string;
  kind: CareKind;
  /** False when this member's care on that day had already been recorded. */
  created: boolean;
  noteId: number | null;
}

/**
 * Marks a member's care on `day` as done, once per member and day: the first call records it and
 * leaves a `care` note on the member's timeline, later calls change nothing and say so.
 */
export async function markCareDone(
  db: Db,
  community: Pick<Community, 'id'>,
  input: { memberId: number; day: string; kind: string; note?: string; accountId: number | null },
  now: number,
): Promise<CareDone> {
  const day = isoToDay(input.day, 'day');
  if (!(CARE_KINDS as readonly string[]).includes(input.kind))
    throw new ValidationError('kind', `unknown care kind "${input.kind}"; expected one of ${CARE_KINDS.join(', ')}`);
  const kind = input.kind as CareKind;
  return db.transaction().execute(async (trx) => {
    if (!(await repo.memberExists(trx, community.id, input.memberId)))
      throw new NotFoundError(`member ${input.memberId}`);
    const created = await repo.insertDone(trx, {
      communityId: community.id,
      memberId: input.memberId,
      day,
      kind,
      accountId: input.accountId,
      now,
    });
    if (!created) {
      const existing = await repo.findDone(trx, community.id, input.memberId, day);
      return {
        memberId: input.memberId,
        day: input.day,
        kind: existing!.kind as CareKind,
        created: false,
        noteId: existing?.note_id ?? null,
      };
    }
    const body = input.note?.trim() || `Care done (${kind})`;
    const note = await addMemberNote(
      trx,
      { communityId: community.id, memberId: input.memberId, accountId: input.accountId, kind: 'care', body },
      now,
    );
    await repo.setDoneNote(trx, community.id, input.memberId, day, note.id);
    return { memberId: input.memberId, day: input.day, kind, created: true, noteId: note.id };
  });
}
