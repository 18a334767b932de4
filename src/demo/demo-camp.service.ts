import { createCamp, enrolMembers, listCamps } from '../camps/camp/camp.service.js';
import { checkInForMember, type CheckinInput } from '../camps/checkin/checkin.service.js';
import type { DatabaseHandle, Db } from '../kernel/db/database.js';
import type { Community } from '../kernel/db/schema.js';
import { dayToIso } from '../kernel/time/local-day.js';
import { DEMO_CAMP_TEMPLATE, type DemoCampCheckin, type DemoCampPlan, type DemoCampSpec } from './demo-camp.plan.js';
import type { demoIds } from './demo.repo.js';

export const DEMO_CAMP_NAME = '21天早起打卡 · 第一期';

type DemoIds = Awaited<ReturnType<typeof demoIds>>;

/**
 * Creates the demo camp over the demo's groups (or finds it, seeding again), enrols the members as
 * planned and records the planned check-ins through the camp's own service, each at its instant,
 * so streaks, points, badges, milestones, events and rollups are the ones a real camp would have.
 * Returns how many check-ins were recorded now (none when seeding again: their keys replay).
 *
 * @example
 * await seedDemoCamp(handle, community, await demoIds(db, community.id, DEMO_PLATFORM), plan, spec); // { campId: 1, checkins: 648 }
 */
export async function seedDemoCamp(
  handle: DatabaseHandle,
  community: Community,
  ids: DemoIds,
  plan: DemoCampPlan,
  spec: DemoCampSpec,
) {
  const campId = await ensureCamp(handle.db, community, [...ids.groups.values()], spec);
  const memberId = (externalId: string) => ids.members.get(externalId)!;
  for (const { at, externalIds } of plan.enrolments)
    await enrolMembers(handle.db, community, campId, { memberIds: externalIds.map(memberId) }, at);
  let checkins = 0;
  for (const round of plan.rounds) {
    // Started together, a round's check-ins share group commits, as a busy morning's do: seeding stays fast.
    const outcomes = await Promise.all(
      round.map((c) => checkInForMember(handle, community, campId, memberId(c.externalId), inputOf(c), c.source, c.at)),
    );
    checkins += outcomes.filter((o) => o.status === 'created').length;
  }
  return { campId, checkins };
}

async function ensureCamp(db: Db, community: Community, groupIds: number[], spec: DemoCampSpec): Promise<number> {
  const existing = (await listCamps(db, community, spec.now)).find((c) => c.name === DEMO_CAMP_NAME);
  if (existing) return existing.id;
  const camp = await createCamp(
    db,
    community,
    { template: DEMO_CAMP_TEMPLATE, name: DEMO_CAMP_NAME, startDate: dayToIso(spec.startDay), groupIds },
    spec.createdAt,
  );
  return camp.id;
}

function inputOf(checkin: DemoCampCheckin): CheckinInput {
  const makeUp = checkin.makeUpDay === undefined ? {} : { makeUpDate: dayToIso(checkin.makeUpDay) };
  return { idempotencyKey: checkin.idempotencyKey, ...makeUp };
}
