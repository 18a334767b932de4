import { describe, expect, it } from 'vitest';
import { CredentialsRejectedError } from '../../connector.js';
import { ircSettings } from './irc.settings.js';

const base = { host: 'irc.example.org', nick: 'shequnbot', channels: '#camp, #chat' };

describe('IRC settings', () => {
  it('reads the fields, with TLS and its port by default', () => {
    expect(ircSettings(base)).toEqual({
      host: 'irc.example.org',
      port: 6697,
      tls: true,
      nick: 'shequnbot',
      password: undefined,
      channels: ['#camp', '#chat'],
    });
    expect(ircSettings({ ...base, tls: 'false', password: 'pw' })).toMatchObject({
      port: 6667,
      tls: false,
      password: 'pw',
    });
    expect(ircSettings({ ...base, port: '7000' }).port).toBe(7000);
  });

  it.each([
    ['host', { host: '' }],
    ['port', { port: '70000' }],
    ['tls', { tls: 'yes' }],
    ['nick', { nick: '9lives' }],
    ['channels', { channels: 'camp' }],
    ['channels', { channels: ' , ' }],
  ])('refuses a bad %s, naming it', (field, change) => {
    const refuse = () => ircSettings({ ...base, ...change });
    expect(refuse).toThrow(CredentialsRejectedError);
    try {
      refuse();
    } catch (error) {
      expect((error as CredentialsRejectedError).field).toBe(field);
    }
  });
});
