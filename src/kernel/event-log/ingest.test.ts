import { describe, expect, it } from 'vitest';
import { buildReport } from '../../analytics/report/report.service.js';
import { createQuestionDetector } from './question-flag.rules.js';
import { ensureCommunity } from '../../communities/community.service.js';
import { ingestIntoCommunity } from '../../communities/imports/import.service.js';
import type { ImportedEvent } from './event.types.js';
import { databaseKinds } from '../../../test/support/databases.js';
import { asStream, eventBuilder } from '../../../test/support/events.js';
import { toBatches, type BatchSource } from './event-batch.js';
import { ingestBatches } from './ingest.js';
import { eventLogOf } from '../../../test/support/event-log.js';

const TZ = 'Asia/Shanghai';
const { at, event } = eventBuilder(TZ);

/** 150 events over ten days in two groups: more than one insert statement's worth of rows. */
function history(): ImportedEvent[] {
  const out: ImportedEvent[] = [];
  for (let i = 0; i < 150; i++) {
    const day = String(1 + (i % 10)).padStart(2, '0');
    const who = `m${i % 7}`;
    const kind = i % 11 === 0 ? 'join' : i % 13 === 0 ? 'checkin' : 'message';
    out.push(
      event(
        i % 3 === 0 ? 'g2' : 'g1',
        who,
        kind,
        at(`2024-05-${day} ${String(8 + (i % 12)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`),
        { id: `e${i}`, text: i % 4 === 0 ? `how ${i}?` : undefined },
      ),
    );
  }
  return out.sort((a, b) => a.occurredAt - b.occurredAt);
}

describe.each(databaseKinds)('ingest on %s', (_kind, open) => {
  it('counts exactly the new events when an import overlaps stored ones', async () => {
    const store = await open();
    try {
      const all = history();
      const target = (community: string) => ({ community, timezone: TZ, format: 'test', fileName: 'history' });
      const once = await ingestIntoCommunity(eventLogOf(store), target('once'), () => asStream(all));
      expect(once).toMatchObject({ read: 150, inserted: 150, duplicates: 0 });

      // Every third event first, then everything, with one event repeated within the second import.
      const first = await ingestIntoCommunity(eventLogOf(store), target('twice'), () =>
        asStream(all.filter((_, i) => i % 3 === 0)),
      );
      const second = await ingestIntoCommunity(eventLogOf(store), target('twice'), () =>
        asStream([...all.slice(0, 70), all[69], ...all.slice(70)]),
      );
      expect(first.inserted + second.inserted).toBe(150);
      expect(second.duplicates).toBe(first.inserted + 1);

      const now = Date.UTC(2024, 5, 1);
      const strip = (r: Awaited<ReturnType<typeof buildReport>>) => ({
        ...r,
        community: '',
        groups: r.groups.map((g) => ({ ...g, id: '' })),
      });
      expect(strip(await buildReport(store.db, 'twice', {}, now))).toEqual(
        strip(await buildReport(store.db, 'once', {}, now)),
      );
    } finally {
      await store.dispose();
    }
  });

  it('stores the same rollups however often it writes them, waiting or not', async () => {
    const store = await open();
    try {
      const now = Date.UTC(2024, 5, 1);
      const options = { isQuestion: createQuestionDetector(), now };
      const ingest = (slug: string, source: (stamped: ReturnType<typeof toBatches>) => BatchSource, more = {}) =>
        store.db.transaction().execute(async (trx) => {
          const community = await ensureCommunity(trx, slug, TZ, now);
          const batches = toBatches(asStream(history()), { timezone: TZ, isQuestion: options.isQuestion }, 16);
          return ingestBatches(store, trx, community, source(batches), { ...options, ...more });
        });
      await ingest('whole', (batches) => batches);
      // Counts written every few keys, and whenever the source says its next batch is not there.
      let waiting = false;
      const pieces = await ingest(
        'pieces',
        (batches) => ({ [Symbol.asyncIterator]: () => batches, ready: () => (waiting = !waiting) }),
        {
          rollupFlushAt: { always: 9, idle: 3 },
        },
      );
      expect(pieces.inserted).toBe(150);

      const strip = (r: Awaited<ReturnType<typeof buildReport>>) => ({
        ...r,
        community: '',
        groups: r.groups.map((g) => ({ ...g, id: '' })),
      });
      expect(strip(await buildReport(store.db, 'pieces', {}, now))).toEqual(
        strip(await buildReport(store.db, 'whole', {}, now)),
      );
      const days = (slug: string) =>
        store.db
          .selectFrom('community_days')
          .innerJoin('communities', 'communities.id', 'community_days.community_id')
          .select(['day', 'messages', 'checkins', 'active_members'])
          .where('slug', '=', slug)
          .orderBy('day')
          .execute();
      expect(await days('pieces')).toEqual(await days('whole'));
      expect((await days('whole')).length).toBe(10);
    } finally {
      await store.dispose();
    }
  });
});
