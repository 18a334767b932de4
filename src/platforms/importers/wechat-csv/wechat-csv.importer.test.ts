import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportFormatError } from '../../../kernel/errors.js';
import { eventSummary, fixtureCollector, fixturesDir, utc } from '../../../../test/support/importers.js';
import { importWechatCsv, membershipChange } from './wechat-csv.importer.js';

const collect = fixtureCollector(importWechatCsv, 'wechat-csv');
const summary = eventSummary;

describe('WeChat CSV importer', () => {
  it('maps a MemoTrace export: messages, placeholders, joins, removals; BOM, CRLF, multi-line fields', async () => {
    const events = await collect('memotrace.csv');
    expect(events.map(summary)).toEqual([
      ['memotrace:1:0', 'join', 'name:李四', utc('2024-06-01T00:00:00Z'), null],
      ['memotrace:1:1', 'join', 'name:王五', utc('2024-06-01T00:00:00Z'), null],
      ['memotrace:2', 'message', 'wxid_li4', utc('2024-06-01T00:01:00Z'), '大家好, 我是李四'],
      ['memotrace:3', 'message', 'wxid_li4', utc('2024-06-01T00:02:00Z'), '[image]'],
      ['memotrace:4', 'message', 'self', utc('2024-06-01T00:03:00Z'), '第一行\n第二行'],
      ['memotrace:5:0', 'join', 'name:王五', utc('2024-06-01T00:04:00Z'), null],
      ['memotrace:6:0', 'leave', 'name:王五', utc('2024-06-01T00:05:00Z'), null],
      ['memotrace:8', 'message', 'wxid_zhao6', utc('2024-06-01T00:07:00Z'), '[sticker]'],
      ['memotrace:9', 'message', 'wxid_zhao6', utc('2024-06-01T00:08:00Z'), '[link]'],
    ]);
    expect(events.every((e) => e.platform === 'wechat' && e.replyToSourceId === null)).toBe(true);
    expect(events[0].group).toEqual({ externalId: 'memotrace', name: 'memotrace' });
    expect(events[0].author.displayName).toBe('李四');
    expect(events[7].author.displayName).toBe('赵六'); // NickName beats Remark
    expect(events[8].author.displayName).toBe('wxid_zhao6'); // no name: falls back to the id
  });

  it('names the group from --group when the file has no group column', async () => {
    const [first] = await collect('memotrace.csv', { groupName: '读书会' });
    expect(first.group).toEqual({ externalId: '读书会', name: '读书会' });
    expect(first.sourceId).toBe('读书会:1:0');
  });

  it('reads local times in the community zone across daylight-saving changes and midnight', async () => {
    const events = await collect('london-book-club.csv', { timezone: 'Europe/London' });
    expect(events.map((e) => [e.kind, e.author.externalId, e.occurredAt, e.text])).toEqual([
      ['message', 'wxid_a', utc('2024-03-31T00:59:00Z'), '凌晨好'], // "2024/3/31 0:59", GMT
      ['message', 'wxid_a', utc('2024-03-31T01:30:00Z'), '时钟跳过的时刻'], // 01:30 does not exist: read as GMT
      ['message', 'wxid_b', utc('2024-03-31T02:00:00Z'), '[image]'], // 03:00 BST
      ['message', 'wxid_a', utc('2024-06-30T22:59:59Z'), '晚安'],
      ['message', 'wxid_b', utc('2024-06-30T23:00:30Z'), '早'], // local 1 July, UTC still 30 June
      ['message', 'wxid_b', utc('2024-06-30T23:00:30Z'), '早'],
      ['join', 'name:Tom', utc('2024-10-27T00:30:00Z'), null], // 01:30 happens twice: the earlier (BST)
      ['leave', 'name:Tom', utc('2024-10-27T00:40:00Z'), null],
      ['message', 'name:Tom', utc('2024-10-27T09:00:00Z'), '[type 红包]'],
    ]);
    expect(events[0].group).toEqual({ externalId: '伦敦读书会', name: '伦敦读书会' });
    expect(events[0].author.displayName).toBe('小A');
  });

  it('derives stable, distinct source ids when the file has no id column', async () => {
    const first = (await collect('london-book-club.csv', { timezone: 'Europe/London' })).map((e) => e.sourceId);
    const second = (await collect('london-book-club.csv', { timezone: 'Asia/Tokyo' })).map((e) => e.sourceId);
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(first.length); // the two identical "早" rows differ by occurrence
    expect(first.every((id) => /^伦敦读书会:h[0-9a-f]{16}(:\d+)?$/.test(id))).toBe(true);
    const memo = (await collect('memotrace.csv')).map((e) => e.sourceId);
    expect((await collect('memotrace.csv')).map((e) => e.sourceId)).toEqual(memo);
  });

  it('reports progress in bytes, ending at the file size', async () => {
    const calls: [number, number][] = [];
    await collect('memotrace.csv', { onProgress: (done, total) => calls.push([done, total]) });
    expect(calls.length).toBeGreaterThan(0);
    const [done, total] = calls[calls.length - 1];
    expect(done).toBe(total);
    expect(total).toBeGreaterThan(800);
  });

  it.each([
    ['missing-time.csv', 'missing-time.csv, header, field time: missing column (one of CreateTime, StrTime'],
    ['missing-sender.csv', 'missing-sender.csv, header, field sender: missing column'],
    ['empty.csv', 'empty.csv, header: empty file'],
    ['empty-time.csv', 'empty-time.csv, line 3, field StrTime: empty time'],
    ['bad-time.csv', 'bad-time.csv, line 3, field StrTime: unparseable time "2024-02-30 08:00:00"'],
    // The quoted field before it spans lines 2–3 (CRLF), so the short row is line 4.
    ['wrong-columns.csv', 'wrong-columns.csv, line 4: expected 3 columns, got 2'],
    ['empty-sender.csv', 'empty-sender.csv, line 2, field Sender: empty sender'],
    ['unclosed-quote.csv', 'unclosed-quote.csv, line 3: malformed CSV: Quote Not Closed'],
  ])('rejects %s naming file, line and field', async (file, message) => {
    const error = await collect(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFormatError);
    expect((error as Error).message).toContain(message);
  });

  it.each([
    ['"张三"邀请"李四"、"王五"加入了群聊', 'join', ['name:李四', 'name:王五']],
    ['"张三"邀请你加入了群聊', 'join', ['self']],
    ['“李四”通过扫描“张三”分享的二维码加入群聊', 'join', ['name:李四']],
    ['"李四"加入了群聊', 'join', ['name:李四']],
    ['你被"张三"移出群聊', 'leave', ['self']],
    ['"Alice" invited "Bob" and "Carol" to the group chat', 'join', ['name:Bob', 'name:Carol']],
    ['You invited Bob to the group chat', 'join', ['name:Bob']],
    ['You were removed from the group chat by "Alice"', 'leave', ['self']],
  ])('reads the membership notice %s', (notice, kind, ids) => {
    const change = membershipChange(notice);
    expect([change?.kind, change?.authors.map((a) => a.externalId)]).toEqual([kind, ids]);
  });

  it.each(['"李四"修改群名为"新群名"', '"李四"撤回了一条消息', '"李四"与群里其他人都不是朋友关系，请注意隐私安全'])(
    'ignores the notice %s',
    (notice) => expect(membershipChange(notice)).toBeNull(),
  );

  it('stops cleanly when the consumer stops early', async () => {
    for await (const event of importWechatCsv({
      path: join(fixturesDir, 'wechat-csv', 'memotrace.csv'),
      timezone: 'UTC',
    })) {
      expect(event.sourceId).toBe('memotrace:1:0');
      break;
    }
  });

  it('rejects an unknown time zone before reading', async () => {
    await expect(collect('memotrace.csv', { timezone: 'Mars/Base' })).rejects.toThrow(/not an IANA time zone/);
  });
});
