import type { Connector, ConnectorContext, ConnectorInstance } from '../../connector.js';
import { activityUpdate, type ChannelActivity } from './irc.events.js';
import { IRC_ACTIONS, IRC_LIMITS, ircSender } from './irc.sender.js';
import { ircSession, type IrcSessionOptions } from './irc.session.js';
import { IRC_FIELDS, ircSettings, probeIrc } from './irc.settings.js';

/** Tuning for tests: how fast to reconnect, how long to wait for confirmations. */
export type IrcTuning = Pick<IrcSessionOptions, 'reconnect' | 'confirmTimeoutMs' | 'joinTimeoutMs' | 'linePace'>;

/** How often a failed store of a live event is tried before it is let go (IRC does not resend). */
const RECEIVE_TRIES = 3;

/**
 * Opens an IRC connector instance (the connector's `open`, with tuning for tests): one bot
 * connection, its channel activity taken into the log in order, outbox items sent over it.
 */
export function openIrc(context: ConnectorContext, tuning: IrcTuning = {}): ConnectorInstance {
  const settings = ircSettings(context.settings);
  let stored: Promise<void> = Promise.resolve();
  // Events are stored one after another, in the order the server sent them.
  const take = (activity: ChannelActivity) => {
    stored = stored.then(() => receive(context, activity));
  };
  const session = ircSession({
    ...settings,
    ...tuning,
    onActivity: take,
    onError: context.reportError,
    onJoined: () =>
      context.log.info({ connectorId: context.connectorId, channels: settings.channels.length }, 'irc channels joined'),
  });
  return {
    async start() {
      await session.start();
    },
    async stop() {
      await session.stop();
      await stored;
    },
    send: ircSender({ session, addresses: context }),
  };
}

async function receive(context: ConnectorContext, activity: ChannelActivity): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await context.receive(activityUpdate(activity));
      return;
    } catch (error) {
      context.reportError(error);
      if (attempt >= RECEIVE_TRIES) return;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

/**
 * The IRC connector: one bot nick on one server per connector, in the configured channels, over
 * a connection it keeps (`inbound: connection`; it reconnects and rejoins by itself). Channel
 * activity becomes events as the IRC importer maps log lines (irc.events.ts); outbox items go
 * out as PRIVMSG, TOPIC and KICK (irc.sender.ts). docs/connectors.md, section IRC.
 */
export const ircConnector: Connector = {
  platform: 'irc',
  inbound: ['connection'],
  actions: IRC_ACTIONS,
  limits: IRC_LIMITS,
  fields: IRC_FIELDS,
  check: (settings) => probeIrc(ircSettings(settings)),
  open: (context) => openIrc(context),
};
