import type { Community } from '../kernel/db/schema.js';
import type { Db } from '../kernel/db/database.js';
import { createDayResolver, dayToIso, wallClockToUtc } from '../kernel/time/local-day.js';
import { assertMemberOf } from './member-lookup.repo.js';
import {
  activeDaysInGroup,
  blacklistOf,
  memberEventsInGroupQuery,
  memberGroups,
  membershipEventsOf,
  type EventRow,
} from './member-timeline.repo.js';
import { notesOf } from './note.repo.js';

export const TIMELINE_KINDS = [
  'message',
  'check_in',
  'join',
  'leave',
  'reaction',
  'note',
  'care',
  'blacklist',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineItem {
  kind: TimelineKind;
  /** UTC epoch ms. */
  at: number;
  /** The local day in the community's zone. */
  day: string;
  groupId: number | null;
  groupName: string | null;
  text: string | null;
}

export interface TimelinePage {
  items: TimelineItem[];
  /** Pass as `before` for the next (older) page; null when there is none. */
  next: number | null;
}

const EVENT_KIND: Record<string, TimelineKind> = {
  message: 'message',
  checkin: 'check_in',
  join: 'join',
  leave: 'leave',
  reaction: 'reaction',
};
const HOUR_MS = 3_600_000;

/** UTC bounds of a local day, an hour wider on each side for days that start in a DST gap; callers filter on `day`. */
function dayBounds(timezone: string, day: number): { fromMs: number; toMs: number } {
  const start = (d: number) => {
    const [y, m, dd] = dayToIso(d).split('-').map(Number);
    return wallClockToUtc(timezone, y, m, dd);
  };
  return { fromMs: start(day) - HOUR_MS, toMs: start(day + 1) + HOUR_MS };
}

/**
 * A member's events and the staff's records about them (notes, care, blacklist), newest first,
 * `limit` at a time before `before` (exclusive, epoch ms).
 *
 * Events have no index by member (it would slow ingest), so the member's active days come from
 * the per-group day rollup and only those days' events are read, along (group_id, occurred_at);
 * joins and leaves come from their partial index. A reaction therefore shows on days the member
 * also wrote or checked in in that group.
 */
export async function memberTimeline(
  db: Db,
  community: Pick<Community, 'id' | 'timezone' | 'last_day'>,
  memberId: number,
  page: { before?: number; limit?: number } = {},
): Promise<TimelinePage> {
  await assertMemberOf(db, community.id, memberId);
  const limit = page.limit ?? 50;
  const want = limit + 1;
  const before = page.before ?? Number.MAX_SAFE_INTEGER;
  const dayOf = createDayResolver(community.timezone);
  const lastDay = community.last_day;
  const beforeDay =
    lastDay === null ? null : page.before === undefined ? lastDay : Math.min(lastDay, dayOf(page.before - 1));

  const groups = await memberGroups(db, community.id, memberId);
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  const events = new Map<number, EventRow>();
  if (beforeDay !== null) {
    for (const e of await membershipEventsOf(db, community.id, memberId, beforeDay, before, want).execute())
      events.set(e.id, e);
    // Per group, want + 1 days: the first may hold only events at or after `before`.
    const days = new Map<number, number[]>();
    for (const g of groups) {
      for (const day of await activeDaysInGroup(db, g.id, memberId, beforeDay, want + 1))
        days.set(day, [...(days.get(day) ?? []), g.id]);
    }
    let found = 0;
    for (const day of [...days.keys()].sort((a, b) => b - a)) {
      const { fromMs, toMs } = dayBounds(community.timezone, day);
      for (const groupId of days.get(day)!) {
        for (const e of await memberEventsInGroupQuery(
          db,
          groupId,
          memberId,
          fromMs,
          Math.min(toMs, before),
        ).execute()) {
          if (e.day !== day || events.has(e.id)) continue;
          events.set(e.id, e);
          found++;
        }
      }
      // Earlier days hold only earlier events.
      if (found >= want) break;
    }
  }

  const items: Array<TimelineItem & { order: number }> = [];
  const item = (kind: TimelineKind, at: number, groupId: number | null, text: string | null, order: number) =>
    items.push({
      kind,
      at,
      day: dayToIso(dayOf(at)),
      groupId,
      groupName: groupId === null ? null : (groupName.get(groupId) ?? null),
      text,
      order,
    });
  for (const e of events.values())
    item(EVENT_KIND[e.kind] ?? 'message', Number(e.occurred_at), Number(e.group_id), e.text, Number(e.id));
  for (const n of await notesOf(db, community.id, memberId, { before, limit: want }))
    item(n.kind === 'care' ? 'care' : 'note', n.created_at, null, n.body, n.id);
  for (const b of await blacklistOf(db, community.id, memberId)) {
    if (b.created_at < before) item('blacklist', b.created_at, null, `${b.action}: ${b.reason}`, b.id);
    if (b.lifted_at !== null && b.lifted_at < before) item('blacklist', b.lifted_at, null, `lifted: ${b.action}`, b.id);
  }
  items.sort((a, b) => b.at - a.at || b.order - a.order);
  return paginate(items, limit);
}

/**
 * The newest `limit` items and the cursor for the rest. A page never ends in the middle of items
 * sharing one instant (the cursor is a time, so the rest of them would be skipped): such a tail
 * moves to the next page, unless the whole page is one instant.
 */
export function paginate<T extends { at: number }>(
  items: T[],
  limit: number,
): { items: Array<Omit<T, 'order'>>; next: number | null } {
  const strip = (list: T[]) =>
    list.map(({ order: _order, ...rest }: T & { order?: number }) => rest as Omit<T, 'order'>);
  if (items.length <= limit) return { items: strip(items), next: null };
  const cut = items[limit - 1].at;
  if (items[limit].at !== cut) return { items: strip(items.slice(0, limit)), next: cut };
  const page = items.slice(0, limit).filter((i) => i.at !== cut);
  if (page.length === 0) return { items: strip(items.slice(0, limit)), next: cut };
  return { items: strip(page), next: cut + 1 };
}
