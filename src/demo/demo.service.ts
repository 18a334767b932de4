import { rebuildQuestions } from '../automation/service-desk/questions.service.js';
import type { EventLog } from '../kernel/event-log/event-log.js';
import { createDayResolver } from '../kernel/time/local-day.js';
import { refreshMemberStats } from '../members/stats/member-stats.service.js';
import { assignRole } from '../members/roles/role.service.js';
import { bulkTag } from '../members/tags/tag.service.js';
import { ingestIntoCommunity } from '../communities/imports/import.service.js';
import { demoCampSpec, planDemoCamp } from './demo-camp.plan.js';
import { seedDemoCamp } from './demo-camp.service.js';
import { anyCommunity, countMembers, demoIds, renameCommunity } from './demo.repo.js';
import { DEMO_PLATFORM, simulateDemo } from './demo.simulation.js';

export const DEMO_SLUG = 'demo';
export const DEMO_NAME = '早起打卡21天训练营';
export const DEMO_TIMEZONE = 'Asia/Shanghai';
export const DEMO_SEED = 21;

/** What seeding added: members in the community, events logged and camp check-ins recorded (events include those). */
export interface DemoSeeded {
  members: number;
  events: number;
  checkins: number;
}

/**
 * Seeds the demo community when the database holds no community at all; returns what it created,
 * or null when there was data already. The simulated month ends today in the demo's zone.
 *
 * Events go through the event log like any import (so every rollup fills), then duty roles, manual tags,
 * the camp with its check-ins (demo-camp.plan) and member figures follow through their own services.
 *
 * @example
 * const seeded = await seedDemoIfEmpty(wiredEventLog(handle), Date.now()); // { members: 407, events: 7656, checkins: 648 } or null
 */
export async function seedDemoIfEmpty(eventLog: EventLog, now: number): Promise<DemoSeeded | null> {
  if (await anyCommunity(eventLog.handle.db)) return null;
  return seedDemo(eventLog, now);
}

/** Seeds (or, being idempotent, re-seeds) the demo community regardless of other data. */
export async function seedDemo(eventLog: EventLog, now: number, seed = DEMO_SEED): Promise<DemoSeeded> {
  const { handle } = eventLog;
  const endDay = createDayResolver(DEMO_TIMEZONE)(now);
  const demo = simulateDemo({ seed, endDay, timezone: DEMO_TIMEZONE, now });
  const campSpec = demoCampSpec(seed, endDay, DEMO_TIMEZONE, now);
  const campPlan = planDemoCamp(demo, campSpec);
  const summary = await ingestIntoCommunity(
    eventLog,
    { community: DEMO_SLUG, timezone: DEMO_TIMEZONE, now, format: 'demo', fileName: `simulation-seed-${seed}` },
    async function* () {
      yield* campPlan.events;
    },
  );
  const { db } = handle;
  const community = await db
    .selectFrom('communities')
    .selectAll()
    .where('slug', '=', DEMO_SLUG)
    .executeTakeFirstOrThrow();
  const ids = await demoIds(db, community.id, DEMO_PLATFORM);
  await db.transaction().execute((trx) => renameCommunity(trx, community.id, DEMO_NAME));
  for (const s of demo.staff) {
    const groupId = s.group === null ? null : ids.groups.get(demo.groups[s.group].externalId)!;
    await assignRole(
      db,
      {
        communityId: community.id,
        memberId: ids.members.get(s.externalId)!,
        role: s.role,
        groupId,
        now,
      },
      rebuildQuestions,
    );
  }
  for (const { tag, externalIds } of demo.tags) {
    const memberIds = externalIds.map((e) => ids.members.get(e)).filter((id): id is number => id !== undefined);
    if (memberIds.length > 0) await bulkTag(db, community.id, { tag, memberIds }, now);
  }
  const camp = await seedDemoCamp(handle, community, ids, campPlan, campSpec);
  // The log refreshed the figures once the history was in; roles, tags and check-ins came since.
  await refreshMemberStats(db, community.id, now);
  // Each check-in is an event of the log too, written by the camp rather than by ingest.
  return {
    members: await countMembers(db, community.id),
    events: summary.inserted + camp.checkins,
    checkins: camp.checkins,
  };
}
