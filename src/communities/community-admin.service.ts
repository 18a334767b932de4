import { randomBytes } from 'node:crypto';
import { parseSettings } from '../kernel/db/community-settings.js';
import type { Db, Executor } from '../kernel/db/database.js';
import type { Community } from '../kernel/db/schema.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../kernel/errors.js';
import type { Caller } from '../kernel/http/access.js';
import { assertTimeZone } from '../kernel/time/local-day.js';
import type { CommunityAdminHooks } from './community-admin.types.js';
import { findCommunityById, insertCommunity, takenSlugs, updateCommunityRow } from './community.repo.js';
import { assertSlug, type CommunitySettings, DEFAULT_TIMEZONE, mergeSettings, suggestSlug } from './community.rules.js';
import * as groups from './group.repo.js';

/** Platforms a group can be made for by hand: the web (a room) and the platforms Shequn reads. */
export const GROUP_PLATFORMS = ['web', 'telegram', 'irc', 'slack', 'discord', 'wechat'] as const;
export type GroupPlatform = (typeof GROUP_PLATFORMS)[number];

/** A hand-made group's placeholder chat id, until its real one is set (PATCH `externalId`). */
const MANUAL_PREFIX = 'manual-';

export type SettingsChange = { [K in keyof CommunitySettings]?: CommunitySettings[K] | null };

/** The community as the console edits it. */
export function presentCommunity(row: Community) {
  const settings = parseSettings(row.settings) as CommunitySettings;
  return {
    slug: row.slug,
    name: row.name,
    timezone: row.timezone,
    hasEvents: row.first_day !== null,
    settings: { locale: settings.locale ?? null, questions: settings.questions ?? null },
  };
}

/** A free slug for `name`: its suggestion, else with -2, -3 … after it. */
export async function freeSlugFor(db: Db, name: string): Promise<string> {
  const stem = suggestSlug(name);
  const candidates = [stem, ...Array.from({ length: 49 }, (_, i) => `${stem}-${i + 2}`)];
  const taken = await takenSlugs(db, candidates);
  return candidates.find((c) => !taken.has(c)) ?? `${stem}-${randomBytes(3).toString('hex')}`;
}

const cleanName = (name: string, field = 'name') => {
  const trimmed = name.trim();
  if (!trimmed) throw new ValidationError(field, 'a name is needed');
  return trimmed;
};

/**
 * Creates a community by hand. Only instance owners may (docs/access.md): any other account has
 * roles only where it was given them. The creator is made its owner in the same transaction.
 */
export async function createCommunity(
  db: Db,
  caller: Caller,
  input: { name: string; slug?: string; timezone?: string; settings?: CommunitySettings },
  hooks: Pick<CommunityAdminHooks, 'onCommunityCreated'>,
  now: number,
) {
  if (!caller.account.isInstanceOwner) throw new ForbiddenError('only an instance owner can create a community');
  const name = cleanName(input.name);
  const timezone = assertTimeZone(input.timezone?.trim() || DEFAULT_TIMEZONE);
  const slug = input.slug === undefined ? await freeSlugFor(db, name) : assertSlug(input.slug.trim(), 'slug');
  return db.transaction().execute(async (trx) => {
    if ((await takenSlugs(trx, [slug])).size > 0) throw new ConflictError(`the slug "${slug}" is taken`);
    const created = await insertCommunity(trx, { slug, name, timezone, now });
    const settings = JSON.stringify(mergeSettings({}, input.settings ?? {}));
    await updateCommunityRow(trx, created.id, { settings });
    await hooks.onCommunityCreated(trx, created.id, caller.account.id, now);
    return presentCommunity({ ...created, settings });
  });
}

/**
 * Renames a community and changes its zone or settings. The zone only while it has no events:
 * every stored day was stamped in the zone of its time.
 */
export async function updateCommunity(
  db: Db,
  community: Community,
  patch: { name?: string; timezone?: string; settings?: SettingsChange },
) {
  return db.transaction().execute(async (trx) => {
    const row = await findCommunityById(trx, community.id);
    if (!row) throw new NotFoundError(`community "${community.slug}"`);
    const change: { name?: string; timezone?: string; settings?: string } = {};
    if (patch.name !== undefined) change.name = cleanName(patch.name);
    if (patch.timezone !== undefined && patch.timezone !== row.timezone) {
      assertTimeZone(patch.timezone);
      if (row.first_day !== null)
        throw new ValidationError(
          'timezone',
          `community "${row.slug}" has events stamped in ${row.timezone}; its time zone can no longer change`,
        );
      change.timezone = patch.timezone;
    }
    if (patch.settings !== undefined)
      change.settings = JSON.stringify(mergeSettings(parseSettings(row.settings), patch.settings));
    await updateCommunityRow(trx, row.id, change);
    return presentCommunity({ ...row, ...change });
  });
}

/**
 * Creates a group by hand: on `web` a room members enter by their personal link; on a chat
 * platform a group whose chat id (Telegram chat id, IRC channel …) is given now or later, so a
 * connector's or an import's messages from that chat land in it.
 */
export async function createGroup(
  db: Db,
  community: Community,
  input: { name: string; platform: GroupPlatform; externalId?: string },
  hooks: Pick<CommunityAdminHooks, 'openWebRoom'>,
  now: number,
) {
  const name = cleanName(input.name);
  return db.transaction().execute(async (trx) => {
    if (input.platform === 'web') {
      if (input.externalId !== undefined) throw new ValidationError('externalId', 'a web room has no chat id');
      return { id: await hooks.openWebRoom(trx, community.id, name, now) };
    }
    const externalId = input.externalId?.trim() || `${MANUAL_PREFIX}${randomBytes(6).toString('hex')}`;
    if (await groups.groupByExternalId(trx, community.id, input.platform, externalId))
      throw new ConflictError(`a ${input.platform} group with chat id "${externalId}" exists`);
    return {
      id: await groups.insertGroupRow(trx, {
        communityId: community.id,
        platform: input.platform,
        externalId,
        name,
        now,
      }),
    };
  });
}

/**
 * Gives a hand-made group its chat id, once (until then it has a placeholder), in the caller's
 * transaction: a connector's or an import's messages from that chat then land in this group.
 */
export async function assignChatId(trx: Executor, communityId: number, groupId: number, externalId: string) {
  const chatId = externalId.trim();
  if (!chatId) throw new ValidationError('externalId', 'a chat id is needed');
  const group = await groups.findGroup(trx, communityId, groupId);
  if (!group) throw new NotFoundError(`group ${groupId}`);
  if (group.external_id === chatId) return;
  if (!group.external_id.startsWith(MANUAL_PREFIX))
    throw new ConflictError('only a hand-made group without a chat id yet can be given one');
  if (await groups.groupByExternalId(trx, communityId, group.platform, chatId))
    throw new ConflictError(`a ${group.platform} group with chat id "${chatId}" exists`);
  await groups.setExternalId(trx, groupId, chatId);
}
