import type { Community } from '../../kernel/db/schema.js';
import type { Db } from '../../kernel/db/database.js';
import { NotFoundError } from '../../kernel/errors.js';
import { dayToIso, MS_PER_DAY } from '../../kernel/time/local-day.js';
import { groupInCommunity } from '../roles/role.repo.js';
import { heatmapOf, offsetSegments } from '../stats/member-stats.rules.js';
import { messagesByLocalHour, tierCounts } from './persona.repo.js';
import { listTags } from './tag.service.js';

/** The heatmap covers the last 90 days of data, so it stays bounded on years of history. */
export const PERSONA_WINDOW_DAYS = 90;
const CACHE_SIZE = 200;

/**
 * Heatmaps read every message of the window (about 4 s for a whole 10M-event community on
 * SQLite), yet change only when events arrive. They are cached per process, keyed by the newest
 * event id, so any ingest makes the next request recompute.
 */
const heatmapCache = new Map<string, number[][]>();

async function cachedHeatmap(
  db: Db,
  community: Pick<Community, 'id' | 'timezone'>,
  groupId: number | undefined,
  fromDay: number,
  toDay: number,
) {
  const newest = await db
    .selectFrom('events')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  const key = `${community.id}:${groupId ?? '*'}:${fromDay}:${toDay}:${community.timezone}:${newest?.id ?? 0}`;
  const cached = heatmapCache.get(key);
  if (cached) return cached;
  const segments = offsetSegments(community.timezone, (fromDay - 1) * MS_PER_DAY, (toDay + 2) * MS_PER_DAY);
  const heatmap = heatmapOf(await messagesByLocalHour(db, community.id, groupId, fromDay, toDay, segments));
  if (heatmapCache.size >= CACHE_SIZE) heatmapCache.delete(heatmapCache.keys().next().value!);
  heatmapCache.set(key, heatmap);
  return heatmap;
}

export interface Persona {
  /** Last day of the heatmap's window (the community's last day with events), or null without data. */
  asOf: string | null;
  tags: Array<{ tag: string; members: number }>;
  /** Messages by local weekday (0 = Monday … 6 = Sunday) × local hour (0..23). */
  heatmap: number[][];
  tiers: { active: number; observer: number; lurker: number };
}

/**
 * The persona (用户画像) of a community or one of its groups: tag distribution, when members
 * write (weekday × hour in the community's zone, DST included) and tiers.
 */
export async function buildPersona(
  db: Db,
  community: Pick<Community, 'id' | 'timezone' | 'last_day'>,
  groupId?: number,
): Promise<Persona> {
  if (groupId !== undefined && !(await groupInCommunity(db, community.id, groupId)))
    throw new NotFoundError(`group ${groupId}`);
  const toDay = community.last_day;
  const fromDay = toDay === null ? null : toDay - PERSONA_WINDOW_DAYS + 1;
  const [tags, tiers, heatmap] = await Promise.all([
    listTags(db, community.id, groupId),
    tierCounts(db, community.id, groupId),
    toDay === null || fromDay === null ? heatmapOf([]) : cachedHeatmap(db, community, groupId, fromDay, toDay),
  ]);
  const byTag = new Map<string, number>();
  for (const t of tags) byTag.set(t.tag, (byTag.get(t.tag) ?? 0) + t.members);
  return {
    asOf: toDay === null ? null : dayToIso(toDay),
    tags: [...byTag]
      .map(([tag, members]) => ({ tag, members }))
      .sort((a, b) => b.members - a.members || a.tag.localeCompare(b.tag)),
    heatmap,
    tiers: { active: tiers.get('active') ?? 0, observer: tiers.get('observer') ?? 0, lurker: tiers.get('lurker') ?? 0 },
  };
}
