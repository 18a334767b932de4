import irc from 'irc-framework';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Debian puts ngircd in /usr/sbin, which is not on every user's PATH. */
export function ngircdPath(): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    const candidate = join(dir, 'ngircd');
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

export interface Ngircd {
  host: string;
  port: number;
  /** Kills the server at once (SIGKILL: no QUITs, sockets just drop), as a crash would. */
  kill(): Promise<void>;
  /** Starts it again on the same port, with an empty state (no channels, no users). */
  restart(): Promise<void>;
  /** Stops it and removes its files. */
  dispose(): Promise<void>;
}

/** A free loopback port: the kernel picks one, the listener lets it go. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A server config for tests: loopback only, no PAM, ident or DNS lookups, no MOTD file, no penalty delays. */
function config(port: number, includeDir: string, password: string | undefined): string {
  return `[Global]
  Name = irc.shequn.test
  Info = Shequn test server
  AdminInfo1 = Shequn tests
  AdminInfo2 = loopback
  AdminEMail = tests@shequn.invalid
  Listen = 127.0.0.1
  Ports = ${port}
  MotdPhrase = "Shequn test server"
${password ? `  Password = ${password}\n` : ''}[Limits]
  MaxNickLength = 30
  MaxConnectionsIP = 0
  MaxJoins = 0
  PingTimeout = 120
  PongTimeout = 20
  # ngircd delays a client by a second per penalised command (CAP, JOIN …): off, so tests run fast.
  MaxPenaltyTime = 0
[Options]
  PAM = no
  Ident = no
  DNS = no
  IncludeDir = ${includeDir}
`;
}

/** Resolves once a TCP connection to the port succeeds, polling until `timeoutMs`. */
async function waitUntilListening(host: string, port: number, timeoutMs: number, exited: () => boolean) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error('ngircd exited while starting');
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`ngircd did not listen on ${host}:${port} within ${timeoutMs} ms`);
}

/**
 * Starts `ngircd -n -f <conf>` (in the foreground, so it is this process's child) with a generated
 * config in a temp dir, on a free loopback port, and waits until it accepts connections.
 *
 * @example
 * const irc = await startNgircd();
 * await irc.kill(); await irc.restart(); await irc.dispose();
 */
export async function startNgircd(options: { password?: string } = {}): Promise<Ngircd> {
  const binary = ngircdPath();
  if (!binary) throw new Error('ngircd is not installed (apt-get install ngircd)');
  const dir = await mkdtemp(join(tmpdir(), 'shequn-ngircd-'));
  const includeDir = join(dir, 'conf.d');
  await mkdir(includeDir);
  const host = '127.0.0.1';
  let port = 0;
  const conf = join(dir, 'ngircd.conf');
  let child: ChildProcess | null = null;
  let output = '';

  async function launch(): Promise<void> {
    const started = spawn(binary!, ['-n', '-f', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    let exited = false;
    started.once('exit', () => {
      exited = true;
    });
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    started.stdout?.on('data', keep);
    started.stderr?.on('data', keep);
    child = started;
    try {
      await waitUntilListening(host, port, 10_000, () => exited);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${output}`);
    }
  }

  async function halt(signal: NodeJS.Signals): Promise<void> {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const gone = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await gone;
  }

  // The free port can be taken by another process before ngircd binds it: then another one.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    await writeFile(conf, config(port, includeDir, options.password));
    try {
      await launch();
      break;
    } catch (error) {
      await halt('SIGKILL');
      if (attempt === 3) throw error;
    }
  }
  return {
    host,
    port,
    kill: () => halt('SIGKILL'),
    restart: launch,
    async dispose() {
      await halt('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** What a member's client saw: messages and actions to a channel or to it, topics, kicks. */
export interface Seen {
  kind: 'privmsg' | 'action' | 'topic' | 'kick' | 'join';
  from: string;
  target: string;
  text: string;
}

/**
 * A member on the test server (irc-framework, no reconnection): joined to `channels` when the
 * promise resolves; what it sees is pushed onto `seen` (pass one array across reconnections).
 */
export async function ircMember(
  server: Pick<Ngircd, 'host' | 'port'>,
  nick: string,
  channels: string[],
  seen: Seen[] = [],
) {
  const client = new irc.Client();
  client.on('privmsg', (e) => seen.push({ kind: 'privmsg', from: e.nick, target: e.target, text: e.message }));
  client.on('action', (e) => seen.push({ kind: 'action', from: e.nick, target: e.target, text: e.message }));
  client.on('topic', (e) => seen.push({ kind: 'topic', from: e.nick ?? '', target: e.channel, text: e.topic }));
  client.on('kick', (e) => seen.push({ kind: 'kick', from: e.nick, target: e.channel, text: e.kicked }));
  client.on('join', (e) => seen.push({ kind: 'join', from: e.nick, target: e.channel, text: '' }));
  const joined = new Promise<void>((resolve, reject) => {
    const waiting = new Set(channels.map((c) => c.toLowerCase()));
    const timer = setTimeout(() => reject(new Error(`${nick} did not join ${channels.join(',')}`)), 10_000);
    client.on('join', (e) => {
      if (e.nick !== nick) return;
      waiting.delete(e.channel.toLowerCase());
      if (waiting.size === 0) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  client.on('registered', () => {
    for (const channel of channels) client.join(channel);
  });
  client.connect({ host: server.host, port: server.port, nick, username: 'member', auto_reconnect: false });
  await joined;
  return {
    client,
    seen,
    say: (target: string, text: string) => client.say(target, text),
    action: (target: string, text: string) => client.action(target, text),
    part: (channel: string) => client.part(channel),
    /** QUITs; resolves once the socket is closed. */
    quit: () =>
      new Promise<void>((resolve) => {
        if (!client.connection.connected) return resolve();
        client.once('socket close', () => resolve());
        client.quit('bye');
      }),
  };
}

export type IrcMember = Awaited<ReturnType<typeof ircMember>>;
