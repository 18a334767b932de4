import type { Transaction } from 'kysely';
import { digest } from '../../kernel/crypto/secrets.js';
import type { DatabaseHandle, Db } from '../../kernel/db/database.js';
import type { CampRow, CheckinRow } from '../../kernel/db/schema-camps.js';
import type { Community, Database } from '../../kernel/db/schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../../kernel/errors.js';
import { dayToIso, isoToDay } from '../../kernel/time/local-day.js';
import { findByTokenHash, findEnrolment, setOptOut } from '../camp/camp.repo.js';
import { formatClock } from '../camp/camp.rules.js';
import {
  campConfig,
  campConfigOf,
  campToday,
  requireCamp,
  streakCampOf,
  type CampConfig,
} from '../camp/camp.service.js';
import { grantRewards, reverseCheckinPoints, type Rewards } from '../rewards/checkin-rewards.service.js';
import { countResolvedEvent } from '../../kernel/event-log/resolved-events.js';
import { afterOtherItems, beforeWriting, inCommit, type Defer } from '../../kernel/db/group-commit.js';
import * as repo from './checkin.repo.js';
import { targetOf, type CheckinTarget, type TokenTarget } from './checkin.repo.js';
import { decideCheckin, placeInstant, type CheckinRejection } from './checkin.rules.js';
import { closeOpenFlags } from '../integrity/integrity.repo.js';
import { detectCopy } from '../integrity/integrity.service.js';
import { earnedBy } from '../rewards/rewards.repo.js';
import { streakSummary, type StreakCheckin, type StreakSummary } from './streak.rules.js';

export type CheckinSource = 'page' | 'chat' | 'api';

export interface CheckinInput {
  text?: string;
  number?: number;
  link?: string;
  /** `YYYY-MM-DD`: a make-up (补卡) for that missed day. */
  makeUpDate?: string;
  /** Makes API retries safe: a key already used in this camp answers with the check-in it stored. */
  idempotencyKey?: string;
  /** The stored key of the member's uploaded image, resolved and checked by checkin-images.service. */
  imagePath?: string;
}

export function presentCheckin(
  row: Pick<
    CheckinRow,
    | 'id'
    | 'member_id'
    | 'day'
    | 'at'
    | 'source'
    | 'kind'
    | 'text'
    | 'number'
    | 'link'
    | 'image_path'
    | 'voided_at'
    | 'void_reason'
  >,
) {
  return {
    id: row.id,
    memberId: row.member_id,
    date: dayToIso(row.day),
    at: new Date(row.at).toISOString(),
    source: row.source,
    kind: row.kind,
    text: row.text,
    number: row.number,
    link: row.link,
    hasImage: row.image_path !== null,
    voided:
      row.voided_at === null ? null : { at: new Date(row.voided_at).toISOString(), reason: row.void_reason ?? '' },
  };
}

export type CheckinView = ReturnType<typeof presentCheckin>;

export type CheckinOutcome =
  | { status: 'created' | 'replayed'; checkin: CheckinView; streak: StreakSummary; rewards: Rewards }
  | {
      status: 'rejected';
      code: CheckinRejection;
      message: string;
      window: { start: string; end: string; timezone: string };
    };

export const toStreak = (rows: Array<{ day: number; kind: string; voided_at: number | null }>): StreakCheckin[] =>
  rows.map((r) => ({ day: r.day, kind: r.kind as StreakCheckin['kind'], voided: r.voided_at !== null }));

export { campToday };

/**
 * Records one check-in, in one transaction with its event-log entry and rollups, its rewards
 * (points, milestones, badges) and its copy check (on SQLite a group commit shared with concurrent
 * check-ins), so an answer of success means all of it is committed.
 * A day already holding a check-in — voided ones included, so voiding a copied check-in does not
 * reopen the day — is refused, as the unique key would.
 */
async function checkIn(
  handle: DatabaseHandle,
  findTarget: (trx: Transaction<Database>) => Promise<CheckinTarget>,
  input: CheckinInput,
  source: CheckinSource,
  now: number,
): Promise<CheckinOutcome> {
  const makeUpDay = input.makeUpDate === undefined ? undefined : isoToDay(input.makeUpDate, 'makeUpDate');
  return inCommit(handle, async (trx, defer) => {
    const target = await beforeWriting(() => findTarget(trx));
    const { camp } = target;
    const config = campConfigOf(camp);
    const window = {
      start: formatClock(config.window.start),
      end: formatClock(config.window.end),
      timezone: target.timezone,
    };
    const place = placeInstant(config.window, target.timezone, now);
    const today = place.windowDay ?? place.localDay;
    return record(
      handle,
      trx,
      defer,
      { target, config, window, today, eventDay: place.localDay, makeUpDay },
      input,
      source,
      now,
    );
  });
}

/** A retry with an idempotency key already used: the check-in stored the first time. */
async function replay(
  handle: DatabaseHandle,
  trx: Transaction<Database>,
  target: CheckinTarget,
  config: CampConfig,
  key: string | undefined,
  today: number,
): Promise<CheckinOutcome | null> {
  if (key === undefined) return null;
  const existing = await repo.checkinWrites(handle).byIdempotencyKey(trx, target.camp.id, target.memberId, key);
  if (!existing) return null;
  // Stored moments ago by another check-in of this batch (PostgreSQL runs them side by side)? Its rewards come after it.
  await afterOtherItems(trx);
  const rows = await repo.memberCheckins(trx, target.camp.id, target.memberId);
  const rewards = await earnedBy(trx, target.camp.id, target.memberId, existing.id);
  return {
    status: 'replayed',
    checkin: presentCheckin(existing),
    streak: streakSummary(streakCampOf(target.camp, config), toStreak(rows), today),
    rewards,
  };
}

interface CheckinContext {
  target: CheckinTarget;
  config: CampConfig;
  window: { start: string; end: string; timezone: string };
  today: number;
  /** The local date of the instant, for the event log (a late-night check-in may count for yesterday). */
  eventDay: number;
  /** The missed day a make-up (补卡) fills, from `makeUpDate`. */
  makeUpDay: number | undefined;
}

/**
 * Decides and stores one check-in with everything it earns, inside the batch's transaction.
 *
 * Objects on this path are written out rather than built as `{ ...a, b, c }`: on Node 20 every
 * property after a spread costs about a microsecond (V8 leaves the clone's fast path), and a
 * check-in built a dozen of them, a tenth of its writer thread's time in a surge.
 */
async function record(
  handle: DatabaseHandle,
  trx: Transaction<Database>,
  defer: Defer,
  { target, config, window, today, eventDay, makeUpDay }: CheckinContext,
  input: CheckinInput,
  source: CheckinSource,
  now: number,
): Promise<CheckinOutcome> {
  const { camp } = target;
  const writes = repo.checkinWrites(handle);
  const rows = await writes.memberCheckins(trx, camp.id, target.memberId);
  const makeUpsUsed = rows.filter((r) => r.kind === 'makeup' && r.voided_at === null).length;
  const decision = decideCheckin(
    {
      startDay: camp.start_day,
      lengthDays: camp.length_days,
      window: config.window,
      timezone: target.timezone,
      content: config.content,
      rules: config.rules,
    },
    { days: new Set(rows.map((r) => r.day)), makeUpsUsed },
    { text: input.text, number: input.number, link: input.link, image: input.imagePath, makeUpDay },
    now,
  );
  if (!decision.ok) {
    // Most retries land here: their first attempt is stored, so the day is "already checked in"
    // (or the window has closed since); with the same key they answer with that check-in.
    const raced = await replay(handle, trx, target, config, input.idempotencyKey, today);
    return raced ?? { status: 'rejected' as const, code: decision.code, message: decision.message, window };
  }
  const values = {
    camp_id: camp.id,
    community_id: target.communityId,
    member_id: target.memberId,
    day: decision.day,
    at: now,
    source,
    kind: decision.kind,
    text: input.text ?? null,
    number: input.number ?? null,
    link: input.link ?? null,
    image_path: input.imagePath ?? null,
    idempotency_key: input.idempotencyKey ?? null,
    voided_at: null,
    void_reason: null,
    voided_by: null,
  };
  const stored = await writes.insertCheckin(trx, values, { groupId: target.groupId, day: eventDay });
  if (stored === null) {
    // A unique key held the row back: the key's check-in is stored (a retry on another day), or
    // another request for the same member won the race (PostgreSQL runs them side by side).
    const raced = await replay(handle, trx, target, config, input.idempotencyKey, today);
    if (raced) return raced;
    return {
      status: 'rejected' as const,
      code: 'ALREADY_CHECKED_IN' as const,
      message: 'already checked in today; see you tomorrow',
      window,
    };
  }
  const { id } = stored;
  const streak = streakSummary(
    streakCampOf(camp, config),
    [...toStreak(rows), { day: decision.day, kind: decision.kind, voided: false }],
    today,
  );
  const earlier = rows.map((r) => ({
    id: r.id,
    day: r.day,
    kind: r.kind as StreakCheckin['kind'],
    voided: r.voided_at !== null,
    at: r.at,
  }));
  const { communityId, memberId } = target;
  const rewards = await grantRewards(handle, trx, {
    communityId,
    memberId,
    camp,
    config,
    timezone: target.timezone,
    earlier,
    checkin: { id, day: decision.day, kind: decision.kind, at: now },
    today,
    now,
  });
  await detectCopy(
    handle,
    trx,
    { communityId, memberId, campId: camp.id, checkinId: id, at: now, text: values.text, day: today },
    now,
  );
  if (stored.logged)
    countResolvedEvent(
      handle,
      trx,
      { communityId, groupId: target.groupId, memberId, kind: 'checkin', day: eventDay },
      defer,
    );
  return { status: 'created' as const, checkin: presentCheckin({ id, ...values }), streak, rewards };
}

/**
 * What a personal link names, looked up by the token's digest: tokens are random, so a digest
 * lookup (not a comparison) lets timing tell nothing. Anything unknown is a 404.
 */
async function byToken<T>(find: (hash: string) => Promise<T | undefined> | T | undefined, token: string): Promise<T> {
  const found = token.length >= 16 && token.length <= 64 ? await find(digest(token)) : undefined;
  if (found === undefined) throw new NotFoundError('check-in link');
  return found;
}

export async function targetByToken(
  find: (hash: string) => Promise<TokenTarget | undefined> | TokenTarget | undefined,
  token: string,
) {
  return targetOf(await byToken(find, token));
}

/** A check-in from the member's own page, through their personal link. */
export async function checkInByToken(handle: DatabaseHandle, token: string, input: CheckinInput, now: number) {
  const writes = repo.checkinWrites(handle);
  return checkIn(handle, (trx) => byToken((hash) => writes.targetByTokenHash(trx, hash), token), input, 'page', now);
}

/** A check-in that staff (or a connector acting for them) record on behalf of an enrolled member. */
export async function checkInForMember(
  handle: DatabaseHandle,
  community: Community,
  campId: number,
  memberId: number,
  input: CheckinInput,
  source: CheckinSource,
  now: number,
) {
  const camp = await requireCamp(handle.db, community, campId);
  const enrolment = await findEnrolment(handle.db, campId, memberId);
  if (!enrolment) throw new NotFoundError(`member ${memberId} in camp ${campId}`);
  const target = {
    camp,
    communityId: community.id,
    timezone: community.timezone,
    memberId,
    groupId: enrolment.group_id,
  };
  return checkIn(handle, async () => target, input, source, now);
}

export async function setReminderOptOut(db: Db, token: string, optedOut: boolean) {
  const target = await targetByToken((hash) => findByTokenHash(db, hash), token);
  await setOptOut(db, target.camp.id, target.memberId, optedOut);
  return { optedOutOfReminders: optedOut };
}

/** Staff void a check-in (a copied one, say): it stays on record but no longer counts. */
export async function voidCheckin(
  db: Db,
  community: Community,
  campId: number,
  checkinId: number,
  reason: string,
  accountId: number,
  now: number,
) {
  const camp = await requireCamp(db, community, campId);
  if (!reason.trim()) throw new ValidationError('reason', 'give a reason for voiding the check-in');
  return db
    .transaction()
    .execute((trx) =>
      voidWithin(trx, camp, community, checkinId, { reason: reason.trim(), accountId, flagStatus: 'voided' }, now),
    );
}

/**
 * Voids a check-in inside the caller's transaction: its own points are taken back by a reversal
 * entry, an open copy flag on it closes with `flagStatus`, and the streak is recomputed.
 */
export async function voidWithin(
  trx: Transaction<Database>,
  camp: CampRow,
  community: Community,
  checkinId: number,
  by: { reason: string; accountId: number; flagStatus: 'voided' | 'blacklisted' },
  now: number,
) {
  const row = await repo.findCheckin(trx, camp.id, checkinId);
  if (!row) throw new NotFoundError(`check-in ${checkinId}`);
  if (row.voided_at !== null) throw new ConflictError(`check-in ${checkinId} is already voided`);
  await repo.voidCheckin(trx, checkinId, { at: now, reason: by.reason, accountId: by.accountId });
  const pointsReversed = await reverseCheckinPoints(trx, community.id, checkinId, now);
  await closeOpenFlags(trx, checkinId, by.flagStatus, { accountId: by.accountId, at: now, reason: by.reason });
  const rows = await repo.memberCheckins(trx, camp.id, row.member_id);
  const today = campToday(camp, community.timezone, now);
  return {
    checkin: presentCheckin({ ...row, voided_at: now, void_reason: by.reason }),
    streak: streakSummary(streakCampOf(camp, campConfig(camp)), toStreak(rows), today),
    pointsReversed,
  };
}

/** A camp's check-ins on one day, for staff. */
export async function checkinsOfDay(db: Db, community: Community, campId: number, date: string) {
  await requireCamp(db, community, campId);
  const rows = await repo.checkinsOfDay(db, campId, isoToDay(date));
  return rows.map((r) => ({ ...presentCheckin(r), displayName: r.display_name }));
}

/** "Today" for staff views of a camp: the day whose window is open, else the local date. */
export function staffToday(camp: CampRow, community: Community, now: number): number {
  return campToday(camp, community.timezone, now);
}
