import type { Executor } from '../../kernel/db/database.js';
import type { MergeJournal } from '../../members/identities/merge-journal.service.js';

/** Why a check-in was voided by a merge (the member checked in twice that day, as two accounts). */
export const MERGE_VOID_REASON = 'merged: another check-in of the same member that day';

type CheckinRow = { id: number; camp_id: number; day: number; at: number; voided_at: number | null };

/** A member's camp rows, each read when asked for (in order, on the merge's one connection). */
const rowsOf = (db: Executor, memberId: number) => ({
  enrolments: () =>
    db.selectFrom('camp_enrolments').selectAll().where('member_id', '=', memberId).orderBy('id').execute(),
  checkins: () =>
    db
      .selectFrom('checkins')
      .select(['id', 'camp_id', 'day', 'at', 'voided_at', 'void_reason', 'voided_by'])
      .where('member_id', '=', memberId)
      .orderBy('id')
      .execute(),
  points: () => db.selectFrom('points_ledger').select(['id', 'checkin_id']).where('member_id', '=', memberId).execute(),
  badges: () =>
    db.selectFrom('camp_badges').select(['id', 'camp_id', 'code']).where('member_id', '=', memberId).execute(),
  grants: () =>
    db
      .selectFrom('camp_milestone_grants')
      .select(['camp_id', 'milestone_day'])
      .where('member_id', '=', memberId)
      .execute(),
  roleModels: () =>
    db.selectFrom('camp_role_models').select(['camp_id', 'day', 'rank']).where('member_id', '=', memberId).execute(),
});

/** The check-in kept of two on one camp day: one not voided, then the earlier. */
function keeps(a: CheckinRow, b: CheckinRow): boolean {
  if ((a.voided_at === null) !== (b.voided_at === null)) return a.voided_at === null;
  return a.at <= b.at;
}

/**
 * Camps' part of a member merge (members' `MemberMergeHook`, wired in server/features.ts), in
 * the merge's transaction and journal (docs/identities.md):
 * - enrolments move; where both are enrolled in a camp the survivor's stays and the merged
 *   member's is removed (its personal link is retired: it answers 404 until the merge is undone);
 * - check-ins move; where both checked in on the same camp day, the one kept is the one not
 *   voided, then the earlier; the other is voided (reason `merged…`) and stays with the merged
 *   member, so the survivor's streak counts the day once;
 * - points follow their check-in (so the voided one's do not count), the rest move;
 * - badges, milestone grants and role-model places move unless the survivor holds the same one.
 */
export async function mergeCampRows(journal: MergeJournal): Promise<void> {
  const { trx, context } = journal;
  const { survivorId, mergedId, now } = context;
  const ours = rowsOf(trx, survivorId);
  const theirs = rowsOf(trx, mergedId);

  const enrolledCamps = new Set((await ours.enrolments()).map((e) => e.camp_id));
  const theirEnrolments = await theirs.enrolments();
  await journal.remove(
    'camp_enrolments',
    theirEnrolments.filter((e) => enrolledCamps.has(e.camp_id)),
    ['id'],
  );
  await journal.move(
    'camp_enrolments',
    theirEnrolments.filter((e) => !enrolledCamps.has(e.camp_id)).map((e) => ({ id: e.id })),
  );

  const ourCheckins = new Map((await ours.checkins()).map((c) => [`${c.camp_id}:${c.day}`, c]));
  const move: number[] = [];
  const lostByThem = new Set<number>();
  const lostByUs = new Set<number>();
  const voided = { voided_at: now, void_reason: MERGE_VOID_REASON, voided_by: null };
  for (const c of await theirs.checkins()) {
    const own = ourCheckins.get(`${c.camp_id}:${c.day}`);
    if (!own) {
      move.push(c.id);
    } else if (keeps(own, c)) {
      lostByThem.add(c.id);
      if (c.voided_at === null)
        await journal.set(
          'checkins',
          { id: c.id },
          { voided_at: null, void_reason: c.void_reason, voided_by: c.voided_by },
          voided,
        );
    } else {
      // Theirs is kept: the two rows change members, by way of a day no check-in has (unique per day).
      lostByUs.add(own.id);
      const parked = -1 - own.day;
      await journal.set('checkins', { id: own.id }, { day: own.day }, { day: parked });
      await journal.move('checkins', [{ id: c.id }]);
      await journal.set(
        'checkins',
        { id: own.id },
        {
          member_id: survivorId,
          day: parked,
          voided_at: own.voided_at,
          void_reason: own.void_reason,
          voided_by: own.voided_by,
        },
        own.voided_at === null
          ? { member_id: mergedId, day: own.day, ...voided }
          : { member_id: mergedId, day: own.day },
      );
    }
  }
  await journal.move(
    'checkins',
    move.map((id) => ({ id })),
  );

  const ourPoints = await ours.points();
  await journal.move(
    'points_ledger',
    (await theirs.points())
      .filter((p) => p.checkin_id === null || !lostByThem.has(p.checkin_id))
      .map((p) => ({ id: p.id })),
  );
  await journal.move(
    'points_ledger',
    ourPoints.filter((p) => p.checkin_id !== null && lostByUs.has(p.checkin_id)).map((p) => ({ id: p.id })),
    { from: survivorId, to: mergedId },
  );

  const badges = new Set((await ours.badges()).map((b) => `${b.camp_id}:${b.code}`));
  await journal.move(
    'camp_badges',
    (await theirs.badges()).filter((b) => !badges.has(`${b.camp_id}:${b.code}`)).map((b) => ({ id: b.id })),
  );
  const grants = new Set((await ours.grants()).map((g) => `${g.camp_id}:${g.milestone_day}`));
  await journal.move(
    'camp_milestone_grants',
    (await theirs.grants())
      .filter((g) => !grants.has(`${g.camp_id}:${g.milestone_day}`))
      .map((g) => ({ camp_id: g.camp_id, milestone_day: g.milestone_day })),
  );
  const places = new Set((await ours.roleModels()).map((r) => `${r.camp_id}:${r.day}`));
  await journal.move(
    'camp_role_models',
    (await theirs.roleModels())
      .filter((r) => !places.has(`${r.camp_id}:${r.day}`))
      .map((r) => ({ camp_id: r.camp_id, day: r.day, rank: r.rank })),
  );
}
