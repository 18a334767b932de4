import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ImportedEvent } from './event.types.js';

/** One size of a photo in a message: the platform's reference to fetch it by, and its bytes when told. */
export interface PhotoSize {
  ref: string;
  bytes: number | null;
}

/** The photo a live message carries, with its download through the connector's credential. */
export interface InboundPhoto {
  /** Smallest first. */
  sizes: PhotoSize[];
  fetch(ref: string): Promise<Buffer>;
}

/** A chat message from a member (never a bot) as a connector received it, its group and author resolved. */
export interface LiveMessage {
  platform: string;
  /** The message's event source id (unique per platform in the community). */
  sourceId: string;
  groupId: number;
  memberId: number;
  text: string | null;
  /** When the member sent it (UTC ms). */
  occurredAt: number;
  /** The photo it carries, with its download; null without one, or without the platform's credential. */
  photo: InboundPhoto | null;
}

/**
 * The live message with its stored group and member, once its events are appended; null when
 * they are unknown (an update Shequn records no event for) or the author is a bot: bots are stored,
 * flagged, but are not members.
 */
export async function resolveLiveMessage(
  trx: Transaction<Database>,
  communityId: number,
  message: ImportedEvent,
  photo: InboundPhoto | null,
): Promise<LiveMessage | null> {
  const [group, member] = await Promise.all([
    trx
      .selectFrom('groups')
      .select('id')
      .where('community_id', '=', communityId)
      .where('platform', '=', message.platform)
      .where('external_id', '=', message.group.externalId)
      .executeTakeFirst(),
    trx
      .selectFrom('identities as i')
      .innerJoin('members as m', 'm.id', 'i.member_id')
      .select(['m.id', 'm.is_bot'])
      .where('i.community_id', '=', communityId)
      .where('i.platform', '=', message.platform)
      .where('i.external_id', '=', message.author.externalId)
      .executeTakeFirst(),
  ]);
  if (!group || !member || member.is_bot === 1) return null;
  return {
    platform: message.platform,
    sourceId: message.sourceId,
    groupId: group.id,
    memberId: member.id,
    text: message.text ?? null,
    occurredAt: message.occurredAt,
    photo,
  };
}
