import { sql } from 'kysely';
import type { Executor } from '../../kernel/db/database.js';

/** Marks the community's member figures out of date; in the transaction that changed its events. */
export async function markFigures(db: Executor, communityId: number): Promise<void> {
  await db
    .insertInto('member_figure_marks')
    .values({ community_id: communityId, version: 1 })
    .onConflict((oc) => oc.column('community_id').doUpdateSet({ version: sql`member_figure_marks.version + 1` }))
    .execute();
}

/** The version of the community's mark, or null when its figures are up to date. */
export async function figureMarkVersion(db: Executor, communityId: number): Promise<number | null> {
  const row = await db
    .selectFrom('member_figure_marks')
    .select('version')
    .where('community_id', '=', communityId)
    .executeTakeFirst();
  return row ? Number(row.version) : null;
}

/** Clears the mark if no append bumped it since `version` was read. */
export async function clearFigureMark(db: Executor, communityId: number, version: number): Promise<void> {
  await db
    .deleteFrom('member_figure_marks')
    .where('community_id', '=', communityId)
    .where('version', '=', version)
    .execute();
}

/** Every community marked out of date. */
export async function markedCommunities(db: Executor): Promise<number[]> {
  const rows = await db.selectFrom('member_figure_marks').select('community_id').orderBy('community_id').execute();
  return rows.map((r) => Number(r.community_id));
}
