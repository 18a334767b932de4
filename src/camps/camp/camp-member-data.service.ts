import { sql, type Transaction } from 'kysely';
import type { Executor } from '../../kernel/db/database.js';
import type { Database } from '../../kernel/db/schema.js';
import { addCount, countDeleted, isoTime, type Scrub, scrubColumn, type TableCounts } from '../../kernel/db/scrub.js';
import { digest, randomSecret } from '../../kernel/crypto/secrets.js';
import { dayToIso } from '../../kernel/time/local-day.js';
import { type MemberDataPart, type MemberDataTarget, REMOVED_TEXT } from '../../members/data/member-data.types.js';
import { badgeName } from '../rewards/camp-rewards.rules.js';

/** The camps a member's rows are in: their photos live under one folder per camp and member. */
async function campsOf(db: Executor, ids: number[]): Promise<number[]> {
  const rows = await db
    .selectFrom('camp_enrolments')
    .select('camp_id')
    .where('member_id', 'in', ids)
    .union(db.selectFrom('checkins').select('camp_id').where('member_id', 'in', ids))
    .execute();
  return [...new Set(rows.map((r) => Number(r.camp_id)))];
}

const photoFolders = (camps: number[], ids: number[]) =>
  camps.flatMap((camp) => ids.map((member) => `checkins/${camp}/${member}/`));

/** The member's check-ins: the copy flags on them or copied from them name them too. */
const checkinIdsOf = (db: Executor, ids: number[]) =>
  db.selectFrom('checkins').select('id').where('member_id', 'in', ids);

/**
 * Camps' part of a member's data rights (members' `MemberDataPart`, wired in server/member-data.ts):
 * enrolments, check-ins with links to their photos, points, badges, milestones, role-model places
 * and copy flags.
 */
export const campMemberData: MemberDataPart = {
  async exportOf(db, { community, memberIds: ids }) {
    const camp = (id: number) => `/api/communities/${community.slug}/camps/${id}`;
    const enrolments = await db
      .selectFrom('camp_enrolments as e')
      .innerJoin('camps as c', 'c.id', 'e.camp_id')
      .select(['c.id', 'c.name', 'c.start_day', 'c.length_days', 'e.enrolled_at', 'e.opted_out_of_reminders'])
      .where('e.member_id', 'in', ids)
      .orderBy('c.id')
      .execute();
    const checkins = await db
      .selectFrom('checkins')
      .selectAll()
      .where('member_id', 'in', ids)
      .orderBy('at')
      .orderBy('id')
      .execute();
    const points = await db
      .selectFrom('points_ledger')
      .select(['camp_id', 'day', 'action', 'points', 'checkin_id', 'created_at'])
      .where('member_id', 'in', ids)
      .orderBy('id')
      .execute();
    const badges = await db.selectFrom('camp_badges').selectAll().where('member_id', 'in', ids).orderBy('id').execute();
    const milestones = await db
      .selectFrom('camp_milestone_grants')
      .selectAll()
      .where('member_id', 'in', ids)
      .orderBy('day')
      .execute();
    const roleModels = await db
      .selectFrom('camp_role_models')
      .select(['camp_id', 'day', 'rank', 'checkin_id', 'reason'])
      .where('member_id', 'in', ids)
      .execute();
    const flags = await db
      .selectFrom('camp_copy_flags')
      .select(['id', 'camp_id', 'checkin_id', 'original_checkin_id', 'status', 'created_at'])
      .where((eb) =>
        eb.or([eb('checkin_id', 'in', checkinIdsOf(db, ids)), eb('original_checkin_id', 'in', checkinIdsOf(db, ids))]),
      )
      .execute();
    return {
      camps: {
        enrolments: enrolments.map((e) => ({
          campId: Number(e.id),
          camp: e.name,
          startDate: dayToIso(Number(e.start_day)),
          lengthDays: Number(e.length_days),
          enrolledAt: isoTime(e.enrolled_at),
          optedOutOfReminders: e.opted_out_of_reminders === 1,
        })),
        checkins: checkins.map((c) => ({
          id: Number(c.id),
          campId: Number(c.camp_id),
          date: dayToIso(Number(c.day)),
          at: isoTime(c.at),
          source: c.source,
          kind: c.kind,
          text: c.text,
          number: c.number,
          link: c.link,
          photo: c.image_path ? `${camp(Number(c.camp_id))}/checkins/${c.id}/image` : null,
          voidedAt: isoTime(c.voided_at),
          voidReason: c.void_reason,
        })),
        points: points.map((p) => ({
          campId: p.camp_id === null ? null : Number(p.camp_id),
          date: dayToIso(Number(p.day)),
          action: p.action,
          points: Number(p.points),
          checkinId: p.checkin_id === null ? null : Number(p.checkin_id),
        })),
        pointsTotal: points.reduce((sum, p) => sum + Number(p.points), 0),
        badges: badges.map((b) => ({
          campId: Number(b.camp_id),
          code: b.code,
          name: badgeName(b.code),
          date: dayToIso(Number(b.day)),
          params: JSON.parse(b.params) as unknown,
        })),
        milestones: milestones.map((m) => ({
          campId: Number(m.camp_id),
          milestoneDay: Number(m.milestone_day),
          date: dayToIso(Number(m.day)),
          points: Number(m.points),
        })),
        roleModelDays: roleModels.map((r) => ({
          campId: Number(r.camp_id),
          date: dayToIso(Number(r.day)),
          rank: Number(r.rank),
          checkinId: Number(r.checkin_id),
          reason: r.reason,
        })),
        copyFlags: flags.map((f) => ({
          id: Number(f.id),
          campId: Number(f.camp_id),
          checkinId: Number(f.checkin_id),
          originalCheckinId: Number(f.original_checkin_id),
          status: f.status,
          createdAt: isoTime(f.created_at),
        })),
      },
    };
  },

  async anonymise(trx, target, scrub) {
    const ids = target.memberIds;
    const counts: TableCounts = {};
    const camps = await campsOf(trx, ids);
    const texts = await trx
      .updateTable('checkins')
      .set((eb) => ({
        text: eb.case().when('text', 'is', null).then(null).else(REMOVED_TEXT).end(),
        link: null,
        image_path: null,
      }))
      .where('member_id', 'in', ids)
      .executeTakeFirst();
    addCount(counts, 'checkins', texts.numUpdatedRows);
    // The personal links stop working: whoever holds one no longer sees the member's page.
    for (const e of await trx.selectFrom('camp_enrolments').select('id').where('member_id', 'in', ids).execute())
      await trx
        .updateTable('camp_enrolments')
        .set({ token_hash: digest(randomSecret()) })
        .where('id', '=', e.id)
        .execute();
    await scrubCamps(trx, target, scrub, counts);
    return { counts, blobPrefixes: photoFolders(camps, ids) };
  },

  async remove(trx, target) {
    const ids = target.memberIds;
    const counts: TableCounts = {};
    const camps = await campsOf(trx, ids);
    const theirCheckins = checkinIdsOf(trx, ids);
    await countDeleted(
      counts,
      'camp_copy_flags',
      trx
        .deleteFrom('camp_copy_flags')
        .where((eb) => eb.or([eb('checkin_id', 'in', theirCheckins), eb('original_checkin_id', 'in', theirCheckins)]))
        .executeTakeFirstOrThrow(),
    );
    for (const table of [
      'camp_role_models',
      'camp_milestone_grants',
      'camp_badges',
      'points_ledger',
      'checkins',
      'camp_enrolments',
    ] as const)
      await countDeleted(
        counts,
        table,
        trx
          .deleteFrom(table as 'checkins')
          .where('member_id', 'in', ids)
          .executeTakeFirstOrThrow(),
      );
    return { counts, blobPrefixes: photoFolders(camps, ids) };
  },
};

/** Others' check-in texts and staff's flag reasons in the community's camps lose the member's names. */
async function scrubCamps(trx: Transaction<Database>, target: MemberDataTarget, scrub: Scrub, counts: TableCounts) {
  const inCommunity = sql`community_id = ${target.community.id}`;
  addCount(counts, 'checkins', await scrubColumn(trx, 'checkins', 'text', inCommunity, scrub));
  addCount(counts, 'checkins', await scrubColumn(trx, 'checkins', 'void_reason', inCommunity, scrub));
  addCount(
    counts,
    'camp_copy_flags',
    await scrubColumn(trx, 'camp_copy_flags', 'resolution_reason', inCommunity, scrub),
  );
}
