import { describe, expect, it } from 'vitest';
import { databaseKinds } from '../../test/support/databases.js';
import { ensureCommunity } from '../communities/community.service.js';
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
