import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportFormatError } from '../../kernel/errors.js';
import type { ImportedEvent } from '../../kernel/event-log/event.types.js';
import type { ImportFormat } from './importer.types.js';
import { importers } from './registry.js';
import type { TextEncoding } from './text-decoding.js';

/** GB18030 bytes of the Chinese words the exports below use (a known mapping, no encoder needed). */
const GB18030: Record<string, number[]> = {
  你好: [0xc4, 0xe3, 0xba, 0xc3],
  早起打卡: [0xd4, 0xe7, 0xc6, 0xf0, 0xb4, 0xf2, 0xbf, 0xa8],
};
const WORDS = new RegExp(`(${Object.keys(GB18030).join('|')}|\\uFFFF)`);

/** `text` as bytes: ASCII as is, the words above in GB18030 or UTF-8, U+FFFF as a byte no text has. */
function bytesOf(text: string, encoding: TextEncoding): Buffer {
  return Buffer.concat(
    text
      .split(WORDS)
      .map((part) =>
        part === '\uFFFF'
          ? Buffer.from([0xff])
          : encoding === 'gb18030' && GB18030[part]
            ? Buffer.from(GB18030[part])
            : Buffer.from(part),
      ),
  );
}

const dir = await mkdtemp(join(tmpdir(), 'shequn-encodings-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A small export of each format whose one message (or line) says `text`; returns its path. */
const EXPORTS: Record<ImportFormat, (at: string, text: string, encoding: TextEncoding) => Promise<string>> = {
  'wechat-csv': async (at, text, encoding) => {
    const path = join(at, 'chat.csv');
    await writeFile(path, bytesOf(`StrTime,NickName,StrContent\r\n2024-03-01 08:00:00,ann,"${text}"\r\n`, encoding));
    return path;
  },
  irc: async (at, text, encoding) => {
    const path = join(at, '#camp.2024-03-01.log');
    await writeFile(path, bytesOf(`[08:00] <ann> ${text}\n[08:01] <bob> ok\n`, encoding));
    return path;
  },
  telegram: async (at, text, encoding) => {
    const path = join(at, 'result.json');
    const message = { id: 1, type: 'message', date_unixtime: '1709280000', from: 'ann', from_id: 'user1', text };
    await writeFile(path, bytesOf(JSON.stringify({ id: 7, name: 'camp', messages: [message] }, null, 1), encoding));
    return path;
  },
  discord: async (at, text, encoding) => {
    const path = join(at, 'general.json');
    const message = {
      id: '2',
      type: 'Default',
      timestamp: '2024-03-01T08:00:00+00:00',
      content: text,
      author: { id: '9', name: 'ann', isBot: false },
      reactions: [],
    };
    const doc = { guild: { id: '1' }, channel: { id: '3', name: 'general' }, messages: [message] };
    await writeFile(path, bytesOf(JSON.stringify(doc), encoding));
    return path;
  },
  slack: async (at, text, encoding) => {
    await mkdir(join(at, 'general'));
    await writeFile(join(at, 'users.json'), JSON.stringify([{ id: 'U1', name: 'ann' }]));
    await writeFile(join(at, 'channels.json'), JSON.stringify([{ id: 'C1', name: 'general' }]));
    const day = [{ type: 'message', user: 'U1', text, ts: '1709280000.000100' }];
    await writeFile(join(at, 'general', '2024-03-01.json'), bytesOf(JSON.stringify(day), encoding));
    return at;
  },
};

async function importOnce(format: ImportFormat, text: string, encoding: TextEncoding) {
  const at = await mkdtemp(join(dir, `${format}-`));
  const path = await EXPORTS[format](at, text, encoding);
  const encodings: TextEncoding[] = [];
  const events: ImportedEvent[] = [];
  const source = { path, timezone: 'UTC', onEncoding: (e: TextEncoding) => encodings.push(e) };
  for await (const event of importers[format](source)) events.push(event);
  return { texts: events.map((e) => e.text), encodings };
}

describe.each(Object.keys(importers) as ImportFormat[])('the %s importer', (format) => {
  it('reads a GB18030 export as the Chinese it is, and says it read GB18030', async () => {
    const { texts, encodings } = await importOnce(format, '你好, 早起打卡', 'gb18030');
    expect(texts[0]).toBe('你好, 早起打卡');
    expect(encodings).toEqual(['gb18030']);
    expect(texts.join('')).not.toContain('\uFFFD');
  });

  it('reads UTF-8 as before', async () => {
    const { texts, encodings } = await importOnce(format, '你好 早起打卡', 'utf-8');
    expect(texts[0]).toBe('你好 早起打卡');
    expect(encodings.filter((e) => e !== 'utf-8')).toEqual([]);
  });

  it('refuses bytes that are no text, naming the line and byte, instead of storing U+FFFD', async () => {
    const error = await importOnce(format, 'ok \uFFFF ok', 'utf-8').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportFormatError);
    expect((error as Error).message).toMatch(/, line \d+, byte \d+: not text in UTF-8 or GB18030/);
  });
});
