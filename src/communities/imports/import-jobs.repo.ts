import type { Db } from '../../kernel/db/database.js';

/** What the import routes show of a recorded import. */
const IMPORT_COLUMNS = [
  'id',
  'format',
  'file_name',
  'started_at',
  'finished_at',
  'events_read',
  'events_inserted',
  'events_repaired',
] as const;

/** Finished imports recorded by `ingestIntoCommunity` (the CLI's as well as uploads). */
export function recentImports(db: Db, communityId: number, limit: number) {
  return db
    .selectFrom('imports')
    .select(IMPORT_COLUMNS)
    .where('community_id', '=', communityId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export function findImport(db: Db, communityId: number, id: number) {
  return db
    .selectFrom('imports')
    .select(IMPORT_COLUMNS)
    .where('community_id', '=', communityId)
    .where('id', '=', id)
    .executeTakeFirst();
}
