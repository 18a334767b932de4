import { buildReport } from '../report/report.service.js';
import type { Report } from '../report/report.types.js';
import type { Db } from '../../kernel/db/database.js';
import type { Community } from '../../kernel/db/schema.js';
import type { Locale } from '../../kernel/http/locale.js';
import { dayToIso } from '../../kernel/time/local-day.js';
import { groupStates, rangeOf, shownRange, toSummary, type GroupSummary } from '../groups/group-health.service.js';
import { communityDays } from '../../communities/group.service.js';
import type { RangeBasis, RangeQuery } from '../range.rules.js';

export interface Alert {
  groupId: number;
  groupName: string;
  kind: 'silent' | 'fading';
  /** The first day of the current silent or fading stretch. */
  since: string;
}

export interface Overview {
  community: { slug: string; name: string; timezone: string };
  today: string;
  /** The day groups' phases and sizes describe: the range's end, or the last event day before it. */
  asOf: string;
  range: { from: string; to: string; basis: RangeBasis };
  lastEventDay: string | null;
  report: Report;
  groups: GroupSummary[];
  alerts: Alert[];
}

/**
 * What an operator sees first: the report over a date range (by default the last 30 days, or the
 * 30 days up to the last event for an imported history), every group's phase and health as of the
 * range's end, and an alert for each silent or fading group.
 *
 * @example
 * const overview = await buildOverview(db, community, Date.now(), { from: '2026-03-01', to: '2026-03-31' }, 'en');
 */
export async function buildOverview(
  db: Db,
  community: Community,
  now: number,
  query: RangeQuery = {},
  locale: Locale = 'zh-CN',
): Promise<Overview> {
  const { today } = communityDays(community, now);
  const { range, asOf } = rangeOf(community, now, query, locale);
  const [report, states] = await Promise.all([
    buildReport(db, community.slug, { from: dayToIso(range.from), to: dayToIso(range.to) }, now, locale),
    groupStates(db, community, asOf),
  ]);
  const alerts: Alert[] = [];
  for (const g of states) {
    if (g.phase === 'silent' || g.phase === 'fading')
      alerts.push({ groupId: g.id, groupName: g.name, kind: g.phase, since: g.phaseSince });
  }
  // Silent groups first, then the longest-running stretch.
  alerts.sort((a, b) => (a.kind === b.kind ? a.since.localeCompare(b.since) : a.kind === 'silent' ? -1 : 1));
  return {
    community: { slug: community.slug, name: community.name, timezone: community.timezone },
    today: dayToIso(today),
    asOf: dayToIso(asOf),
    range: shownRange(range),
    lastEventDay: community.last_day === null ? null : dayToIso(community.last_day),
    report,
    groups: states.map(toSummary),
    alerts,
  };
}
