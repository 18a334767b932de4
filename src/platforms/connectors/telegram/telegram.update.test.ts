import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importTelegram } from '../../importers/telegram/telegram.importer.js';
import type { ImportedEvent } from '../../../kernel/event-log/event.types.js';
import { bareChatId, parseTelegramUpdate } from './telegram.update.js';

const fixture = join(import.meta.dirname, '../../../../test/fixtures/telegram/result.json');
const chat = { id: -1004242, type: 'supergroup', title: '早起打卡营' };
const alice = { id: 1, is_bot: false, first_name: 'Alice' };
const bob = { id: 2, is_bot: false, first_name: 'Bob' };
const update = (message: object, id = 100) => ({ update_id: id, message: { chat, date: 1709247900, ...message } });
const essentials = (e: ImportedEvent) => ({
  platform: e.platform,
  sourceId: e.sourceId,
  group: e.group.externalId,
  author: e.author.externalId,
  kind: e.kind,
  occurredAt: e.occurredAt,
  replyTo: e.replyToSourceId ?? null,
  text: e.text ?? null,
});

describe('parseTelegramUpdate', () => {
  it('gives a message the ids the Telegram Desktop importer gives it, so live and imported are one event', async () => {
    const imported: ImportedEvent[] = [];
    for await (const e of importTelegram({ path: fixture, timezone: 'Asia/Shanghai' })) imported.push(e);
    const byId = new Map(imported.map((e) => [e.sourceId, e]));
    const live = [
      parseTelegramUpdate(update({ message_id: 1, date: 1709247600, from: alice, new_chat_members: [alice] })),
      parseTelegramUpdate(update({ message_id: 2, from: alice, text: '大家早！请问打卡几点开始？' })),
      parseTelegramUpdate(
        update({
          message_id: 3,
          date: 1709248020,
          from: bob,
          text: '五点，准时哦',
          reply_to_message: { message_id: 2, date: 1709247900, chat },
        }),
      ),
    ].flatMap((u) => u.events);
    expect(live.map(essentials)).toEqual(live.map((e) => essentials(byId.get(e.sourceId)!)));
    expect(live[1]).toMatchObject({
      group: { externalId: '4242', name: '早起打卡营' },
      author: { displayName: 'Alice', isBot: false },
    });
  });

  it.each([
    ['supergroup', -1001234567890, '1234567890'],
    ['channel', -1001234567890, '1234567890'],
    ['group', -4242, '4242'],
  ])('reads a %s id %i as Desktop exports write it: %s', (type, id, bare) => {
    expect(bareChatId(id, type)).toBe(bare);
  });

  it('turns invitations into one join per member and a departure into a leave', () => {
    const invited = parseTelegramUpdate(
      update({
        message_id: 4,
        from: bob,
        new_chat_members: [
          { id: 3, is_bot: false, first_name: 'Carol', last_name: 'Li' },
          { id: 9, is_bot: true, first_name: 'Helper' },
        ],
      }),
    );
    expect(invited.events.map((e) => [e.sourceId, e.kind, e.author])).toEqual([
      ['4242:4:0', 'join', { externalId: 'user3', displayName: 'Carol Li', isBot: false }],
      ['4242:4:1', 'join', { externalId: 'user9', displayName: 'Helper', isBot: true }],
    ]);
    expect(invited.message).toBeNull();
    const left = parseTelegramUpdate(
      update({
        message_id: 7,
        from: { id: 3, is_bot: false, first_name: 'Carol' },
        left_chat_member: { id: 3, is_bot: false, first_name: 'Carol' },
      }),
    );
    expect(left.events.map((e) => [e.sourceId, e.kind, e.author.externalId])).toEqual([['4242:7:0', 'leave', 'user3']]);
  });

  it('keeps captions and content without text, and skips service messages but learns the chat', () => {
    expect(
      parseTelegramUpdate(update({ message_id: 8, from: alice, photo: [{}], caption: '打卡 晨跑' })).message?.text,
    ).toBe('打卡 晨跑');
    expect(parseTelegramUpdate(update({ message_id: 9, from: alice, sticker: {} })).message?.text).toBe('');
    const pinned = parseTelegramUpdate(update({ message_id: 10, from: alice, pinned_message: { message_id: 2 } }));
    expect([pinned.events, pinned.chats]).toEqual([[], [{ externalId: '4242', address: '-1004242' }]]);
  });

  it('drops control characters from a polled update, which never passed the HTTP edge', () => {
    const parsed = parseTelegramUpdate(
      update({ message_id: 11, from: { ...alice, first_name: 'Al\u0000ice' }, text: '打卡\u0000 晨跑\u001b' }),
    );
    expect(parsed.message?.text).toBe('打卡 晨跑');
    expect(parsed.events[0].author.displayName).not.toContain('\u0000');
    expect(parsed.events[0].text).toBe('打卡 晨跑');
  });

  it('names a message sent on behalf of a chat after that chat', () => {
    const anonymous = parseTelegramUpdate(
      update({
        message_id: 11,
        from: { id: 1087968824, is_bot: true, first_name: 'Group' },
        sender_chat: chat,
        text: 'announcement',
      }),
    );
    expect(anonymous.message?.author).toEqual({ externalId: 'channel4242', displayName: '早起打卡营' });
  });

  it.each([
    ['an edit', { update_id: 5, edited_message: { message_id: 2 } }],
    [
      'a private chat',
      {
        update_id: 6,
        message: { message_id: 1, date: 1, chat: { id: 1, type: 'private' }, from: alice, text: '/start' },
      },
    ],
    ['a channel post', { update_id: 7, channel_post: { message_id: 1 } }],
  ])('acknowledges %s without events', (_name, body) => {
    expect(parseTelegramUpdate(body)).toEqual({
      updateId: body.update_id,
      events: [],
      chats: [],
      message: null,
      photo: [],
    });
  });

  it.each([
    ['not an object', [], 'body'],
    ['no update id', { message: {} }, 'update.update_id'],
    ['a message without a chat', { update_id: 1, message: { message_id: 1, date: 1 } }, 'message.chat'],
    [
      'a sender without a name',
      { update_id: 1, message: { message_id: 1, date: 1, chat, from: { id: 1 }, text: 'x' } },
      'message.from.first_name',
    ],
  ])('refuses %s, naming %s', (_name, body, field) => {
    expect(() => parseTelegramUpdate(body)).toThrow(expect.objectContaining({ field }));
  });

  it("reads a photo's sizes, smallest first, with its caption as the text; a message without one has none", () => {
    const sizes = [
      { file_id: 'AgAD-small', file_unique_id: 's', width: 90, height: 67, file_size: 1200 },
      { file_id: 'AgAD-large', file_unique_id: 'l', width: 1280, height: 960 },
      { file_unique_id: 'no-id', width: 1, height: 1 },
    ];
    const parsed = parseTelegramUpdate(update({ message_id: 9, from: alice, photo: sizes, caption: '打卡 第一天' }));
    expect(parsed.message?.text).toBe('打卡 第一天');
    expect(parsed.photo).toEqual([
      { ref: 'AgAD-small', bytes: 1200 },
      { ref: 'AgAD-large', bytes: null },
    ]);
    expect(parseTelegramUpdate(update({ message_id: 10, from: alice, text: '打卡' })).photo).toEqual([]);
  });
});
