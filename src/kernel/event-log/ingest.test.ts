import { describe, expect, it } from 'vitest';
import { buildReport } from '../../analytics/report.service.js';
import { ingestIntoCommunity } from '../../platforms/importers/import.service.js';
import type { ImportedEvent } from '../../platforms/importers/types.js';
import { databaseKinds } from '../../../test/support/databases.js';
import { asStream, eventBuilder } from '../../../test/support/events.js';

const TZ = 'Asia/Shanghai';
const { at, event } = eventBuilder(TZ);

/** 150 events over ten days in two groups: more than one insert statement's worth of rows. */
function history(): ImportedEvent[] {
  const out: ImportedEvent[] = [];
  for (let i = 0; i < 150; i++) {
    const day = String(1 + (i % 10)).padStart(2, '0');
    const who = `m${i % 7}`;
    const kind = i % 11 === 0 ? 'join' : i % 13 === 0 ? 'checkin' : 'message';
    out.push(event(i % 3 === 0 ? 'g2' : 'g1', who, kind, at(`2024-05-${day} ${String(8 + (i % 12)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`), { id: `e${i}`, text: i % 4 === 0 ? `how ${i}?` : undefined }));
  }
  return out.sort((a, b) => a.occurredAt - b.occurredAt);
}

describe.each(databaseKinds)('ingest on %s', (_kind, open) => {
  it('counts exactly the new events when an import overlaps stored ones', async () => {
    const store = await open();
    try {
      const all = history();
      const target = (community: string) => ({ community, timezone: TZ, format: 'test', fileName: 'history' });
      const once = await ingestIntoCommunity(store, target('once'), () => asStream(all));
      expect(once).toMatchObject({ read: 150, inserted: 150, duplicates: 0 });

      // Every third event first, then everything, with one event repeated within the second import.
      const first = await ingestIntoCommunity(store, target('twice'), () => asStream(all.filter((_, i) => i % 3 === 0)));
      const second = await ingestIntoCommunity(store, target('twice'), () => asStream([...all.slice(0, 70), all[69], ...all.slice(70)]));
      expect(first.inserted + second.inserted).toBe(150);
      expect(second.duplicates).toBe(first.inserted + 1);

      const now = Date.UTC(2024, 5, 1);
      const strip = (r: Awaited<ReturnType<typeof buildReport>>) => ({ ...r, community: '', groups: r.groups.map((g) => ({ ...g, id: '' })) });
      expect(strip(await buildReport(store.db, 'twice', {}, now))).toEqual(strip(await buildReport(store.db, 'once', {}, now)));
    } finally {
      await store.dispose();
    }
  });
});
