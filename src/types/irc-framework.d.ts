/**
 * The part of irc-framework 4.x (no bundled types) that the IRC connector and its tests use.
 * Events and fields as the library emits them (src/commands/handlers/*.js).
 */
declare module 'irc-framework' {
  export interface ClientOptions {
    host: string;
    port: number;
    tls?: boolean;
    /** Accept a server certificate that does not verify (self-signed test servers). */
    rejectUnauthorized?: boolean;
    nick: string;
    username?: string;
    gecos?: string;
    /** The server password (PASS). */
    password?: string;
    /** SASL PLAIN, when the server offers it. */
    account?: { account: string; password: string };
    encoding?: string;
    version?: string | null;
    auto_reconnect?: boolean;
    auto_reconnect_max_wait?: number;
    auto_reconnect_max_retries?: number;
    ping_interval?: number;
    ping_timeout?: number;
    message_max_length?: number;
  }

  export interface MessageEvent {
    nick: string;
    ident: string;
    hostname: string;
    target: string;
    message: string;
    tags: Record<string, string>;
    time?: number;
    from_server: boolean;
  }

  export interface ChannelEvent {
    nick: string;
    channel: string;
    message?: string;
    time?: number;
    tags?: Record<string, string>;
  }

  export interface KickEvent extends ChannelEvent {
    kicked: string;
  }

  export interface QuitEvent {
    nick: string;
    message: string;
    time?: number;
    tags?: Record<string, string>;
  }

  export interface NickEvent {
    nick: string;
    new_nick: string;
  }

  export interface UserlistEvent {
    channel: string;
    users: Array<{ nick: string; modes: string[] }>;
  }

  export interface IrcErrorEvent {
    error: string;
    channel?: string;
    nick?: string;
    reason?: string;
  }

  export interface ClientEvents {
    registered: [{ nick: string }];
    privmsg: [MessageEvent];
    action: [MessageEvent];
    notice: [MessageEvent];
    join: [ChannelEvent];
    part: [ChannelEvent];
    kick: [KickEvent];
    quit: [QuitEvent];
    nick: [NickEvent];
    userlist: [UserlistEvent];
    topic: [{ channel: string; topic: string; nick?: string }];
    pong: [{ message: string }];
    mode: [{ target: string; nick: string; modes: Array<{ mode: string; param?: string }> }];
    'irc error': [IrcErrorEvent];
    'nick in use': [{ nick: string; reason: string }];
    'nick invalid': [{ nick: string; reason: string }];
    'socket connected': [];
    'socket close': [Error | undefined];
    close: [boolean];
    reconnecting: [{ attempt: number; max_retries: number; wait: number }];
  }

  export class Client {
    constructor(options?: Partial<ClientOptions>);
    user: { nick: string };
    connection: {
      connected: boolean;
      /** Writes one raw line; `callback` runs once the socket took it (or at once when not connected). */
      write(line: string, callback?: () => void): boolean;
      end(line?: string, hadError?: boolean): void;
    };
    connect(options?: ClientOptions): void;
    on<E extends keyof ClientEvents>(event: E, listener: (...args: ClientEvents[E]) => void): this;
    once<E extends keyof ClientEvents>(event: E, listener: (...args: ClientEvents[E]) => void): this;
    off<E extends keyof ClientEvents>(event: E, listener: (...args: ClientEvents[E]) => void): this;
    removeAllListeners(): this;
    raw(...args: string[]): void;
    say(target: string, message: string): void;
    action(target: string, message: string): void;
    join(channel: string, key?: string): void;
    part(channel: string, message?: string): void;
    changeNick(nick: string): void;
    quit(message?: string): void;
    caseLower(value: string): string;
  }

  const irc: { Client: typeof Client };
  export default irc;
}
