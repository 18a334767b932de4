import { describe, expect, it } from 'vitest';
import { databaseKinds } from '../../test/support/databases.js';
import { ensureCommunity } from '../communities/community.service.js';
import { asStream, eventBuilder } from '../../test/support/events.js';
import { ingestIntoCommunity } from '../communities/imports/import.service.js';
import { createEventLog } from '../kernel/event-log/event-log.js';
import { eventSubscribers } from './event-subscribers.js';
import { createMemberFigureRefresh } from './member-figures.js';

describe.each(databaseKinds)('member figures of live traffic on %s', (_kind, open) => {
  it('refreshes each marked community once, and keeps the marks it could not refresh for the next run', async () => {
    const store = await open();
    try {
      const { id } = await ensureCommunity(store.db, 'live', 'Asia/Shanghai', 0);
      const figures = createMemberFigureRefresh([id]);
      figures.markDirty(id);
      expect(await figures.refreshDirty(store.db, 1_000)).toBe(1);
      expect(await figures.refreshDirty(store.db, 2_000)).toBe(0);

      // A community that is gone fails its refresh: it stays marked, behind the one refreshed first.
      figures.markDirty(id);
      figures.markDirty(id + 999);
      await expect(figures.refreshDirty(store.db, 3_000)).rejects.toThrow(/community/);
      await expect(figures.refreshDirty(store.db, 4_000)).rejects.toThrow(/community/);
    } finally {
      await store.dispose();
    }
  });
});

describe.each(databaseKinds)('member figures after a crash on %s', (_kind, open) => {
  const { at, event } = eventBuilder('Asia/Shanghai');
  const history = Array.from({ length: 30 }, (_, i) =>
    event('g', `m${i}`, 'message', at(`2024-03-0${1 + (i % 5)} 10:00`), { text: 'hi' }),
  );

  it('refreshes, on the next run of a new process, an import whose refresh never ran', async () => {
    const store = await open();
    try {
      // The process dies right after the import's commit: every subscriber ran in the transaction,
      // none after it.
      const dying = createEventLog(
        store,
        eventSubscribers({ memberFigures: createMemberFigureRefresh() }).map((s) => ({ ...s, afterCommit: undefined })),
      );
      await ingestIntoCommunity(
        dying,
        { community: 'c', timezone: 'Asia/Shanghai', format: 'test', fileName: 'x' },
        () => asStream(history),
      );
      const tiers = () => store.db.selectFrom('members').select('tier').execute();
      expect((await tiers()).filter((m) => m.tier === null)).toHaveLength(30);

      // The next process starts with nothing in memory; its schedule finds the durable mark.
      const figures = createMemberFigureRefresh();
      expect(await figures.refreshDirty(store.db, Date.parse('2024-03-06T00:00:00Z'))).toBe(1);
      expect((await tiers()).filter((m) => m.tier === null)).toHaveLength(0);
      expect(await figures.refreshDirty(store.db, Date.parse('2024-03-06T00:10:00Z'))).toBe(0);
    } finally {
      await store.dispose();
    }
  });

  it("clears the mark once the import's own refresh ran", async () => {
    const store = await open();
    try {
      const memberFigures = createMemberFigureRefresh();
      const log = createEventLog(store, eventSubscribers({ memberFigures }));
      await ingestIntoCommunity(log, { community: 'c', timezone: 'Asia/Shanghai', format: 'test', fileName: 'x' }, () =>
        asStream(history),
      );
      expect(await store.db.selectFrom('member_figure_marks').selectAll().execute()).toEqual([]);
      expect(await createMemberFigureRefresh().refreshDirty(store.db, Date.now())).toBe(0);
    } finally {
      await store.dispose();
    }
  });
});
