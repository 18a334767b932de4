import type { Executor } from '../db/database.js';

/*
 * Where an outbox item goes on a platform: a group's chat as the community's connectors last saw
 * it (webhook updates record it), or a member's own identity there for a direct message.
 */

/** The platform address of a group, as the community's connectors of that platform last saw it. */
export async function chatAddress(
  db: Executor,
  communityId: number,
  platform: string,
  groupId: number,
): Promise<string | null> {
  const row = await db
    .selectFrom('connector_chats as cc')
    .innerJoin('connectors as c', 'c.id', 'cc.connector_id')
    .select('cc.address')
    .where('c.community_id', '=', communityId)
    .where('c.platform', '=', platform)
    .where('cc.group_id', '=', groupId)
    .orderBy('cc.updated_at', 'desc')
    .executeTakeFirst();
  return row?.address ?? null;
}

/** A member's identity on a platform (the first, if they have several there). */
export async function identityOf(
  db: Executor,
  communityId: number,
  platform: string,
  memberId: number,
): Promise<string | null> {
  const row = await db
    .selectFrom('identities')
    .select('external_id')
    .where('community_id', '=', communityId)
    .where('platform', '=', platform)
    .where('member_id', '=', memberId)
    .orderBy('id')
    .executeTakeFirst();
  return row?.external_id ?? null;
}
