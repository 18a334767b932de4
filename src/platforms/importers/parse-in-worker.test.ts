import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../analytics/report/report.service.js';
import { createQuestionDetector } from '../../kernel/event-log/question-flag.rules.js';
import { ensureCommunity } from '../../communities/community.service.js';
import { createStamper, toBatches, type EventBatch } from '../../kernel/event-log/event-batch.js';
import { ImportFormatError } from '../../kernel/errors.js';
import { databaseKinds } from '../../../test/support/databases.js';
import { asStream } from '../../../test/support/events.js';
import { importExport } from '../../communities/imports/import.service.js';
import { parseInWorker } from './parse-in-worker.js';
import { importTelegram } from './telegram/telegram.importer.js';
import { eventLogOf } from '../../../test/support/event-log.js';

const fixture = join(import.meta.dirname, '../../../test/fixtures/telegram/result.json');
const timezone = 'Asia/Shanghai';

async function collect(batches: AsyncIterable<EventBatch>) {
  const out = [];
  for await (const b of batches)
    out.push({
      ...b,
      group: [...b.group],
      author: [...b.author],
      kind: [...b.kind],
      occurredAt: [...b.occurredAt],
      day: [...b.day],
      isQuestion: [...b.isQuestion],
    });
  return out;
}

describe('parsing in a worker thread', () => {
  it('yields the very batches parsing in place does, stamped alike', async () => {
    const inPlace = await collect(toBatches(importTelegram({ path: fixture, timezone }), null));
    const progress: number[] = [];
    const batches: EventBatch[] = [];
    for await (const batch of parseInWorker({ format: 'telegram', path: fixture, timezone }, (done) =>
      progress.push(done),
    ))
      batches.push(batch);
    expect(await collect(asStream(batches))).toEqual(inPlace);
    expect(batches[0]).toMatchObject({ length: 7, stamped: false });
    expect(progress.length).toBeGreaterThan(0);

    const stamps = { timezone, isQuestion: createQuestionDetector() };
    batches.forEach(createStamper(stamps));
    expect(await collect(asStream(batches))).toEqual(
      await collect(toBatches(importTelegram({ path: fixture, timezone }), stamps)),
    );
    expect([...batches[0].isQuestion]).toContain(1);
  });

  it('stamps days and question flags itself when given the question rule', async () => {
    const questions = { marks: [], endings: ['哦'], substrings: [], openings: [], words: [] };
    const stamps = { timezone, isQuestion: createQuestionDetector(questions) };
    const inPlace = await collect(toBatches(importTelegram({ path: fixture, timezone }), stamps));
    const stamped = await collect(parseInWorker({ format: 'telegram', path: fixture, timezone, questions }));
    expect(stamped).toEqual(inPlace);
    expect(stamped[0].stamped).toBe(true);
    // This community's rule, not the default one: '五点，准时哦' is its question, '请问…？' is not.
    expect(stamped[0].isQuestion).toEqual([0, 0, 1, 0, 0, 0, 0]);
  });

  it('rethrows the importer’s error as the same class and message', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'shequn-worker-')), 'no-date.json');
    const doc = JSON.parse(readFileSync(fixture, 'utf8'));
    delete doc.messages[2].date_unixtime;
    writeFileSync(path, JSON.stringify(doc));
    const failure = await collect(parseInWorker({ format: 'telegram', path, timezone })).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ImportFormatError);
    expect((failure as ImportFormatError).message).toBe('no-date.json, message #2, field date_unixtime: missing');
    expect((failure as ImportFormatError).code).toBe('IMPORT_FORMAT');
  });

  it('tells what encoding the file was read in, from the worker too', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'shequn-worker-')), 'gb.csv');
    // 你好 in GB18030.
    writeFileSync(path, Buffer.from('StrTime,NickName,StrContent\n2024-03-01 08:00:00,a,\xc4\xe3\xba\xc3\n', 'latin1'));
    const encodings: string[] = [];
    const batches = await collect(
      parseInWorker({ format: 'wechat-csv', path, timezone }, undefined, (e) => encodings.push(e)),
    );
    expect(encodings).toEqual(['gb18030']);
    expect(batches.flatMap((b) => b.text)).toEqual(['你好']);
  });

  describe.each(databaseKinds)('importExport on %s', (_kind, open) => {
    it('stores the same as parsing in place, questions by the community’s own rule', async () => {
      const store = await open();
      try {
        const now = Date.UTC(2024, 5, 1);
        const settings = JSON.stringify({ questions: { marks: [], endings: ['哦'], substrings: [], words: [] } });
        for (const slug of ['here', 'there']) {
          await ensureCommunity(store.db, slug, timezone, now);
          await store.db.updateTable('communities').set({ settings }).where('slug', '=', slug).execute();
        }
        await importExport(eventLogOf(store), {
          path: fixture,
          format: 'telegram',
          community: 'here',
          timezone,
          now,
          parseInWorker: false,
        });
        await importExport(eventLogOf(store), {
          path: fixture,
          format: 'telegram',
          community: 'there',
          timezone,
          now,
          parseInWorker: true,
        });
        const again = await importExport(eventLogOf(store), {
          path: fixture,
          format: 'telegram',
          community: 'there',
          timezone,
          now,
          parseInWorker: true,
        });
        expect(again).toMatchObject({ read: 7, inserted: 0, duplicates: 7 });
        const here = await buildReport(store.db, 'here', {}, now);
        const there = await buildReport(store.db, 'there', {}, now);
        const withoutIds = (r: typeof here) => ({
          ...r,
          community: '',
          groups: r.groups.map((g) => ({ ...g, id: '' })),
        });
        expect(withoutIds(there)).toEqual(withoutIds(here));
        const asked = await store.db
          .selectFrom('questions')
          .innerJoin('events', 'events.id', 'questions.event_id')
          .select('events.text')
          .execute();
        expect(asked.map((q) => q.text)).toEqual(['五点，准时哦', '五点，准时哦']);
      } finally {
        await store.dispose();
      }
    });
  });
});
