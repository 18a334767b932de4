import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportedEvent } from '../../../kernel/event-log/event.types.js';
import { flattenTelegramText, importTelegram } from './telegram.importer.js';

const fixture = join(import.meta.dirname, '../../../../test/fixtures/telegram/result.json');

async function collect(path: string, groupName?: string): Promise<ImportedEvent[]> {
  const out: ImportedEvent[] = [];
  for await (const event of importTelegram({ path, timezone: 'Asia/Shanghai', groupName })) out.push(event);
  return out;
}

describe('Telegram Desktop importer', () => {
  it('maps messages, replies, joins, invites and removals', async () => {
    const events = await collect(fixture);
    expect(events.map((e) => [e.sourceId, e.kind, e.author.externalId, e.occurredAt / 1000])).toEqual([
      ['4242:1', 'join', 'user1', 1709247600],
      ['4242:2', 'message', 'user1', 1709247900],
      ['4242:3', 'message', 'user2', 1709248020],
      ['4242:4:0', 'join', 'name:Carol', 1709251200],
      ['4242:4:1', 'join', 'name:Alice', 1709251200],
      ['4242:6', 'message', 'user3', 1709309400],
      ['4242:7:0', 'leave', 'name:Carol', 1709341200],
    ]);
    expect(events[0].group).toEqual({ externalId: '4242', name: '早起打卡营' });
    expect(events[2].replyToSourceId).toBe('4242:2');
    expect(events[2].text).toBe('五点，准时哦');
    expect(events[5].text).toBe('night owl "quoted" \\ backslash');
  });

  it('names the group from --group', async () => {
    const [first] = await collect(fixture, '一期');
    expect(first.group).toEqual({ externalId: '4242', name: '一期' });
  });

  it('flattens text arrays of strings and entities', () => {
    expect(flattenTelegramText(['a', { type: 'link', text: 'b' }, { type: 'x' }])).toBe('ab');
    expect(flattenTelegramText(undefined)).toBeNull();
  });

  const dir = mkdtempSync(join(tmpdir(), 'shequn-tg-'));
  const broken = (name: string, edit: (doc: any) => void) => {
    const doc = JSON.parse(readFileSync(fixture, 'utf8'));
    edit(doc);
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(doc, null, 1));
    return path;
  };

  it.each([
    [
      'no-date.json',
      (d: any) => delete d.messages[2].date_unixtime,
      /no-date\.json, message #2, field date_unixtime: missing/,
    ],
    [
      'bad-date.json',
      (d: any) => (d.messages[1].date_unixtime = 'soon'),
      /bad-date\.json, message #1, field date_unixtime: not a Unix time/,
    ],
    ['no-from.json', (d: any) => delete d.messages[1].from_id, /message #1, field from_id: missing/],
    [
      'bad-type.json',
      (d: any) => (d.messages[0].type = 'weird'),
      /message #0, field type: unknown message type "weird"/,
    ],
    ['no-id.json', (d: any) => delete d.id, /no-id\.json, top level, field id: missing chat id/],
  ])('rejects %s naming file, message and field', async (name, edit, error) => {
    await expect(collect(broken(name, edit))).rejects.toThrow(error);
  });

  /** Every non-ASCII character of a JSON text written as a `\\u` escape, as some tools export. */
  const escapeNonAscii = (json: string) =>
    json.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

  it('reads non-ASCII names, ids and texts alike whether the file escapes them or not', async () => {
    const doc = JSON.parse(readFileSync(fixture, 'utf8'));
    Object.assign(doc.messages[0], { actor: '爱丽丝', actor_id: 'user爱' });
    Object.assign(doc.messages[1], { from: '爱丽丝', from_id: 'user爱', id: '二' });
    Object.assign(doc.messages[2], { from: 'Zoë', reply_to_message_id: '二', date_unixtime: '\u3000 1709248020' });
    Object.assign(doc.messages[3], { members: ['卡萝', 'Alice'], members_ids: ['三', null] });
    const raw = join(dir, 'raw.json');
    const escaped = join(dir, 'escaped.json');
    writeFileSync(raw, JSON.stringify(doc, null, 1));
    writeFileSync(escaped, escapeNonAscii(JSON.stringify(doc, null, 1)));
    expect(readFileSync(escaped, 'utf8')).not.toMatch(/[^\x00-\x7f]/);
    const events = await collect(raw);
    expect(await collect(escaped)).toEqual(events);
    expect(events.map((e) => [e.sourceId, e.author.externalId, e.author.displayName])).toEqual([
      ['4242:1', 'user爱', '爱丽丝'],
      ['4242:二', 'user爱', '爱丽丝'],
      ['4242:3', 'user2', 'Zoë'],
      ['4242:4:0', 'user三', '卡萝'],
      ['4242:4:1', 'name:Alice', 'Alice'],
      ['4242:6', 'user3', 'Carol'],
      ['4242:7:0', 'name:Carol', 'Carol'],
    ]);
    // The ideographic space is white space to Number, as it is in the decoded text.
    expect(events[2]).toMatchObject({ replyToSourceId: '4242:二', occurredAt: 1709248020_000, text: '五点，准时哦' });
  });

  it.each([
    [
      'odd-type.json',
      (d: any) => (d.messages[1].type = '奇怪'),
      'odd-type.json, message #1, field type: unknown message type "奇怪"',
    ],
    [
      'odd-from.json',
      (d: any) => (d.messages[1].from_id = { 名: ['值'] }),
      'odd-from.json, message #1, field from_id: unexpected value {"名":["值"]}',
    ],
    [
      'odd-date.json',
      (d: any) => (d.messages[2].date_unixtime = '明天'),
      'odd-date.json, message #2, field date_unixtime: not a Unix time: "明天"',
    ],
  ])('names non-ASCII values in errors as the file has them (%s)', async (name, edit, message) => {
    await expect(collect(broken(name, edit))).rejects.toThrow(message);
  });

  it('rejects a truncated export', async () => {
    const path = join(dir, 'cut.json');
    writeFileSync(path, readFileSync(fixture, 'utf8').slice(0, 900));
    await expect(collect(path)).rejects.toThrow(/cut\.json, message #\d+: truncated JSON/);
  });
});
