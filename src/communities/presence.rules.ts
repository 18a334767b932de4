/** Who is in a group on a day (METRICS.md, "Basics"): pure, from the member's joins and leaves. */

/** A member's latest join/leave on or before D, if any, and whether they have any at all. */
export interface PresenceFacts {
  latestMembershipEventOnOrBeforeD: 'join' | 'leave' | null;
  hasMembershipEvents: boolean;
  firstEventDay: number | null;
}

/** "Present on day D" (METRICS.md, Basics). */
export function isPresent(facts: PresenceFacts, day: number): boolean {
  if (facts.latestMembershipEventOnOrBeforeD !== null) return facts.latestMembershipEventOnOrBeforeD === 'join';
  return !facts.hasMembershipEvents && facts.firstEventDay !== null && facts.firstEventDay <= day;
}

/** A join or leave of a member in a group. */
export interface MembershipEvent {
  id: number;
  group_id: number;
  member_id: number | null;
  kind: string;
  day: number;
  occurred_at: number;
}

/**
 * The (group, member) pairs present on `day` (METRICS.md, Basics), judged per group: the latest
 * join or leave there on or before `day` decides, by time and then storage order; without any,
 * the member's first event in the group does.
 */
export function presentInGroups(
  memberships: ReadonlyArray<{ group_id: number; member_id: number; first_day: number }>,
  events: readonly MembershipEvent[],
  day: number,
): Array<{ groupId: number; memberId: number }> {
  const latest = new Map<string, MembershipEvent>();
  const withEvents = new Set<string>();
  for (const e of events) {
    const key = `${e.group_id}:${e.member_id}`;
    withEvents.add(key);
    if (e.day > day) continue;
    const known = latest.get(key);
    if (!known || e.occurred_at > known.occurred_at || (e.occurred_at === known.occurred_at && e.id > known.id))
      latest.set(key, e);
  }
  const present: Array<{ groupId: number; memberId: number }> = [];
  for (const m of memberships) {
    const key = `${m.group_id}:${m.member_id}`;
    const facts = {
      latestMembershipEventOnOrBeforeD: (latest.get(key)?.kind ?? null) as 'join' | 'leave' | null,
      hasMembershipEvents: withEvents.has(key),
      firstEventDay: m.first_day,
    };
    if (isPresent(facts, day)) present.push({ groupId: m.group_id, memberId: m.member_id });
  }
  return present;
}
