import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../test/support/databases.js';
import { eventLogOf } from '../../../test/support/event-log.js';
import { importExport } from './import.service.js';

const dir = await mkdtemp(join(tmpdir(), 'shequn-import-nul-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Exports with a NUL byte (and another control character) inside a message. */
const FILES = {
  'wechat-csv': ['chat.csv', 'StrTime,NickName,StrContent\n2024-03-01 08:00:00,ann,"早起\u0000打卡\u0001"\n'],
  irc: ['#camp.2024-03-01.log', '[08:00] <ann> 早起\u0000打卡\u0001\n'],
  telegram: [
    'result.json',
    JSON.stringify({
      id: 7,
      name: 'camp\u0000',
      messages: [
        {
          id: 1,
          type: 'message',
          date_unixtime: '1709280000',
          from: 'a\u0000nn',
          from_id: 'user1',
          text: '早起\u0000打卡\u0001',
        },
      ],
    }),
  ],
} as const;

describe.each(databaseKinds)('an import with a NUL byte on %s', (_kind, open) => {
  it.each(Object.keys(FILES) as (keyof typeof FILES)[])(
    'stores the %s message without its control characters, alike on both databases',
    async (format) => {
      const store = await open();
      try {
        const [name, content] = FILES[format];
        const path = join(await mkdtemp(join(dir, `${format}-`)), name);
        await writeFile(path, content);
        const summary = await importExport(eventLogOf(store), { path, format, community: 'camp', timezone: 'UTC' });
        expect(summary).toMatchObject({ read: 1, inserted: 1 });
        const rows = await store.db
          .selectFrom('events')
          .innerJoin('identities', 'identities.member_id', 'events.member_id')
          .select(['events.text', 'identities.display_name'])
          .execute();
        expect(rows).toEqual([{ text: '早起打卡', display_name: 'ann' }]);
      } finally {
        await store.dispose();
      }
    },
  );
});
