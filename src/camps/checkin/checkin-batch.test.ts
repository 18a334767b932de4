import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { seedJoinedMembers } from '../../../test/support/shequn-process.js';
import { findCommunityBySlug } from '../../communities/community.repo.js';
import { NotFoundError } from '../../kernel/errors.js';
import { isoToDay } from '../../kernel/time/local-day.js';
import { createCamp, enrolMembers } from '../camp/camp.service.js';
import { checkInByToken, type CheckinOutcome } from './checkin.service.js';

const DAY = 86_400_000;
const MEMBERS = 60;
/** A member of the third third outside the big batch, whose retried check-in earns points, a milestone and a badge. */
const RETRYING = MEMBERS + 3;

/**
 * Check-ins arriving together, so they share one batch (on PostgreSQL: one transaction running
 * them side by side, their queries coalesced). Members fall in three thirds by their record: none
 * yet; a check-in yesterday (today is day 2 of a streak and the second completed day: milestone
 * 2); a check-in on the camp's first day only (today, after 4 missed days, earns `comeback`, and
 * is the second completed day too).
 */
describe.each(databaseKinds)('check-ins in one batch on %s', (_kind, open) => {
  let store: TestDatabase;
  let campId: number;
  let tokens: string[];
  let today: number;
  const now = Date.now();

  const created = (outcome: CheckinOutcome) => {
    if (outcome.status === 'rejected') throw new Error(`check-in refused: ${outcome.code}`);
    return outcome;
  };

  beforeAll(async () => {
    store = await open();
    const seeded = await seedJoinedMembers(store, 'batch', MEMBERS + 10, 'UTC');
    today = isoToDay(seeded.today);
    const community = (await findCommunityBySlug(store.db, 'batch'))!;
    const group = await store.db
      .selectFrom('groups')
      .select('id')
      .where('community_id', '=', community.id)
      .executeTakeFirstOrThrow();
    const start = new Date(now - 5 * DAY).toISOString().slice(0, 10);
    const camp = await createCamp(
      store.db,
      community,
      {
        template: 'custom',
        startDate: start,
        lengthDays: 21,
        window: { start: '00:00', end: '24:00' },
        settings: { milestones: [2] },
      },
      now,
    );
    campId = camp.id;
    const enrolled = await enrolMembers(store.db, community, campId, { groupId: group.id }, now);
    tokens = enrolled.members.map((m) => m.link.replace(/^.*\/m\//, ''));
    // One at a time, before the batch: the records the thirds start from.
    for (let i = 0; i < MEMBERS; i++) {
      if (i % 3 === 1) created(await checkInByToken(store, tokens[i], { text: 'yesterday' }, now - DAY));
      if (i % 3 === 2) created(await checkInByToken(store, tokens[i], { text: 'first day' }, now - 5 * DAY));
    }
    created(await checkInByToken(store, tokens[RETRYING], { text: 'first day' }, now - 5 * DAY));
  });
  afterAll(async () => {
    await store?.dispose();
  });

  it('stores each of many concurrent check-ins once, with its own streak, points, milestones and badges', async () => {
    // Each with its own idempotency key, as the member page sends them.
    const outcomes = (
      await Promise.all(
        tokens
          .slice(0, MEMBERS)
          .map((token, i) => checkInByToken(store, token, { text: `batch ${i}`, idempotencyKey: `page-${i}` }, now)),
      )
    ).map(created);
    outcomes.forEach((outcome, i) => {
      expect(outcome.status).toBe('created');
      expect(outcome.checkin.text).toBe(`batch ${i}`);
      const expected = [
        { currentStreak: 1, points: 10, milestones: [], badges: [] },
        { currentStreak: 2, points: 20, milestones: [2], badges: [] },
        { currentStreak: 1, points: 20, milestones: [2], badges: ['comeback'] },
      ][i % 3];
      expect({ currentStreak: outcome.streak.currentStreak, ...outcome.rewards }).toEqual(expected);
    });
    const ids = outcomes.map((o) => o.checkin.id);
    expect(new Set(ids).size).toBe(MEMBERS);
    const stored = await store.db
      .selectFrom('checkins')
      .select(['id', 'member_id', 'text'])
      .where('camp_id', '=', campId)
      .where('day', '=', today)
      .execute();
    expect(stored.map((r) => r.text).sort()).toEqual(outcomes.map((o) => o.checkin.text).sort());
    // What each answer says it earned is what its transaction stored, nothing twice.
    const ledger = await store.db
      .selectFrom('points_ledger')
      .select(['checkin_id', 'points'])
      .where('checkin_id', 'in', ids)
      .execute();
    const badges = await store.db
      .selectFrom('camp_badges')
      .select(['checkin_id', 'code'])
      .where('checkin_id', 'in', ids)
      .execute();
    const events = await store.db
      .selectFrom('events')
      .select('source_id')
      .where(
        'source_id',
        'in',
        ids.map((id) => `checkin:${id}`),
      )
      .execute();
    expect(events).toHaveLength(MEMBERS);
    for (const outcome of outcomes) {
      const own = <R extends { checkin_id: number | null }>(rows: R[]) =>
        rows.filter((r) => Number(r.checkin_id) === outcome.checkin.id);
      expect(own(ledger).reduce((sum, r) => sum + Number(r.points), 0)).toBe(outcome.rewards.points);
      expect(own(badges).map((r) => r.code)).toEqual(outcome.rewards.badges);
    }
    const day = await store.db
      .selectFrom('community_days')
      .select('checkins')
      .where('day', '=', today)
      .executeTakeFirst();
    expect(Number(day?.checkins)).toBe(MEMBERS);
  });

  it('stores one of two concurrent check-ins of a member on one day and refuses the other as already checked in', async () => {
    const token = tokens[MEMBERS];
    const outcomes = await Promise.all([
      checkInByToken(store, token, { text: 'tab one' }, now),
      checkInByToken(store, token, { text: 'tab two' }, now),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['created', 'rejected']);
    expect(outcomes[1]).toMatchObject({ status: 'rejected', code: 'ALREADY_CHECKED_IN' });
    const memberId = outcomes[0].status === 'created' ? outcomes[0].checkin.memberId : -1;
    const stored = await store.db
      .selectFrom('checkins')
      .select('text')
      .where('camp_id', '=', campId)
      .where('member_id', '=', memberId)
      .execute();
    expect(stored).toEqual([{ text: 'tab one' }]);
  });

  it('answers a concurrent retry with the same idempotency key as a replay of the first, with everything it earned', async () => {
    const send = () => checkInByToken(store, tokens[RETRYING], { text: 'retried', idempotencyKey: 'retry-1' }, now);
    const [first, retry] = await Promise.all([send(), send()]);
    expect(first.status).toBe('created');
    expect(retry.status).toBe('replayed');
    const [a, b] = [first, retry].map(created);
    expect(a.rewards).toEqual({ points: 20, milestones: [2], badges: ['comeback'] });
    // Read back in the first one's transaction: all of what it earned, not what it had stored so far.
    expect(b.rewards).toEqual(a.rewards);
    expect(b.checkin).toEqual(a.checkin);
    expect(b.streak).toEqual(a.streak);
  });

  it('answers an unknown link in a batch with a 404 and stores the others', async () => {
    const batch = [tokens[MEMBERS + 1], 'x'.repeat(32), tokens[MEMBERS + 2]];
    const results = await Promise.allSettled(
      batch.map((token) => checkInByToken(store, token, { text: 'with a stranger' }, now)),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(NotFoundError);
    for (const r of [results[0], results[2]])
      expect((r as PromiseFulfilledResult<CheckinOutcome>).value.status).toBe('created');
    const stored = await store.db
      .selectFrom('checkins')
      .select('id')
      .where('camp_id', '=', campId)
      .where('text', '=', 'with a stranger')
      .execute();
    expect(stored).toHaveLength(2);
  });
});
