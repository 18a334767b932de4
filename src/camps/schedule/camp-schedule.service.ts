import type { Transaction } from 'kysely';
import { parseSettings } from '../../kernel/db/community-settings.js';
import type { DatabaseHandle } from '../../kernel/db/database.js';
import type { CampRow } from '../../kernel/db/schema-camps.js';
import type { Community, Database } from '../../kernel/db/schema.js';
import { enqueue, enqueuedKeys } from '../../kernel/outbox/outbox.service.js';
import { localDay, MS_PER_DAY } from '../../kernel/time/local-day.js';
import { listBlacklist } from '../../members/roles/blacklist.service.js';
import * as repo from './camp-schedule.repo.js';
import { communityLocale, dueActions, praiseTimeOf } from './camp-schedule.rules.js';
import { formatClock } from '../camp/camp.rules.js';
import { campConfig, type CampConfig } from '../camp/camp.service.js';
import type { Locale } from '../rewards/rewards.messages.js';
import { campDayNumber, outboxKeys, praiseText, reminderRecipients, reminderText } from './reminders.rules.js';
import { freezeRoleModels, type RoleModelView } from '../leaderboard/role-models.service.js';

/** Outbox kinds of the camp schedule. */
export const CAMP_OUTBOX_KINDS = { reminder: 'camp.reminder', praise: 'camp.praise' } as const;

/** The praise goes to each of the camp's groups: one key per camp, day and group. */
export const praiseKey = (campId: number, day: number, groupId: number) =>
  `${outboxKeys.praise(campId, day)}:${groupId}`;

export interface ScheduleRun {
  /** Camps with a reminder or praise due this run. */
  camps: number;
  /** Items newly enqueued (0 on a second run in the same minute). */
  reminders: number;
  praises: number;
  /** Camps whose run failed; the others still ran. */
  failed: number;
}

export interface ScheduleOptions {
  /** Told about a camp whose run failed (the error may quote data: log its class only). */
  onError?: (campId: number, error: unknown) => void;
}

/**
 * One run of the camps' daily schedule, meant to be called every minute: for every camp whose
 * reminder or praise is due at `now` in its community's zone (camp-schedule.rules dueActions),
 * enqueues the reminders for enrolled members who have not checked in (not opted out, not
 * blacklisted), and one praise message per camp group naming the day's finishers and role models
 * (none on a day nobody checked in). Each camp's items are enqueued in one transaction under
 * idempotency keys, so running twice, or in two processes at once, never enqueues twice.
 *
 * @example
 * await runCampSchedule(handle, Date.now()); // { camps: 1, reminders: 12, praises: 0, failed: 0 }
 */
export async function runCampSchedule(
  handle: DatabaseHandle,
  now: number,
  options: ScheduleOptions = {},
): Promise<ScheduleRun> {
  const run: ScheduleRun = { camps: 0, reminders: 0, praises: 0, failed: 0 };
  // Any zone's local day is within a day of the UTC one; two days either side covers windows past midnight.
  const utcDay = Math.floor(now / MS_PER_DAY);
  const camps = await repo.campsAround(handle.db, utcDay - 2, utcDay + 2);
  const due: Array<{ camp: CampRow; config: CampConfig; reminderDay: number | null; praiseDay: number | null }> = [];
  for (const { timezone, ...camp } of camps) {
    try {
      const config = campConfig(camp);
      const actions = dueActions(
        {
          startDay: camp.start_day,
          lengthDays: camp.length_days,
          window: config.window,
          reminderTime: config.settings.reminderTime ?? null,
          praiseTime: praiseTimeOf(camp.template, config.settings),
        },
        timezone,
        localDay(timezone, now),
        now,
      );
      if (actions.reminderDay !== null || actions.praiseDay !== null) due.push({ camp, config, ...actions });
    } catch (error) {
      // A camp with damaged settings must not hold up every other camp's reminders.
      run.failed++;
      options.onError?.(camp.id, error);
    }
  }
  const communities = new Map(
    (await repo.communitiesByIds(handle.db, [...new Set(due.map((c) => c.camp.community_id))])).map((k) => [k.id, k]),
  );
  for (const { camp, config, reminderDay, praiseDay } of due) {
    run.camps++;
    try {
      const done = await runCamp(
        handle,
        communities.get(camp.community_id)!,
        camp,
        config,
        reminderDay,
        praiseDay,
        now,
      );
      run.reminders += done.reminders;
      run.praises += done.praises;
    } catch (error) {
      run.failed++;
      options.onError?.(camp.id, error);
    }
  }
  return run;
}

async function runCamp(
  handle: DatabaseHandle,
  community: Community,
  camp: CampRow,
  config: CampConfig,
  reminderDay: number | null,
  praiseDay: number | null,
  now: number,
) {
  const locale = communityLocale(parseSettings(community.settings));
  // Role models are frozen before the praise is enqueued (in their own transaction, idempotent),
  // so the names announced are the ones the member pages keep showing; a crash in between is
  // repaired by the next run, which finds them frozen and enqueues the praise.
  let praise: { day: number; groups: Array<{ id: number; platform: string }>; roleModels: RoleModelView[] } | null =
    null;
  if (praiseDay !== null) {
    const groups = await repo.campGroups(handle.db, camp.id);
    const taken = await enqueuedKeys(
      handle.db,
      community.id,
      groups.map((g) => praiseKey(camp.id, praiseDay, g.id)),
    );
    const open = groups.filter((g) => !taken.has(praiseKey(camp.id, praiseDay, g.id)));
    if (open.length > 0 && (await repo.finishersOn(handle.db, camp.id, praiseDay)) > 0) {
      praise = {
        day: praiseDay,
        groups: open,
        roleModels: await freezeRoleModels(handle.db, community, camp, praiseDay, now),
      };
    }
  }
  return handle.db.transaction().execute(async (trx) => {
    const reminders =
      reminderDay === null ? 0 : await enqueueReminders(trx, community, camp, config, reminderDay, locale, now);
    const praises = praise === null ? 0 : await enqueuePraise(trx, community, camp, praise, locale, now);
    return { reminders, praises };
  });
}

async function enqueueReminders(
  trx: Transaction<Database>,
  community: Community,
  camp: CampRow,
  config: CampConfig,
  day: number,
  locale: Locale,
  now: number,
): Promise<number> {
  const [candidates, blacklist, finishers] = await Promise.all([
    repo.reminderCandidates(trx, camp.id, day),
    listBlacklist(trx, community.id, { activeOnly: true }),
    repo.finishersOn(trx, camp.id, day),
  ]);
  const blacklisted = new Set(blacklist.map((e) => e.memberId));
  const campRun = { id: camp.id, startDay: camp.start_day, lengthDays: camp.length_days };
  const recipients = reminderRecipients(
    campRun,
    candidates.map((c) => ({
      memberId: c.member_id,
      enrolled: true,
      optedOutOfReminders: c.opted_out_of_reminders === 1,
      blacklisted: blacklisted.has(c.member_id),
      checkedInToday: Boolean(c.checked_in),
    })),
    day,
  );
  const byId = new Map(candidates.map((c) => [c.member_id, c]));
  let added = 0;
  for (const memberId of recipients) {
    const candidate = byId.get(memberId)!;
    const text = reminderText(locale, {
      memberName: candidate.display_name,
      campName: camp.name,
      dayNumber: campDayNumber(campRun, day)!,
      lengthDays: camp.length_days,
      finishersToday: finishers,
      deadline: formatClock(config.window.end),
    });
    const item = {
      communityId: community.id,
      key: outboxKeys.reminder(camp.id, memberId, day),
      kind: CAMP_OUTBOX_KINDS.reminder,
      locale,
      text,
    };
    if (
      await enqueue(
        trx,
        { ...item, target: { platform: candidate.platform, memberId }, payload: { campId: camp.id, day } },
        now,
      )
    )
      added++;
  }
  return added;
}

async function enqueuePraise(
  trx: Transaction<Database>,
  community: Community,
  camp: CampRow,
  praise: { day: number; groups: Array<{ id: number; platform: string }>; roleModels: RoleModelView[] },
  locale: Locale,
  now: number,
): Promise<number> {
  const [finishers, enrolled] = await Promise.all([
    repo.finishersOn(trx, camp.id, praise.day),
    repo.enrolledCount(trx, camp.id),
  ]);
  const text = praiseText(locale, {
    campName: camp.name,
    dayNumber: campDayNumber({ id: camp.id, startDay: camp.start_day, lengthDays: camp.length_days }, praise.day)!,
    lengthDays: camp.length_days,
    finishersToday: finishers,
    enrolled,
    roleModels: praise.roleModels.map((r) => ({ name: r.displayName, roleModel: r })),
  });
  if (text === null) return 0;
  let added = 0;
  for (const group of praise.groups) {
    const item = {
      communityId: community.id,
      key: praiseKey(camp.id, praise.day, group.id),
      kind: CAMP_OUTBOX_KINDS.praise,
      locale,
      text,
    };
    if (
      await enqueue(
        trx,
        {
          ...item,
          target: { platform: group.platform, groupId: group.id },
          payload: { campId: camp.id, day: praise.day },
        },
        now,
      )
    )
      added++;
  }
  return added;
}
