import { campDayInstant } from '../camps/schedule/camp-schedule.rules.js';
import { CAMP_TEMPLATES, type CampTemplateName } from '../camps/camp/camp.rules.js';
import { chatCheckinKey } from '../camps/chat-checkin/chat-checkin.rules.js';
import { placeInstant } from '../camps/checkin/checkin.rules.js';
import { createDayResolver, type EpochDay } from '../kernel/time/local-day.js';
import type { ImportedEvent } from '../kernel/event-log/event.types.js';
import { DEMO_PLATFORM, mulberry32, type DemoCommunity } from './demo.simulation.js';

/**
 * The demo's camp, planned from the simulated month: pure and deterministic from the seed, like
 * the simulation it reads. The camp takes over its members' simulated check-ins on its days, so
 * the camp's service records each one (streaks, points, badges, its event and rollups) instead of
 * ingest logging it a second time.
 */

export const DEMO_CAMP_TEMPLATE: CampTemplateName = 'early-riser-21';
/** Today is the camp's day 11 of 21: a past to show on every camp screen, and days still to come. */
export const DEMO_CAMP_DAYS_BEFORE_TODAY = 10;
/** Staff create the camp and enrol the sign-ups the evening before its first day. */
const CREATED_AT_MINUTE = 20 * 60;
/**
 * A member's chance to sign up: some of anyone (people sign up and never show), more the more
 * days they checked in during the week before. It also keeps seeding fast: every check-in costs
 * a transaction's worth of queries, and enrolling all ~390 members would mean ~1,400 of them.
 */
const SIGN_UP_ANYONE = 0.1;
const SIGN_UP_BY_WEEK_ACTIVITY = 0.6;
const DAYS_IN_WEEK = 7;
/** Sign-ups draw from a stream of their own, not a replay of the simulation's first draws. */
const SIGN_UP_STREAM = 0x63616d70;
/** What a member posts to check in; posted after the window closes, the bot refuses it and it stays a chat message. */
const CHECKIN_KEYWORD = '打卡';

export interface DemoCampSpec {
  seed: number;
  startDay: EpochDay;
  timezone: string;
  now: number;
  /** When staff create the camp and enrol the sign-ups already in the groups. */
  createdAt: number;
}

export interface DemoCampCheckin {
  externalId: string;
  /** The instant the check-in is made: inside the window for one on its day. */
  at: number;
  /** `chat`: the member posted 打卡 in the group; `api`: an assistant records a make-up for them. */
  source: 'chat' | 'api';
  /** Makes seeding again replay the check-in instead of adding one. */
  idempotencyKey: string;
  /** Present for a make-up (补卡): the missed day it fills. */
  makeUpDay?: EpochDay;
}

export interface DemoCampPlan {
  /** The simulated events left for ingest. */
  events: ImportedEvent[];
  /** Who is enrolled when, earliest first: sign-ups there at creation, later joiners when they join. */
  enrolments: Array<{ at: number; externalIds: string[] }>;
  /** Check-ins in time order, in rounds that hold a member at most once, so a round can be recorded at once. */
  rounds: DemoCampCheckin[][];
}

/** The demo camp's spec for a simulation ending on `today`. */
export function demoCampSpec(seed: number, today: EpochDay, timezone: string, now: number): DemoCampSpec {
  const startDay = today - DEMO_CAMP_DAYS_BEFORE_TODAY;
  const { window } = CAMP_TEMPLATES[DEMO_CAMP_TEMPLATE];
  return {
    seed,
    startDay,
    timezone,
    now,
    createdAt: campDayInstant(window, timezone, startDay - 1, CREATED_AT_MINUTE),
  };
}

/**
 * Splits the simulation between ingest and the camp. Each simulated check-in of an enrolled member
 * on a camp day becomes a chat check-in at the same instant when it falls inside the window. One
 * after the window stays in the chat as the refused 打卡 message, and the next day at the same
 * time an assistant asks for a make-up — which the camp grants while the member has a card left
 * (its service decides, as it would for staff).
 *
 * @example
 * const plan = planDemoCamp(simulateDemo(spec), demoCampSpec(spec.seed, spec.endDay, spec.timezone, spec.now));
 * plan.rounds.flat().length // ≈ 650 check-ins and make-ups over 11 days
 */
export function planDemoCamp(demo: DemoCommunity, spec: DemoCampSpec): DemoCampPlan {
  const { window, lengthDays } = CAMP_TEMPLATES[DEMO_CAMP_TEMPLATE];
  const enrolments = enrolmentsOf(demo, spec);
  const enrolled = new Set(enrolments.flatMap((e) => e.externalIds));
  const events: ImportedEvent[] = [];
  const checkins: DemoCampCheckin[] = [];
  for (const event of demo.events) {
    const place = placeInstant(window, spec.timezone, event.occurredAt);
    const campDay = place.windowDay ?? place.localDay;
    const forCamp =
      event.kind === 'checkin' &&
      enrolled.has(event.author.externalId) &&
      campDay >= spec.startDay &&
      campDay < spec.startDay + lengthDays;
    if (!forCamp) {
      events.push(event);
      continue;
    }
    const checkin = {
      externalId: event.author.externalId,
      idempotencyKey: chatCheckinKey(DEMO_PLATFORM, event.sourceId),
    };
    if (place.windowDay !== null) {
      checkins.push({ ...checkin, at: event.occurredAt, source: 'chat' });
      continue;
    }
    events.push({ ...event, kind: 'message', text: CHECKIN_KEYWORD });
    const makeUpAt = campDayInstant(window, spec.timezone, place.localDay + 1, place.minute);
    if (makeUpAt <= spec.now)
      checkins.push({
        ...checkin,
        idempotencyKey: `makeup:${checkin.idempotencyKey}`,
        at: makeUpAt,
        source: 'api',
        makeUpDay: place.localDay,
      });
  }
  return { events, enrolments, rounds: roundsOf(checkins, spec.timezone) };
}

/**
 * The members (not staff) who sign up, enrolled when the camp is created or, joining the group
 * later, when they join. Members who left before the camp do not sign up.
 */
function enrolmentsOf(demo: DemoCommunity, spec: DemoCampSpec): DemoCampPlan['enrolments'] {
  const staff = new Set(demo.staff.map((s) => s.externalId));
  const dayOf = createDayResolver(spec.timezone);
  const joinedAt = new Map<string, number>();
  const left = new Set<string>();
  const activeDays = new Map<string, Set<number>>();
  for (const event of demo.events) {
    const id = event.author.externalId;
    if (staff.has(id)) continue;
    if (event.kind === 'join') joinedAt.set(id, event.occurredAt);
    if (event.kind === 'leave' && event.occurredAt <= spec.createdAt) left.add(id);
    const day = dayOf(event.occurredAt);
    if (event.kind === 'checkin' && day < spec.startDay && day >= spec.startDay - DAYS_IN_WEEK)
      activeDays.set(id, (activeDays.get(id) ?? new Set()).add(day));
  }
  const random = mulberry32(spec.seed ^ SIGN_UP_STREAM);
  const byInstant = new Map<number, string[]>();
  for (const [id, at] of joinedAt) {
    const weekActivity = (activeDays.get(id)?.size ?? 0) / DAYS_IN_WEEK;
    // Drawn for leavers too, so whether one left never shifts the others' draws.
    const signsUp = random() < SIGN_UP_ANYONE + SIGN_UP_BY_WEEK_ACTIVITY * weekActivity;
    if (!signsUp || left.has(id)) continue;
    const enrolledAt = Math.max(at, spec.createdAt);
    byInstant.set(enrolledAt, [...(byInstant.get(enrolledAt) ?? []), id]);
  }
  return [...byInstant].sort(([a], [b]) => a - b).map(([at, externalIds]) => ({ at, externalIds }));
}

/**
 * Consecutive check-ins of one local day and source form a round: the morning's chat check-ins,
 * then the make-ups after the window has closed. The simulation gives a member at most one
 * check-in a day, so no member is twice in a round.
 */
function roundsOf(checkins: DemoCampCheckin[], timezone: string): DemoCampCheckin[][] {
  const dayOf = createDayResolver(timezone);
  const rounds: DemoCampCheckin[][] = [];
  let roundKey = '';
  for (const checkin of [...checkins].sort((a, b) => a.at - b.at)) {
    const key = `${dayOf(checkin.at)}:${checkin.source}`;
    if (key !== roundKey) rounds.push([]);
    roundKey = key;
    rounds[rounds.length - 1].push(checkin);
  }
  return rounds;
}
