import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportedEvent } from '../types.js';
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
    ['no-date.json', (d: any) => delete d.messages[2].date_unixtime, /no-date\.json, message #2, field date_unixtime: missing/],
    ['bad-date.json', (d: any) => (d.messages[1].date_unixtime = 'soon'), /bad-date\.json, message #1, field date_unixtime: not a Unix time/],
    ['no-from.json', (d: any) => delete d.messages[1].from_id, /message #1, field from_id: missing/],
    ['bad-type.json', (d: any) => (d.messages[0].type = 'weird'), /message #0, field type: unknown message type "weird"/],
    ['no-id.json', (d: any) => delete d.id, /no-id\.json, top level, field id: missing chat id/],
  ])('rejects %s naming file, message and field', async (name, edit, error) => {
    await expect(collect(broken(name, edit))).rejects.toThrow(error);
  });

  it('rejects a truncated export', async () => {
    const path = join(dir, 'cut.json');
    writeFileSync(path, readFileSync(fixture, 'utf8').slice(0, 900));
    await expect(collect(path)).rejects.toThrow(/cut\.json, message #\d+: truncated JSON/);
  });
});
