import type { Executor } from '../../kernel/db/database.js';

const CHUNK = 300;

/** Which of these identities the community has already, as `platform\0externalId`. */
export async function existingIdentities(
  db: Executor,
  communityId: number,
  keys: Array<{ platform: string; externalId: string }>,
): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const part = keys.slice(i, i + CHUNK);
    const rows = await db
      .selectFrom('identities')
      .select(['platform', 'external_id'])
      .where('community_id', '=', communityId)
      .where((eb) =>
        eb.or(part.map((k) => eb.and([eb('platform', '=', k.platform), eb('external_id', '=', k.externalId)]))),
      )
      .execute();
    for (const r of rows) found.add(`${r.platform}\u0000${r.external_id}`);
  }
  return found;
}

/** Which of these display names a member (not a bot, not merged away) has. */
export async function existingNames(db: Executor, communityId: number, names: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < names.length; i += CHUNK) {
    const rows = await db
      .selectFrom('members')
      .select('display_name')
      .where('community_id', '=', communityId)
      .where('is_bot', '=', 0)
      .where('merged_into', 'is', null)
      .where('display_name', 'in', names.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) found.add(r.display_name);
  }
  return found;
}

export async function insertMember(db: Executor, communityId: number, name: string, now: number): Promise<number> {
  const { id } = await db
    .insertInto('members')
    .values({ community_id: communityId, display_name: name, is_bot: 0, first_day: null, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(id);
}

export async function insertIdentities(
  db: Executor,
  communityId: number,
  memberId: number,
  displayName: string,
  keys: Array<{ platform: string; externalId: string }>,
): Promise<void> {
  if (keys.length === 0) return;
  await db
    .insertInto('identities')
    .values(
      keys.map((k) => ({
        community_id: communityId,
        member_id: memberId,
        platform: k.platform,
        external_id: k.externalId,
        display_name: displayName,
      })),
    )
    .execute();
}

export function groupsOf(db: Executor, communityId: number) {
  return db
    .selectFrom('groups')
    .select(['id', 'name', 'platform', 'external_id'])
    .where('community_id', '=', communityId)
    .orderBy('id')
    .execute();
}
