import type { EventKind, ImportedEvent } from '../../../kernel/event-log/event.types.js';
import type { ParsedUpdate } from '../../connector.js';

/*
 * Live IRC traffic as events, mapped as the IRC importer (importers/irc) maps a day log's lines,
 * so history and live traffic agree: the group's external id is the channel (spelt as configured),
 * the author's external id the nick in lower case (IRC nicks are case-insensitive) and their
 * display name the nick as seen; PRIVMSG and CTCP ACTION (`/me`) are messages (an action keeps
 * only its text), JOIN a join, PART, KICK (the kicked nick) and QUIT (in every channel the nick
 * was in) a leave.
 *
 * Source ids cannot be a log's line numbers, so live events have their own:
 * `live:<channel>:<connection>:<n>` with `<connection>` the time (epoch ms) the bot's connection
 * registered and `<n>` counting that connection's events from 1. Unique across reconnections and
 * restarts; a message received live and the same line imported later from a log are two events.
 */

/** One thing seen in a channel. */
export interface ChannelActivity {
  kind: Extract<EventKind, 'message' | 'join' | 'leave'>;
  /** The channel as configured (the group's external id). */
  channel: string;
  nick: string;
  /** Message text; null for joins and leaves. */
  text: string | null;
  occurredAt: number;
  sourceId: string;
}

/** The source id of a connection's `n`-th live event in a channel. */
export const liveSourceId = (channel: string, connection: number, n: number) => `live:${channel}:${connection}:${n}`;

/** IRC nicks are case-insensitive: "Alice" and "alice" are one member (as the importer has it). */
export const nickId = (nick: string) => nick.toLowerCase();

/** Channel names start with one of these (RFC 2811). */
export const isChannel = (target: string) => /^[#&+!]/.test(target);

export function activityEvent(activity: ChannelActivity): ImportedEvent {
  return {
    platform: 'irc',
    sourceId: activity.sourceId,
    group: { externalId: activity.channel, name: activity.channel },
    author: { externalId: nickId(activity.nick), displayName: activity.nick },
    kind: activity.kind,
    occurredAt: activity.occurredAt,
    replyToSourceId: null,
    threadSourceId: null,
    text: activity.text,
  };
}

/** One activity as the update the runtime stores; the channel is its own send address. */
export function activityUpdate(activity: ChannelActivity): ParsedUpdate {
  const event = activityEvent(activity);
  return {
    updateId: null,
    events: [event],
    chats: [{ externalId: activity.channel, address: activity.channel }],
    message: event.kind === 'message' ? event : null,
    photo: [],
  };
}
