import { type Kysely, sql } from 'kysely';
import { columnTypes, notNull, type DialectName } from '../dialect.js';

/**
 * Durable "member figures out of date" marks, one per community, written in the transaction that
 * appends its events: a process that dies between an import's commit and the refresh of tiers
 * and totals leaves the mark, and the next start or schedule tick refreshes the community.
 * Every existing community starts marked, so figures left stale by such a crash heal on upgrade.
 * An import also records how many stored events it repaired (a corrected re-export's texts).
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable('member_figure_marks')
    .addColumn('community_id', t.bigint, (c) => c.primaryKey().references('communities.id').onDelete('cascade'))
    /** Bumped by every append; a refresh clears the mark only if it is still the version it read. */
    .addColumn('version', t.bigint, notNull)
    .execute();
  await db.schema
    .alterTable('imports')
    .addColumn('events_repaired', t.bigint, (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`insert into member_figure_marks (community_id, version) select id, 1 from communities`.execute(db);
}
