import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../src/analytics/report/report.service.js';
import { ingestIntoCommunity } from '../src/communities/imports/import.service.js';
import type { ImportedEvent } from '../src/kernel/event-log/event.types.js';
import { databaseKinds, type TestDatabase } from './support/databases.js';
import { eventLogOf } from './support/event-log.js';
import { asStream, eventBuilder } from './support/events.js';

const TZ = 'Asia/Shanghai';
const { at, event } = eventBuilder(TZ);

/** A corrected export: the same messages (same ids, authors, times) with their right texts. */
const corrected: ImportedEvent[] = [
  event('g', 'A', 'message', at('2024-03-04 09:00'), { id: 'm1', text: '请问几点开始' }),
  event('g', 'B', 'message', at('2024-03-04 09:02'), { id: 'm2', text: '九点', replyTo: 'm1' }),
  event('g', 'C', 'message', at('2024-03-04 10:00'), { id: 'm3', text: '大家好' }),
];
/** The same file read with the wrong encoding: UTF-8 bytes decoded as Latin-1, one reply link lost. */
const mojibake = (text: string | null | undefined) =>
  text == null ? null : new TextDecoder('latin1').decode(new TextEncoder().encode(text));
const garbled: ImportedEvent[] = corrected.map((e) => ({ ...e, text: mojibake(e.text), replyToSourceId: null }));

describe.each(databaseKinds)('re-importing a corrected export on %s', (_kind, open) => {
  let store: TestDatabase;
  const target = { community: 'camp', timezone: TZ, format: 'test', fileName: 'chat.json' };
  const texts = async () =>
    (
      await store.db.selectFrom('events').select(['source_id', 'text', 'is_question']).orderBy('source_id').execute()
    ).map((r) => [r.source_id, r.text, r.is_question]);
  const report = () => buildReport(store.db, 'camp', {}, Date.parse('2024-04-01T00:00:00Z'));

  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store.dispose();
  });

  it('replaces the garbled texts and links, keeps every count, and answers the question it now sees', async () => {
    const first = await ingestIntoCommunity(eventLogOf(store), target, () => asStream(garbled));
    expect(first).toMatchObject({ inserted: 3, repaired: 0 });
    const before = await report();
    expect(before.responseTime).toMatchObject({ questions: 0 }); // the garbled question reads as none

    const again = await ingestIntoCommunity(eventLogOf(store), target, () => asStream(corrected));
    expect(again).toMatchObject({ read: 3, inserted: 0, duplicates: 3, repaired: 3 }); // every text, and m2's link
    expect(await texts()).toEqual([
      ['m1', '请问几点开始', 1],
      ['m2', '九点', 0],
      ['m3', '大家好', 0],
    ]);
    const after = await report();
    expect(after.totals).toEqual(before.totals);
    expect(after.daily).toEqual(before.daily);
    expect(after.responseTime).toMatchObject({ questions: 1, answered: 1, medianSeconds: 120 });
    const imports = await store.db.selectFrom('imports').select('events_repaired').orderBy('id').execute();
    expect(imports.map((r) => Number(r.events_repaired))).toEqual([0, 3]);
  });

  it('changes nothing when the same file comes again', async () => {
    const again = await ingestIntoCommunity(eventLogOf(store), target, () => asStream(corrected));
    expect(again).toMatchObject({ inserted: 0, duplicates: 3, repaired: 0 });
  });

  it('leaves an event whose time or author differs as stored: that is another event, not a repair', async () => {
    const moved = [{ ...corrected[2]!, occurredAt: corrected[2]!.occurredAt + 60_000, text: 'moved' }];
    const otherAuthor = [{ ...corrected[2]!, author: { externalId: 'D', displayName: 'D' }, text: 'someone else' }];
    expect(await ingestIntoCommunity(eventLogOf(store), target, () => asStream(moved))).toMatchObject({ repaired: 0 });
    expect(await ingestIntoCommunity(eventLogOf(store), target, () => asStream(otherAuthor))).toMatchObject({
      repaired: 0,
    });
    expect((await texts())[2]).toEqual(['m3', '大家好', 0]);
  });
});
