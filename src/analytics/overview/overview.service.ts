import { buildReport } from '../report/report.service.js';
import type { Report } from '../report/report.types.js';
import type { Db } from '../../kernel/db/database.js';
import type { Community } from '../../kernel/db/schema.js';
import { dayToIso } from '../../kernel/time/local-day.js';
import { groupStates, toSummary, type GroupSummary } from '../groups/group-health.service.js';
import { communityDays } from '../../communities/group.service.js';

/** Days of data the overview's report covers, ending on the as-of day. */
export const OVERVIEW_DAYS = 30;

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
  asOf: string;
  report: Report;
  groups: GroupSummary[];
  alerts: Alert[];
}

/**
 * What an operator sees first: the report over the last 30 days of data, every group's phase and
 * health, and an alert for each silent or fading group.
 *
 * @example
 * const overview = await buildOverview(db, community, Date.now());
 */
export async function buildOverview(db: Db, community: Community, now: number): Promise<Overview> {
  const { today, asOf } = communityDays(community, now);
  const from = Math.max(community.first_day ?? asOf, asOf - OVERVIEW_DAYS + 1);
  const [report, states] = await Promise.all([
    buildReport(db, community.slug, { from: dayToIso(Math.min(from, asOf)), to: dayToIso(asOf) }, now),
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
    report,
    groups: states.map(toSummary),
    alerts,
  };
}
