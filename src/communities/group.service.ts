import type { Db, Executor } from '../kernel/db/database.js';
import type { Community } from '../kernel/db/schema.js';
import { NotFoundError } from '../kernel/errors.js';
import { createDayResolver } from '../kernel/time/local-day.js';
import { asOfDay } from './community.rules.js';
import * as repo from './group.repo.js';
import { assignChatId } from './community-admin.service.js';
import { presentInGroups } from './presence.rules.js';

type CommunityRef = Pick<Community, 'id' | 'timezone' | 'last_day'>;

/** The day the console shows the community as of (see `asOfDay`), and today in its zone. */
export function communityDays(community: CommunityRef, now: number): { today: number; asOf: number } {
  const today = createDayResolver(community.timezone)(now);
  return { today, asOf: asOfDay(community.last_day, today) };
}

/** Members present in each group on `day`, as (group, member) pairs. */
export async function presentMemberships(db: Db, communityId: number, day: number) {
  const [memberships, events] = await Promise.all([
    repo.membershipsUpTo(db, communityId, day),
    repo.membershipEvents(db, communityId),
  ]);
  return presentInGroups(memberships, events, day);
}

/** Group names by id, in id order. */
export async function groupNames(db: Db, communityId: number): Promise<Map<number, string>> {
  return new Map((await repo.listGroups(db, communityId)).map((g) => [g.id, g.name]));
}

/** The community's groups, in id order. */
export function listGroups(db: Db, communityId: number) {
  return repo.listGroups(db, communityId);
}

/**
 * Renames a group, changes its capacity or gives a hand-made group its chat id, in one
 * transaction; 404 for a group of another community.
 */
export async function updateGroup(
  db: Db,
  communityId: number,
  groupId: number,
  patch: { name?: string; capacity?: number; externalId?: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await repo.findGroup(trx, communityId, groupId))) throw new NotFoundError(`group ${groupId}`);
    const { externalId, ...rest } = patch;
    if (externalId !== undefined) await assignChatId(trx, communityId, groupId, externalId);
    await repo.updateGroup(trx, groupId, rest);
  });
}

/** The group for check-ins of members seen in no group yet (platform `web`), created on first use. */
export function webCheckinGroup(db: Executor, communityId: number, now: number): Promise<number> {
  return repo.ensureGroup(
    db,
    communityId,
    { platform: 'web', externalId: 'camps', name: 'Camps (web check-ins)' },
    now,
  );
}

/** Whether `groupId` is a group of the community (a group elsewhere reads as absent). */
export async function groupInCommunity(db: Executor, communityId: number, groupId: number): Promise<boolean> {
  return (await repo.findGroup(db, communityId, groupId)) !== undefined;
}
