import irc, { type ClientOptions, type IrcErrorEvent, type MessageEvent } from 'irc-framework';
import { OutboxSendError } from '../../../kernel/outbox/dispatcher.js';
import { tokenBucket, type Rate } from '../../../kernel/outbox/rate-limit.rules.js';
import { isChannel, liveSourceId, nickId, type ChannelActivity } from './irc.events.js';

/** Where and as whom to connect. */
export interface IrcServer {
  host: string;
  port: number;
  tls: boolean;
  nick: string;
  /** The server password (PASS), also offered as SASL PLAIN for the nick when the server asks. */
  password?: string;
}

export interface IrcSessionOptions extends IrcServer {
  /** The channels to join, spelt as configured (that spelling is the group's external id). */
  channels: string[];
  /** Channel activity, in the order the server sent it. */
  onActivity(activity: ChannelActivity): void;
  /** A lost connection or a failed attempt; the session reconnects by itself. */
  onError(error: unknown): void;
  /** The bot is in every configured channel again (after connecting or reconnecting). */
  onJoined?(): void;
  /** The first pause before reconnecting, doubled after each failed attempt up to `maxMs`. */
  reconnect?: { firstMs: number; maxMs: number };
  /** How long a send waits for the server's confirmation. */
  confirmTimeoutMs?: number;
  /** How long `start` waits for the channels to be joined. */
  joinTimeoutMs?: number;
  /** Lines written to the server, a burst then a steady pace (servers flood-kick at ~5 lines in 2 s). */
  linePace?: Rate;
}

/** A connection problem: its `code` says which (for the connector's health; no text from the server). */
export class IrcConnectionError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'IrcConnectionError';
  }
}

/**
 * irc-framework's options for a server: its own reconnection off (the session has its own), the
 * certificate verified with TLS, the password as PASS and as SASL PLAIN for the nick.
 */
export function clientOptions(server: IrcServer): ClientOptions {
  return {
    host: server.host,
    port: server.port,
    tls: server.tls,
    rejectUnauthorized: true,
    nick: server.nick,
    username: 'shequn',
    gecos: 'Shequn',
    ...(server.password
      ? { password: server.password, account: { account: server.nick, password: server.password } }
      : {}),
    auto_reconnect: false,
    ping_interval: 30,
    ping_timeout: 120,
  };
}

const DEFAULT_RECONNECT = { firstMs: 1000, maxMs: 60_000 };
/** 4 lines at once, then one a second: below the ~5 lines in 2 s that typical servers kick for. */
export const IRC_LINE_PACE: Rate = { count: 4, perMs: 4000 };
/** Remembered per connection for replies and mentions: a message's author, a nick's spelling. */
const REMEMBERED = 1000;

/**
 * One IRC connection kept up: connects with irc-framework (its own reconnection is off: it gives
 * up after three tries and does not retry a connection that dropped within 5 s of registering),
 * joins the channels, reconnects with a doubling pause whenever the socket closes until `stop`,
 * and rejoins. Reports channel activity (the bot's own is ignored) and tracks who is in each
 * channel so a QUIT becomes a leave where the nick was. `deliver` writes lines and resolves only
 * once the server answered a PING sent after them, so an item is confirmed only when the server
 * has read it.
 */
export function ircSession(options: IrcSessionOptions) {
  const reconnect = options.reconnect ?? DEFAULT_RECONNECT;
  const confirmTimeoutMs = options.confirmTimeoutMs ?? 15_000;
  const pace = tokenBucket(options.linePace ?? IRC_LINE_PACE, Date.now());
  const client = new irc.Client();
  const joined = new Set<string>();
  const members = new Map<string, Set<string>>();
  const authors = new Map<string, string>();
  const spellings = new Map<string, string>();
  const pending = new Set<(error: Error) => void>();
  let registered = false;
  /** A socket is open or opening (between `connect` and its close). */
  let socketOpen = false;
  let stopped = false;
  let connection = 0;
  let count = 0;
  let pings = 0;
  let wait = reconnect.firstMs;
  let retry: NodeJS.Timeout | null = null;
  let nickTries = 0;
  let sending: Promise<unknown> = Promise.resolve();
  let firstSettled: (() => void) | null = null;

  const channelOf = (name: string) => options.channels.find((c) => nickId(c) === nickId(name)) ?? null;
  const isSelf = (nick: string) => nickId(nick) === nickId(client.user.nick);
  const settleFirst = () => {
    firstSettled?.();
    firstSettled = null;
  };

  function connect(): void {
    retry = null;
    socketOpen = true;
    client.connect(clientOptions(options));
  }

  function remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    if (map.size > REMEMBERED) map.delete(map.keys().next().value as string);
  }

  function report(kind: ChannelActivity['kind'], channel: string, nick: string, text: string | null, time?: number) {
    const sourceId = liveSourceId(channel, connection, ++count);
    remember(spellings, nickId(nick), nick);
    if (kind === 'message') remember(authors, sourceId, nick);
    options.onActivity({ kind, channel, nick, text, occurredAt: time ?? Date.now(), sourceId });
  }

  client.on('registered', () => {
    registered = true;
    connection = Date.now();
    count = 0;
    wait = reconnect.firstMs;
    nickTries = 0;
    joined.clear();
    members.clear();
    for (const channel of options.channels) client.join(channel);
  });
  client.on('nick in use', () => {
    // A ghost of the bot's last connection may still hold the nick: take a variant until it goes.
    if (!registered && nickTries < 3) client.changeNick(`${options.nick}${'_'.repeat(++nickTries)}`);
  });
  client.on('socket close', () => {
    const wasRegistered = registered;
    registered = false;
    socketOpen = false;
    joined.clear();
    members.clear();
    for (const fail of [...pending]) fail(new OutboxSendError('the IRC connection closed before the server confirmed'));
    settleFirst();
    if (stopped) return;
    options.onError(
      wasRegistered
        ? new IrcConnectionError('the IRC connection was lost', 'connection_lost')
        : new IrcConnectionError('could not connect to the IRC server', 'connect_failed'),
    );
    retry = setTimeout(connect, wait);
    wait = Math.min(wait * 2, reconnect.maxMs);
  });
  client.on('join', (event) => {
    const channel = channelOf(event.channel);
    if (!channel) return;
    if (isSelf(event.nick)) {
      joined.add(channel);
      members.set(channel, new Set());
      if (joined.size === options.channels.length) {
        settleFirst();
        options.onJoined?.();
      }
      return;
    }
    members.get(channel)?.add(nickId(event.nick));
    report('join', channel, event.nick, null, event.time);
  });
  client.on('userlist', (event) => {
    const channel = channelOf(event.channel);
    if (channel) members.set(channel, new Set(event.users.map((u) => nickId(u.nick))));
  });
  const left = (channelName: string, nick: string, time?: number) => {
    const channel = channelOf(channelName);
    if (!channel) return;
    if (isSelf(nick)) {
      joined.delete(channel);
      members.delete(channel);
      return;
    }
    members.get(channel)?.delete(nickId(nick));
    report('leave', channel, nick, null, time);
  };
  client.on('part', (event) => left(event.channel, event.nick, event.time));
  client.on('kick', (event) => {
    left(event.channel, event.kicked, event.time);
    // Kicked itself: back in at once (a ban keeps it out; sends then wait, retried).
    if (isSelf(event.kicked)) client.join(channelOf(event.channel) ?? event.channel);
  });
  client.on('quit', (event) => {
    if (isSelf(event.nick)) return;
    for (const [channel, nicks] of members)
      if (nicks.delete(nickId(event.nick))) report('leave', channel, event.nick, null, event.time);
  });
  client.on('nick', (event) => {
    for (const nicks of members.values()) if (nicks.delete(nickId(event.nick))) nicks.add(nickId(event.new_nick));
  });
  const said = (event: MessageEvent) => {
    if (event.from_server || isSelf(event.nick) || !isChannel(event.target)) return;
    const channel = channelOf(event.target);
    if (channel && joined.has(channel)) report('message', channel, event.nick, event.message, event.time);
  };
  client.on('irc error', (event) => {
    // A channel that will not have the bot (banned, invite only, a key): on the health, by code.
    const channel = event.channel === undefined ? null : channelOf(event.channel);
    if (channel && !joined.has(channel))
      options.onError(new IrcConnectionError('could not join a channel', event.error));
  });
  client.on('privmsg', said);
  client.on('action', said);

  /** Waits for the line pace, then writes; fails when the connection went meanwhile. */
  async function writePaced(line: string): Promise<void> {
    for (;;) {
      if (!registered) throw new OutboxSendError('not connected to the IRC server');
      const token = pace.take(Date.now());
      if (token.taken) break;
      await new Promise((resolve) => setTimeout(resolve, token.waitMs));
    }
    client.connection.write(line);
  }

  /** Writes the lines, then a PING; resolves on its PONG, rejects on an error about one of `targets`. */
  async function writeConfirmed(lines: readonly string[], targets: readonly string[]): Promise<void> {
    if (!registered) throw new OutboxSendError('not connected to the IRC server');
    const token = `shequn-${++pings}`;
    const about = new Set(targets.map(nickId));
    let refusal: IrcErrorEvent | null = null;
    const onError = (event: IrcErrorEvent) => {
      const subject = event.channel ?? event.nick;
      if (refusal === null && subject !== undefined && about.has(nickId(subject))) refusal = event;
    };
    let finish: (error?: Error) => void = () => undefined;
    const confirmed = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new OutboxSendError('the IRC server did not confirm in time')),
        confirmTimeoutMs,
      );
      const onPong = (event: { message: string }) => {
        if (event.message !== token) return;
        finish(
          refusal ? new OutboxSendError(`the IRC server refused: ${refusal.error}`, { permanent: true }) : undefined,
        );
      };
      finish = (error) => {
        clearTimeout(timer);
        client.off('pong', onPong);
        client.off('irc error', onError);
        pending.delete(finish);
        if (error) reject(error);
        else resolve();
      };
      pending.add(finish);
      client.on('pong', onPong);
      client.on('irc error', onError);
    });
    try {
      for (const line of lines) await writePaced(line);
      // Not paced: servers count messages for flood control, and the PING only asks for an answer.
      if (!registered) throw new OutboxSendError('not connected to the IRC server');
      client.connection.write(`PING ${token}`);
    } catch (error) {
      finish(error as Error);
    }
    return confirmed;
  }

  return {
    /** Connects; resolves once the channels are joined or the first attempt failed (it retries on its own). */
    start(): Promise<void> {
      stopped = false;
      const first = new Promise<void>((resolve) => {
        firstSettled = resolve;
      });
      const timer = setTimeout(settleFirst, options.joinTimeoutMs ?? 15_000);
      connect();
      return first.finally(() => clearTimeout(timer));
    },
    /** QUITs and closes; resolves once the socket is closed. */
    async stop(): Promise<void> {
      stopped = true;
      if (retry) clearTimeout(retry);
      retry = null;
      if (socketOpen) {
        const closed = new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 5000);
          client.once('socket close', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        if (client.connection.connected) client.quit('Shequn stopping');
        else client.connection.end();
        await closed;
      }
      client.removeAllListeners();
    },
    /** Sends raw lines one item at a time (see `writeConfirmed`). */
    deliver(lines: readonly string[], targets: readonly string[]): Promise<void> {
      const next = sending.then(() => writeConfirmed(lines, targets));
      sending = next.catch(() => undefined);
      return next;
    },
    /** The configured spelling of a channel the bot is in now; null when it is not (yet) in it. */
    joinedChannel(name: string): string | null {
      const channel = channelOf(name);
      return channel && joined.has(channel) ? channel : null;
    },
    connected: () => registered,
    nick: () => client.user.nick,
    /** The nick of a message's author, when this connection saw the message. */
    authorOf: (sourceId: string) => authors.get(sourceId) ?? null,
    /** A nick as last seen spelt (external ids are lower case). */
    spelling: (id: string) => spellings.get(id) ?? id,
  };
}

export type IrcSession = ReturnType<typeof ircSession>;
