import type { Db } from '../../kernel/db/database.js';
import type { Community } from '../../kernel/db/schema.js';
import { createDayResolver } from '../../kernel/time/local-day.js';
import { groupNames, listEnrolments } from '../camp/camp.repo.js';
import { formatClock } from '../camp/camp.rules.js';
import { campConfig, requireCamp, streakCampOf } from '../camp/camp.service.js';
import { campCheckinDays } from '../checkin/checkin.repo.js';
import { campDashboard } from './dashboard.rules.js';
import { placeInstant } from '../checkin/checkin.rules.js';
import { countOpenFlags } from '../integrity/integrity.repo.js';

/**
 * The camp dashboard on `day` (see dashboard.rules): four queries whatever the camp's size —
 * enrolments, check-ins, the groups' names and the open flags. Members are at risk of breaking
 * their streak only while `day`'s window is open at `now`, in the community's zone.
 */
export async function dashboardOf(db: Db, community: Community, campId: number, day: number, now: number) {
  const camp = await requireCamp(db, community, campId);
  const config = campConfig(camp);
  const windowOpen = placeInstant(config.window, community.timezone, now).windowDay === day;
  const [enrolments, checkins, openFlags] = await Promise.all([
    listEnrolments(db, camp.id),
    campCheckinDays(db, camp.id),
    countOpenFlags(db, camp.id),
  ]);
  const names = await groupNames(db, [...new Set(enrolments.map((e) => Number(e.group_id)))]);
  const dayOf = createDayResolver(community.timezone);
  return campDashboard({
    camp: streakCampOf(camp, config),
    day,
    enrolments: enrolments.map((e) => ({
      memberId: Number(e.member_id),
      displayName: e.display_name,
      groupId: Number(e.group_id),
      enrolledDay: dayOf(Number(e.enrolled_at)),
    })),
    checkins: checkins.map((c) => ({
      memberId: Number(c.member_id),
      day: c.day,
      kind: c.kind as 'normal' | 'makeup',
      voided: c.voided_at !== null,
    })),
    groupNames: names,
    deadline: formatClock(config.window.end),
    windowOpen,
    openFlags,
  });
}
