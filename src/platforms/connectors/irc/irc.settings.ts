import irc from 'irc-framework';
import { CredentialsRejectedError, type ConnectorField, type ConnectorSettings } from '../../connector.js';
import { clientOptions, type IrcServer } from './irc.session.js';

export const IRC_FIELDS: readonly ConnectorField[] = [
  {
    name: 'host',
    secret: false,
    required: true,
    label: { 'zh-CN': '服务器地址', en: 'Server host' },
    hint: { 'zh-CN': '例如 irc.libera.chat', en: 'For example irc.libera.chat' },
  },
  {
    name: 'port',
    secret: false,
    required: false,
    label: { 'zh-CN': '端口', en: 'Port' },
    hint: { 'zh-CN': '默认：TLS 为 6697，否则 6667', en: 'Default: 6697 with TLS, else 6667' },
  },
  {
    name: 'tls',
    secret: false,
    required: false,
    label: { 'zh-CN': '使用 TLS（true/false）', en: 'Use TLS (true/false)' },
    hint: { 'zh-CN': '默认 true', en: 'Default true' },
  },
  {
    name: 'nick',
    secret: false,
    required: true,
    label: { 'zh-CN': '机器人昵称', en: 'Bot nick' },
  },
  {
    name: 'password',
    secret: true,
    required: false,
    label: { 'zh-CN': '密码（可选）', en: 'Password (optional)' },
    hint: {
      'zh-CN': '服务器密码，或昵称注册的密码（SASL）',
      en: 'The server password, or the registered nick’s password (SASL)',
    },
  },
  {
    name: 'channels',
    secret: false,
    required: true,
    label: { 'zh-CN': '频道（逗号分隔）', en: 'Channels (comma-separated)' },
    hint: { 'zh-CN': '例如 #camp,#chat', en: 'For example #camp,#chat' },
  },
];

export interface IrcSettings extends IrcServer {
  channels: string[];
}

const CHANNEL = /^[#&+!][^\s,\x07]{1,49}$/;
const NICK = /^[A-Za-z[\]\\`_^{|}][A-Za-z0-9[\]\\`_^{|}-]{0,29}$/;

/** The settings, checked; a bad one is refused naming its field. */
export function ircSettings(settings: ConnectorSettings): IrcSettings {
  const refuse = (field: string, message: string) => new CredentialsRejectedError(message, field);
  const host = (settings.host ?? '').trim();
  if (host === '' || /\s/.test(host)) throw refuse('host', 'a server host is required');
  const tlsSetting = (settings.tls ?? 'true').trim().toLowerCase();
  if (tlsSetting !== 'true' && tlsSetting !== 'false') throw refuse('tls', 'tls is "true" or "false"');
  const tls = tlsSetting === 'true';
  const port = settings.port?.trim() ? Number(settings.port) : tls ? 6697 : 6667;
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw refuse('port', 'the port is a number from 1 to 65535');
  const nick = (settings.nick ?? '').trim();
  if (!NICK.test(nick)) throw refuse('nick', 'not a valid IRC nick');
  const channels = (settings.channels ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  if (channels.length === 0 || !channels.every((c) => CHANNEL.test(c)))
    throw refuse('channels', 'channels are names starting with #, separated by commas');
  return { host, port, tls, nick, password: settings.password || undefined, channels };
}

/**
 * Connects and registers as the nick, then QUITs: the live check of the settings. Rejects with a
 * `CredentialsRejectedError` naming the field at fault when the server refuses or does not answer.
 */
export function probeIrc(server: IrcServer, timeoutMs = 15_000): Promise<{ account: string }> {
  const client = new irc.Client();
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (error: CredentialsRejectedError | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error) {
        client.connection.end();
        reject(error);
      } else {
        client.quit('Shequn check');
        resolve({ account: `${client.user.nick}@${server.host}` });
      }
    };
    const timer = setTimeout(
      () => finish(new CredentialsRejectedError('the IRC server did not answer in time', 'host')),
      timeoutMs,
    );
    client.on('registered', () => finish(null));
    client.on('irc error', (event) => {
      if (event.error === 'password_mismatch')
        finish(new CredentialsRejectedError('the IRC server refused the password', 'password'));
      // ERROR before registering: the server closes on us (ngircd: "Access denied: Bad password?").
      if (event.error === 'irc') {
        const reason = (event.reason ?? '').slice(0, 200);
        const field = server.password && /pass/i.test(reason) ? 'password' : 'host';
        finish(new CredentialsRejectedError(`the IRC server refused: ${reason}`, field));
      }
    });
    client.on('nick in use', () => finish(new CredentialsRejectedError('the nick is in use', 'nick')));
    client.on('nick invalid', () => finish(new CredentialsRejectedError('the server refused the nick', 'nick')));
    client.on('socket close', () =>
      finish(new CredentialsRejectedError('the IRC server closed the connection before registering', 'host')),
    );
    client.connect(clientOptions(server));
  });
}
