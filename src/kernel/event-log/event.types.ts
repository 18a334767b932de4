/**
 * What every importer produces: platform-neutral events, in the order the export holds them.
 * Nothing downstream of an importer knows which platform an event came from, except through
 * `platform`, which (with `sourceId`) makes ingest idempotent.
 */
/** `demo`: the simulated demo community (src/demo). */
export type Platform = 'telegram' | 'slack' | 'wechat' | 'discord' | 'irc' | 'web' | 'demo';

export type EventKind = 'message' | 'checkin' | 'join' | 'leave' | 'reaction';

export const EVENT_KINDS: readonly EventKind[] = ['message', 'checkin', 'join', 'leave', 'reaction'];

export interface ImportedAuthor {
  /** The platform's stable user id (Telegram `from_id`, Slack user id, IRC nick …). */
  externalId: string;
  displayName: string;
  /** Bots are stored but are neither members nor staff in metrics. */
  isBot?: boolean;
}

export interface ImportedGroup {
  /** The platform's stable chat/channel id; for formats without one, the group's name. */
  externalId: string;
  name: string;
}

export interface ImportedEvent {
  platform: Platform;
  /**
   * Unique within (community, platform) for this event, stable across re-exports of the same
   * chat, so importing a file twice changes nothing. Include the chat id when the platform's
   * message ids are only unique per chat (e.g. `"<chatId>:<messageId>"`).
   */
  sourceId: string;
  group: ImportedGroup;
  /** The member the event is about (the author, the one who joined …). */
  author: ImportedAuthor;
  kind: EventKind;
  /** UTC epoch milliseconds. */
  occurredAt: number;
  /** `sourceId` of the message this one directly replies to. */
  replyToSourceId?: string | null;
  /** `sourceId` of the thread's root message; set on the root itself as well as on every reply. */
  threadSourceId?: string | null;
  text?: string | null;
}
