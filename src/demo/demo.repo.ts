import type { Executor } from '../kernel/db/database.js';

export async function anyCommunity(db: Executor): Promise<boolean> {
  return (await db.selectFrom('communities').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** Member ids by the demo's external ids, and group ids by theirs. */
export async function demoIds(db: Executor, communityId: number, platform: string) {
  const [members, groups] = await Promise.all([
    db
      .selectFrom('identities')
      .select(['external_id', 'member_id'])
      .where('community_id', '=', communityId)
      .where('platform', '=', platform)
      .execute(),
    db
      .selectFrom('groups')
      .select(['external_id', 'id'])
      .where('community_id', '=', communityId)
      .where('platform', '=', platform)
      .execute(),
  ]);
  return {
    members: new Map(members.map((m) => [m.external_id, m.member_id])),
    groups: new Map(groups.map((g) => [g.external_id, g.id])),
  };
}

export async function renameCommunity(db: Executor, communityId: number, name: string): Promise<void> {
  await db.updateTable('communities').set({ name }).where('id', '=', communityId).execute();
}

export async function countMembers(db: Executor, communityId: number): Promise<number> {
  const row = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('community_id', '=', communityId)
    .where('is_bot', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
