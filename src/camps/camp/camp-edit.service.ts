import type { Db } from '../../kernel/db/database.js';
import type { Community } from '../../kernel/db/schema.js';
import { ConflictError } from '../../kernel/errors.js';
import { dayToIso, isoToDay } from '../../kernel/time/local-day.js';
import * as repo from './camp.repo.js';
import { applyCampOverrides, type CampOverrides, type CampTemplate } from './camp.rules.js';
import { campColumns, campConfig, getCamp, requireCamp, requireGroups } from './camp.service.js';

export interface UpdateCampInput extends CampOverrides {
  startDate?: string;
  groupIds?: number[];
}

/**
 * Edits a camp with the fields a camp is created with, checked by the same rules (the stored camp
 * takes the template's place as the base). Dates may move only while every stored check-in —
 * voided ones included, they are on record — still falls inside the camp: a check-in outside it
 * would count for no camp day, so such an edit is refused with a 409 naming the days to keep.
 */
export async function updateCamp(db: Db, community: Community, campId: number, input: UpdateCampInput) {
  const row = await requireCamp(db, community, campId);
  const stored = campConfig(row);
  const base: CampTemplate = {
    name: row.name,
    lengthDays: row.length_days,
    window: stored.window,
    content: stored.content,
    rules: stored.rules,
    settings: stored.settings,
  };
  const camp = applyCampOverrides(base, input);
  const startDay = input.startDate === undefined ? row.start_day : isoToDay(input.startDate, 'startDate');
  const groupIds = input.groupIds === undefined ? undefined : [...new Set(input.groupIds)];
  if (groupIds) await requireGroups(db, community.id, groupIds);
  await db.transaction().execute(async (trx) => {
    // Checked inside the transaction: a check-in arriving meanwhile is either seen here or refused by the new dates.
    const { first, last } = await repo.checkinDayRange(trx, campId);
    const lastDay = startDay + camp.lengthDays - 1;
    if (first !== null && last !== null && (first < startDay || last > lastDay)) {
      throw new ConflictError(
        `check-ins are stored from ${dayToIso(first)} to ${dayToIso(last)}; the camp must still cover those days ` +
          `(start on or before ${dayToIso(first)}, end on or after ${dayToIso(last)}), but it would run ${dayToIso(startDay)} to ${dayToIso(lastDay)}`,
      );
    }
    await repo.updateCampRow(trx, campId, campColumns(camp, startDay));
    if (groupIds) await repo.replaceCampGroups(trx, campId, groupIds);
  });
  return getCamp(db, community, campId);
}
