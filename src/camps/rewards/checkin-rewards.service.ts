import type { Transaction } from 'kysely';
import type { DatabaseHandle } from '../../kernel/db/database.js';
import type { CampRow } from '../../kernel/db/schema-camps.js';
import type { Database } from '../../kernel/db/schema.js';
import { milestoneConfigOf, rewardCandidates, type NewCheckin, type StoredCheckin } from './camp-rewards.rules.js';
import { streakCampOf, type CampConfig } from '../camp/camp.service.js';
import { pointsKeys, reversalOf, type PointAction, type PointsEntry } from './gamification.rules.js';
import { ledgerEntry, rewardWrites, type RewardWrites } from './rewards.repo.js';

/** What a check-in earned, as the check-in response shows it. */
export interface Rewards {
  points: number;
  /** Milestone days newly reached (completed check-in days). */
  milestones: number[];
  /** Badge codes newly earned. */
  badges: string[];
}

export interface RewardContext {
  camp: CampRow;
  config: CampConfig;
  communityId: number;
  memberId: number;
  timezone: string;
  /** The member's check-ins before this one (voided ones included). */
  earlier: readonly StoredCheckin[];
  checkin: NewCheckin;
  /** The day the member acted. */
  today: number;
  now: number;
}

async function pay(
  writes: RewardWrites,
  trx: Transaction<Database>,
  ctx: RewardContext,
  entry: PointsEntry,
): Promise<number> {
  const inserted = await writes.insertLedger(trx, {
    communityId: ctx.communityId,
    campId: entry.campId,
    memberId: entry.memberId,
    day: entry.day,
    action: entry.action,
    points: entry.points,
    key: entry.key,
    checkinId: ctx.checkin.id,
    now: ctx.now,
  });
  return inserted ? entry.points : 0;
}

/**
 * Stores what a new check-in earns, in the check-in's own transaction: its points and streak
 * bonus, the milestones it crosses with their points, and the badges its record now earns. Each
 * row's unique key decides whether it is new, so what comes back is exactly what this check-in added.
 */
export async function grantRewards(
  handle: DatabaseHandle,
  trx: Transaction<Database>,
  ctx: RewardContext,
): Promise<Rewards> {
  const writes = rewardWrites(handle);
  const candidates = rewardCandidates(
    {
      id: ctx.camp.id,
      memberId: ctx.memberId,
      streakCamp: streakCampOf(ctx.camp, ctx.config),
      window: ctx.config.window,
      timezone: ctx.timezone,
      milestones: milestoneConfigOf(ctx.config.settings.milestones),
    },
    ctx.earlier,
    ctx.checkin,
    ctx.today,
  );
  const rewards: Rewards = { points: 0, milestones: [], badges: [] };
  for (const entry of candidates.points) rewards.points += await pay(writes, trx, ctx, entry);
  for (const { milestone, entry } of candidates.milestones) {
    const granted = await writes.insertMilestone(trx, {
      campId: ctx.camp.id,
      memberId: ctx.memberId,
      milestoneDay: milestone.day,
      day: ctx.today,
      points: milestone.points,
      checkinId: ctx.checkin.id,
      now: ctx.now,
    });
    if (!granted) continue;
    rewards.milestones.push(milestone.day);
    if (entry) rewards.points += await pay(writes, trx, ctx, entry);
  }
  for (const badge of candidates.badges) {
    const earned = await writes.insertBadge(trx, {
      campId: ctx.camp.id,
      memberId: ctx.memberId,
      code: badge.code,
      day: ctx.today,
      params: badge.params,
      checkinId: ctx.checkin.id,
      now: ctx.now,
    });
    if (earned) rewards.badges.push(badge.code);
  }
  return rewards;
}

/**
 * Takes back a voided check-in's own points with a reversal entry. Dated on the day the points
 * were earned, so every leaderboard window that counted them drops them, not the week of the void.
 * Streak bonuses and milestones stay (the rules keep them: they are keyed so they never pay twice).
 * Returns the points taken back (0 when there was nothing to take, or it was taken before).
 */
export async function reverseCheckinPoints(
  trx: Transaction<Database>,
  communityId: number,
  checkinId: number,
  now: number,
): Promise<number> {
  const row = await ledgerEntry(trx, communityId, pointsKeys.checkin(checkinId));
  if (!row) return 0;
  const entry: PointsEntry = {
    key: row.key,
    memberId: Number(row.member_id),
    campId: row.camp_id === null ? null : Number(row.camp_id),
    day: row.day,
    action: row.action as PointAction,
    points: row.points,
  };
  const reversal = reversalOf(entry, entry.day);
  const inserted = await trx
    .insertInto('points_ledger')
    .values({
      community_id: communityId,
      camp_id: reversal.campId,
      member_id: reversal.memberId,
      day: reversal.day,
      action: reversal.action,
      points: reversal.points,
      key: reversal.key,
      checkin_id: checkinId,
      created_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted ? -reversal.points : 0;
}
