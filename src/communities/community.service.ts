import type { Community } from '../kernel/db/schema.js';
import { NotFoundError, ValidationError } from '../kernel/errors.js';
import { assertTimeZone } from '../kernel/time/local-day.js';
import {
  findCommunityById,
  findCommunityBySlug,
  insertCommunity,
  listCommunityIds as listCommunityIdRows,
} from './community.repo.js';
import { assertSlug, DEFAULT_TIMEZONE } from './community.rules.js';
import type { Executor } from '../kernel/db/database.js';

/**
 * Returns the community with `slug`, creating it (in `timezone`, default Asia/Shanghai) when it
 * does not exist. An existing community keeps its zone: asking for another one is an error,
 * because every stored day was stamped in the original zone.
 */
export async function ensureCommunity(
  db: Executor,
  slug: string,
  timezone: string | undefined,
  now: number,
): Promise<Community> {
  assertSlug(slug);
  if (timezone !== undefined) assertTimeZone(timezone);
  const existing = await findCommunityBySlug(db, slug);
  if (existing) {
    if (timezone !== undefined && timezone !== existing.timezone) {
      throw new ValidationError(
        'timezone',
        `community "${slug}" uses ${existing.timezone}; it cannot be imported into as ${timezone}`,
      );
    }
    return existing;
  }
  return insertCommunity(db, { slug, name: slug, timezone: timezone ?? DEFAULT_TIMEZONE, now });
}

/** The community with `slug`, or undefined: a malformed slug simply matches nothing. */
export function findCommunity(db: Executor, slug: string): Promise<Community | undefined> {
  return findCommunityBySlug(db, slug);
}

export async function getCommunity(db: Executor, slug: string): Promise<Community> {
  assertSlug(slug);
  const community = await findCommunityBySlug(db, slug);
  if (!community) throw new NotFoundError(`community "${slug}"`);
  return community;
}

/** The community with this id; ids come from rows that reference it, so a miss is a 404, not a 500. */
export async function getCommunityById(db: Executor, id: number): Promise<Community> {
  const community = await findCommunityById(db, id);
  if (!community) throw new NotFoundError(`community ${id}`);
  return community;
}

/** Every community's id, oldest first. */
export function listCommunityIds(db: Executor): Promise<number[]> {
  return listCommunityIdRows(db);
}
