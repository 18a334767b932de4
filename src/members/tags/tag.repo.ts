import type { Executor } from '../../kernel/db/database.js';

const CHUNK = 500;

/** Which of `ids` are members of the community. */
export async function membersAmong(db: Executor, communityId: number, ids: number[]): Promise<Set<number>> {
  const found = new Set<number>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('members')
      .select('id')
      .where('community_id', '=', communityId)
      .where('id', 'in', ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) found.add(Number(r.id));
  }
  return found;
}

/**
 * Tags members by hand. A rule tag of the same name becomes manual, so it stays when the behaviour
 * behind it stops. Returns how many members' tags changed.
 */
export async function addManualTag(
  db: Executor,
  communityId: number,
  tag: string,
  ids: number[],
  now: number,
): Promise<number> {
  let changed = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const result = await db
      .insertInto('member_tags')
      .values(
        ids
          .slice(i, i + CHUNK)
          .map((id) => ({ community_id: communityId, member_id: id, tag, source: 'manual', created_at: now })),
      )
      .onConflict((oc) =>
        oc.columns(['member_id', 'tag']).doUpdateSet({ source: 'manual' }).where('member_tags.source', '<>', 'manual'),
      )
      .executeTakeFirst();
    changed += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return changed;
}

/** Removes a manual tag; rule tags follow behaviour and are left to the next refresh. */
export async function removeManualTag(db: Executor, communityId: number, tag: string, ids: number[]): Promise<number> {
  let changed = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const result = await db
      .deleteFrom('member_tags')
      .where('community_id', '=', communityId)
      .where('tag', '=', tag)
      .where('source', '=', 'manual')
      .where('member_id', 'in', ids.slice(i, i + CHUNK))
      .executeTakeFirst();
    changed += Number(result.numDeletedRows);
  }
  return changed;
}

/** Every tag in use with how many members carry it, most used first. */
export async function tagCounts(db: Executor, communityId: number, groupId?: number) {
  let query = db
    .selectFrom('member_tags as t')
    .select(['t.tag', 't.source', (eb) => eb.fn.countAll<number>().as('members')])
    .where('t.community_id', '=', communityId)
    .groupBy(['t.tag', 't.source'])
    .orderBy('members', 'desc')
    .orderBy('t.tag');
  if (groupId !== undefined)
    query = query.where(
      't.member_id',
      'in',
      db.selectFrom('memberships').select('member_id').where('group_id', '=', groupId),
    );
  const rows = await query.execute();
  return rows.map((r) => ({ tag: r.tag, source: r.source, members: Number(r.members) }));
}
