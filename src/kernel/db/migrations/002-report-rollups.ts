import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import { columnTypes, notNull, zero, type DialectName } from '../dialect.js';

/**
 * What the report needs to read thousands of rows rather than millions at 10M events:
 * - `member_months`, messages and check-ins per member and calendar month (see
 *   event-log/months.ts), filled here from `member_days`;
 * - the community's first and last event day, kept at ingest, which the events index on
 *   (community_id, day) existed for: that index is dropped, one less to maintain per event;
 * - questions in order of time to answer, so the report counts them per answer time (median and
 *   percentiles included) without sorting them.
 * `events_member_time_idx` no longer exists in 001; databases created before still have it.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);

  await withoutRowid(
    db.schema
      .createTable('member_months')
      .addColumn('community_id', t.bigint, notNull)
      .addColumn('member_id', t.bigint, notNull)
      .addColumn('month', 'integer', notNull)
      .addColumn('messages', 'integer', zero)
      .addColumn('checkins', 'integer', zero)
      .addPrimaryKeyConstraint('member_months_pk', ['community_id', 'member_id', 'month']),
    dialect,
  ).execute();
  const date = dialect === 'sqlite' ? sql`day * 86400, 'unixepoch'` : sql``;
  const month =
    dialect === 'sqlite'
      ? sql`(cast(strftime('%Y', ${date}) as integer) - 1970) * 12 + cast(strftime('%m', ${date}) as integer) - 1`
      : sql`(cast(extract(year from date '1970-01-01' + day) as integer) - 1970) * 12 + cast(extract(month from date '1970-01-01' + day) as integer) - 1`;
  await sql`
    insert into member_months (community_id, member_id, month, messages, checkins)
    select community_id, member_id, month, sum(messages), sum(checkins)
      from (select community_id, member_id, ${month} as month, messages, checkins from member_days) days
     group by community_id, member_id, month`.execute(db);

  await db.schema.alterTable('communities').addColumn('first_day', 'integer').execute();
  await db.schema.alterTable('communities').addColumn('last_day', 'integer').execute();
  // Two subqueries, each an index-ordered lookup while events_community_day_idx still exists.
  await sql`
    update communities
       set first_day = (select min(day) from events where events.community_id = communities.id),
           last_day = (select max(day) from events where events.community_id = communities.id)`.execute(db);
  await db.schema.dropIndex('events_community_day_idx').execute();
  await db.schema.dropIndex('events_member_time_idx').ifExists().execute();

  await db.schema
    .createIndex('questions_community_answer_idx')
    .on('questions')
    .columns(['community_id', 'answer_ms', 'day'])
    .execute();
}

/** SQLite stores a table keyed by its primary key alone, without a separate rowid b-tree. */
function withoutRowid<T extends string, C extends string>(table: CreateTableBuilder<T, C>, dialect: DialectName) {
  return dialect === 'sqlite' ? table.modifyEnd(sql`without rowid`) : table;
}
