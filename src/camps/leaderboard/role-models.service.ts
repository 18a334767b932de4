import type { Db } from '../../kernel/db/database.js';
import type { CampRow } from '../../kernel/db/schema-camps.js';
import type { Community } from '../../kernel/db/schema.js';
import { listBlacklist } from '../../members/roles/blacklist.service.js';
import { campConfig, streakCampOf } from '../camp/camp.service.js';
import { DEFAULT_BADGE_RULES, LOCALES } from '../rewards/gamification.rules.js';
import type { LocalizedText } from '../rewards/rewards.messages.js';
import {
  describeRoleModel,
  pickRoleModels,
  type RoleModel,
  type RoleModelReason,
  type TodayCheckin,
} from './leaderboard.rules.js';
import * as repo from './role-models.repo.js';
import { insertBadge } from '../rewards/rewards.repo.js';
import { placeInstant } from '../checkin/checkin.rules.js';
import { streakSummary, type StreakCheckin } from '../checkin/streak.rules.js';

/** One of a day's role models as staff, the member page and the praise message show it. */
export interface RoleModelView {
  memberId: number;
  displayName: string;
  reason: RoleModelReason;
  params: Record<string, number | string>;
  /** What they did, in each locale (`已连续打卡 12 天` / `checked in 12 days in a row`). */
  text: LocalizedText;
  checkinId: number;
  checkinText: string | null;
}

const textOf = (pick: RoleModel): LocalizedText =>
  Object.fromEntries(LOCALES.map((locale) => [locale, describeRoleModel(pick, locale)])) as LocalizedText;

/**
 * The role models (榜样) of a camp day. A day's picks are computed live from its check-ins until the
 * day is frozen — by `freezeRoleModels`, which the praise message calls when it announces them and
 * the routes call when a past day is asked for — and read back unchanged from then on.
 *
 * "Most liked" counts reactions to the check-in's web event (`checkin:<id>` in the event log,
 * through the reply index); a check-in that came from a chat message carries its reactions on
 * that message instead, which this does not follow, so it counts 0 likes.
 *
 * @example
 * const picks = await roleModelsOf(db, community, camp, isoToDay('2024-06-05'));
 * picks[0] // { memberId: 4, displayName: '小王', reason: 'longest-streak', params: { streak: 12 }, text: { 'zh-CN': '已连续打卡 12 天', en: … }, … }
 */
export async function roleModelsOf(
  db: Db,
  community: Community,
  camp: CampRow,
  day: number,
): Promise<
  Array<{
    memberId: number;
    displayName: string;
    reason: RoleModelReason;
    params: Record<string, number | string>;
    text: LocalizedText;
    checkinId: number;
    checkinText: string | null;
  }>
> {
  if (await repo.isFrozen(db, camp.id, day)) return frozenOf(db, camp.id, day);
  return livePicks(db, community, camp, day);
}

/**
 * Freezes a day's role models (idempotent: the first freeze stands) and returns them; then awards
 * the "role model" badge to picked members whose picks reach the badge's count. Call it when the
 * picks are announced, so what was announced is what stays.
 */
export async function freezeRoleModels(
  db: Db,
  community: Community,
  camp: CampRow,
  day: number,
  now: number,
): Promise<RoleModelView[]> {
  if (await repo.isFrozen(db, camp.id, day)) return frozenOf(db, camp.id, day);
  const picks = await livePicks(db, community, camp, day);
  await db.transaction().execute(async (trx) => {
    if (!(await repo.freezePicks(trx, camp.id, day, picks, now))) return;
    const counts = await repo.pickCounts(
      trx,
      camp.id,
      picks.map((p) => p.memberId),
    );
    for (const [memberId, picked] of counts) {
      if (picked < DEFAULT_BADGE_RULES.roleModelPicks) continue;
      await insertBadge(trx, {
        campId: camp.id,
        memberId,
        code: 'role-model',
        day,
        params: { picks: picked },
        checkinId: null,
        now,
      });
    }
  });
  return frozenOf(db, camp.id, day);
}

async function frozenOf(db: Db, campId: number, day: number): Promise<RoleModelView[]> {
  const rows = await repo.frozenPicks(db, campId, day);
  return rows.map((r) => {
    const pick: RoleModel = {
      memberId: Number(r.member_id),
      checkinId: Number(r.checkin_id),
      reason: r.reason as RoleModelReason,
      params: JSON.parse(r.params),
    };
    return { ...pick, displayName: r.display_name, text: textOf(pick), checkinText: r.text };
  });
}

async function livePicks(db: Db, community: Community, camp: CampRow, day: number): Promise<RoleModelView[]> {
  const config = campConfig(camp);
  const [checkins, streakRows, blacklist] = await Promise.all([
    repo.dayCheckins(db, community.id, camp.id, day),
    repo.streakRowsOfDay(db, camp.id, day),
    listBlacklist(db, community.id, { activeOnly: true }),
  ]);
  if (checkins.length === 0) return [];
  const byMember = new Map<number, StreakCheckin[]>();
  for (const r of streakRows) {
    const list = byMember.get(Number(r.member_id)) ?? [];
    list.push({ day: r.day, kind: r.kind as StreakCheckin['kind'], voided: r.voided_at !== null });
    byMember.set(Number(r.member_id), list);
  }
  const streakCamp = streakCampOf(camp, config);
  const todays: TodayCheckin[] = checkins.map((c) => ({
    checkinId: Number(c.id),
    memberId: Number(c.member_id),
    day: c.day,
    atMs: Number(c.at),
    minuteOfDay: placeInstant(config.window, community.timezone, Number(c.at)).minute,
    text: c.text ?? '',
    likes: c.likes,
    currentStreak: streakSummary(streakCamp, byMember.get(Number(c.member_id)) ?? [], day).currentStreak,
    kind: c.kind as TodayCheckin['kind'],
    voided: c.voided_at !== null,
    flagged: c.flagged,
  }));
  const blacklisted = new Set(blacklist.map((e) => e.memberId));
  const byId = new Map(checkins.map((c) => [Number(c.id), c]));
  return pickRoleModels(todays, day, blacklisted).map((pick) => {
    const row = byId.get(pick.checkinId)!;
    return { ...pick, displayName: row.display_name, text: textOf(pick), checkinText: row.text };
  });
}
