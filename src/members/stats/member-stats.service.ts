import type { Db, Executor } from '../../kernel/db/database.js';
import { NotFoundError } from '../../kernel/errors.js';
import { clearFigureMark, figureMarkVersion, markedCommunities, markFigures } from './figure-marks.repo.js';
import { deleteRuleTags, insertRuleTags, ruleTagFacts, ruleTagKeys, updateMemberFigures } from './member-stats.repo.js';
import { offsetSegments, ruleTagsOf, RULE_WINDOW_DAYS } from './member-stats.rules.js';
import { MS_PER_DAY } from '../../kernel/time/local-day.js';

export interface MemberStatsSummary {
  /** The day tiers and tags are computed as of; null when the community has no events yet. */
  asOf: number | null;
  tagsAdded: number;
  tagsRemoved: number;
}

/**
 * Recomputes every member's tier, last active day, message and check-in totals, and rule tags, in
 * one transaction. Call it after an import or a demo seeding.
 *
 * Tiers and tags are "as of" the community's **last day with any event**, not today: an imported
 * history that ended months ago would otherwise show everyone as a lurker, and this is the day
 * the report's `tiers.asOf` defaults to, so the members list and the report agree. Members no
 * longer present on that day (METRICS.md, "present") get the tier `gone`; bots get none.
 *
 * @example
 * await ingestIntoCommunity(handle, target, events);
 * await refreshMemberStats(handle.db, community.id);
 */
export async function refreshMemberStats(db: Db, communityId: number, now = Date.now()): Promise<MemberStatsSummary> {
  return db.transaction().execute(async (trx) => {
    const community = await trx
      .selectFrom('communities')
      .select(['timezone', 'last_day'])
      .where('id', '=', communityId)
      .executeTakeFirst();
    if (!community) throw new NotFoundError(`community ${communityId}`);
    // Read first: an append that commits while this runs bumps the mark, which then stays for the next run.
    const mark = await figureMarkVersion(trx, communityId);
    const asOf = community.last_day;
    await updateMemberFigures(trx, communityId, asOf);

    const existing = await ruleTagKeys(trx, communityId);
    const wanted = new Set<string>();
    if (asOf !== null) {
      const fromDay = asOf - RULE_WINDOW_DAYS + 1;
      const segments = offsetSegments(community.timezone, (fromDay - 1) * MS_PER_DAY, (asOf + 2) * MS_PER_DAY);
      const facts = await ruleTagFacts(trx, communityId, fromDay, asOf, segments);
      for (const [memberId, f] of facts) for (const tag of ruleTagsOf(f, asOf)) wanted.add(`${memberId}:${tag}`);
    }
    const added = [...wanted].filter((k) => !existing.has(k)).map(parseKey);
    const removedByTag = new Map<string, number[]>();
    for (const key of existing) {
      if (wanted.has(key)) continue;
      const { memberId, tag } = parseKey(key);
      const ids = removedByTag.get(tag) ?? [];
      ids.push(memberId);
      removedByTag.set(tag, ids);
    }
    await insertRuleTags(trx, communityId, added, now);
    for (const [tag, ids] of removedByTag) await deleteRuleTags(trx, communityId, tag, ids);
    if (mark !== null) await clearFigureMark(trx, communityId, mark);
    return { asOf, tagsAdded: added.length, tagsRemoved: existing.size - (wanted.size - added.length) };
  });
}

/**
 * Marks the community's member figures out of date, durably: call it in the transaction that
 * appends its events, so a process that dies before the refresh leaves the mark behind.
 */
export function markMemberFiguresStale(trx: Executor, communityId: number): Promise<void> {
  return markFigures(trx, communityId);
}

/** The communities whose figures are marked out of date. */
export function communitiesWithStaleFigures(db: Executor): Promise<number[]> {
  return markedCommunities(db);
}

function parseKey(key: string): { memberId: number; tag: string } {
  const colon = key.indexOf(':');
  return { memberId: Number(key.slice(0, colon)), tag: key.slice(colon + 1) };
}
