import { describe, expect, it } from 'vitest';
import { OutboxSendError, type OutboxItem } from '../../../kernel/outbox/dispatcher.js';
import { ircSender, type IrcSendDeps } from './irc.sender.js';

const GROUP = 3;
const ALICE = 11;
const BOB = 12;

function fakeSession(overrides: Partial<IrcSendDeps['session']> = {}) {
  const sent: Array<{ lines: readonly string[]; targets: readonly string[] }> = [];
  const session: IrcSendDeps['session'] = {
    deliver: async (lines, targets) => {
      sent.push({ lines, targets });
    },
    joinedChannel: (name) => (name.toLowerCase() === '#camp' ? '#Camp' : null),
    connected: () => true,
    authorOf: (sourceId) => (sourceId === 'live:#Camp:1:4' ? 'Alice' : null),
    spelling: (id) => ({ alice: 'Alice' })[id] ?? id,
    ...overrides,
  };
  const addresses: IrcSendDeps['addresses'] = {
    chatAddress: async (groupId) => (groupId === GROUP ? '#Camp' : null),
    identityOf: async (memberId) => ({ [ALICE]: 'alice', [BOB]: 'bob' })[memberId] ?? null,
  };
  return { sent, send: ircSender({ session, addresses }) };
}

const item = (over: Partial<OutboxItem>): OutboxItem => ({
  id: 1,
  communityId: 1,
  key: 'k',
  kind: 'test',
  platform: 'irc',
  groupId: GROUP,
  memberId: null,
  locale: 'en',
  text: 'hello\nworld',
  payload: {},
  attempts: 1,
  ...over,
});

describe('IRC sender', () => {
  it('sends into the channel, a line each', async () => {
    const { sent, send } = fakeSession();
    await send(item({}));
    expect(sent).toEqual([{ lines: ['PRIVMSG #Camp :hello', 'PRIVMSG #Camp :world'], targets: ['#Camp'] }]);
  });

  it('sends to a nick directly', async () => {
    const { sent, send } = fakeSession();
    await send(item({ groupId: null, memberId: ALICE, text: 'hi' }));
    expect(sent[0]).toEqual({ lines: ['PRIVMSG Alice :hi'], targets: ['Alice'] });
  });

  it('replies naming the author when this connection saw the message, else plainly', async () => {
    const { sent, send } = fakeSession();
    await send(item({ text: 'welcome', payload: { replyToSourceId: 'live:#Camp:1:4' } }));
    await send(item({ text: 'welcome', payload: { replyToSourceId: '#Camp:2016-06-01:3' } }));
    expect(sent.map((s) => s.lines)).toEqual([['PRIVMSG #Camp :Alice: welcome'], ['PRIVMSG #Camp :welcome']]);
  });

  it('mentions members by nick', async () => {
    const { sent, send } = fakeSession();
    await send(item({ text: 'check in!', payload: { action: 'mention', mentions: [ALICE, BOB, 99] } }));
    expect(sent[0].lines).toEqual(['PRIVMSG #Camp :Alice, bob: check in!']);
  });

  it('announces as the topic and removes by KICK', async () => {
    const { sent, send } = fakeSession();
    await send(item({ text: 'Day 3\nof 21', payload: { action: 'announce' } }));
    await send(item({ memberId: BOB, text: 'spam', payload: { action: 'remove' } }));
    expect(sent).toEqual([
      { lines: ['TOPIC #Camp :Day 3 of 21'], targets: ['#Camp'] },
      { lines: ['KICK #Camp bob :spam'], targets: ['#Camp', 'bob'] },
    ]);
  });

  it('retries later while disconnected, before the channel is known or joined', async () => {
    const expectRetry = async (send: (i: OutboxItem) => Promise<void>, it: OutboxItem) => {
      const error = await send(it).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OutboxSendError);
      expect((error as OutboxSendError).permanent).toBe(false);
    };
    await expectRetry(fakeSession({ connected: () => false }).send, item({}));
    await expectRetry(fakeSession().send, item({ groupId: 4 }));
    await expectRetry(fakeSession({ joinedChannel: () => null }).send, item({}));
  });

  it('gives up on what IRC cannot do or whom it cannot reach', async () => {
    const { send } = fakeSession();
    for (const bad of [
      item({ payload: { action: 'mute' } }),
      item({ groupId: null, memberId: 99 }),
      item({ groupId: null, memberId: null }),
      item({ groupId: null, payload: { action: 'announce' } }),
    ]) {
      const error = await send(bad).catch((e: unknown) => e);
      expect((error as OutboxSendError).permanent).toBe(true);
    }
  });
});
