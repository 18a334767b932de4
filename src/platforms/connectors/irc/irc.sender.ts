import { OutboxSendError, type OutboxItem, type RateLimits } from '../../../kernel/outbox/dispatcher.js';
import { actionOf, type ConnectorContext, type OutboundAction } from '../../connector.js';
import { ircLines, oneLine } from './irc.lines.js';
import type { IrcSession } from './irc.session.js';

/**
 * One message a second with a burst of four, for the bot as a whole (IRC has no per-channel
 * limit): typical servers disconnect a client for "excess flood" at about five lines in two
 * seconds. Multi-line messages are paced line by line by the session as well.
 */
export const IRC_LIMITS: RateLimits = { overall: { count: 4, perMs: 4000 } };

/** What the bot can do: talk, set the topic, and kick (`remove`, when it is a channel operator). */
export const IRC_ACTIONS: readonly OutboundAction[] = ['send', 'direct', 'reply', 'mention', 'announce', 'remove'];

export interface IrcSendDeps {
  session: Pick<IrcSession, 'deliver' | 'joinedChannel' | 'connected' | 'authorOf' | 'spelling'>;
  addresses: Pick<ConnectorContext, 'chatAddress' | 'identityOf'>;
}

const privmsgs = (target: string, text: string) => ircLines(text).map((line) => `PRIVMSG ${target} :${line}`);

/**
 * Sends outbox items over the bot's connection: PRIVMSG into the group's channel or to a member's
 * nick (`direct`); `reply` and `mention` address the nicks first ("alice: …"), as people on IRC
 * do; `announce` sets the channel's TOPIC; `remove` KICKs (the bot must be a channel operator).
 * Resolves once the server confirmed the lines; while disconnected, or before the bot is back in
 * the channel, it rejects with a retryable `OutboxSendError`, so the outbox tries again later.
 *
 * @example
 * const send = ircSender({ session, addresses: context });
 * await send(item);
 */
export function ircSender(deps: IrcSendDeps) {
  const { session } = deps;
  return async function send(item: OutboxItem): Promise<void> {
    if (!session.connected()) throw new OutboxSendError('not connected to the IRC server');
    const action = actionOf(item);
    switch (action) {
      case 'send': {
        const channel = await channelOf(deps, item);
        return session.deliver(privmsgs(channel, item.text), [channel]);
      }
      case 'direct': {
        const nick = await nickOf(deps, item.memberId);
        return session.deliver(privmsgs(nick, item.text), [nick]);
      }
      case 'reply': {
        const target = item.groupId === null ? await nickOf(deps, item.memberId) : await channelOf(deps, item);
        const source = item.payload.replyToSourceId;
        const author = typeof source === 'string' ? session.authorOf(source) : null;
        return session.deliver(privmsgs(target, addressed(author ? [author] : [], item.text)), [target]);
      }
      case 'mention': {
        const channel = await channelOf(deps, item);
        const ids = Array.isArray(item.payload.mentions) ? item.payload.mentions.filter(Number.isSafeInteger) : [];
        const nicks = await Promise.all(ids.map((id) => deps.addresses.identityOf(id as number)));
        const named = nicks.filter((n): n is string => n !== null).map(session.spelling);
        return session.deliver(privmsgs(channel, addressed(named, item.text)), [channel]);
      }
      case 'announce': {
        const channel = await channelOf(deps, item);
        return session.deliver([`TOPIC ${channel} :${oneLine(item.text)}`], [channel]);
      }
      case 'remove': {
        const channel = await channelOf(deps, item);
        const nick = await nickOf(deps, item.memberId);
        const reason = oneLine(item.text) || 'removed';
        return session.deliver([`KICK ${channel} ${nick} :${reason}`], [channel, nick]);
      }
      default:
        throw new OutboxSendError(`IRC cannot ${action}`, { permanent: true });
    }
  };
}

/** `alice, bob: text`, as IRC clients highlight a line that starts with one's nick. */
export const addressed = (nicks: readonly string[], text: string) =>
  nicks.length === 0 ? text : `${nicks.join(', ')}: ${text}`;

async function channelOf(deps: IrcSendDeps, item: OutboxItem): Promise<string> {
  if (item.groupId === null) throw new OutboxSendError(`${actionOf(item)} needs a group`, { permanent: true });
  const address = await deps.addresses.chatAddress(item.groupId);
  // The address comes with the first event seen in the channel; it may come yet.
  if (address === null) throw new OutboxSendError(`no IRC channel known for group ${item.groupId} yet`);
  const channel = deps.session.joinedChannel(address);
  // After a reconnection the bot rejoins: until then the line would be refused or lost.
  if (channel === null) throw new OutboxSendError(`the bot is not in the channel of group ${item.groupId} (yet)`);
  return channel;
}

async function nickOf(deps: IrcSendDeps, memberId: number | null): Promise<string> {
  if (memberId === null)
    throw new OutboxSendError('outbox item names neither a group nor a member', { permanent: true });
  const identity = await deps.addresses.identityOf(memberId);
  if (identity === null || !/^[^\s,:#&]\S*$/.test(identity))
    throw new OutboxSendError(`member ${memberId} has no IRC nick`, { permanent: true });
  return deps.session.spelling(identity);
}
