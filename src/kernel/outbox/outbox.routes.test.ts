import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { testServer } from '../../../test/support/server.js';
import { enqueue } from './outbox.service.js';

const T0 = Date.UTC(2024, 5, 1, 12);

describe.each(databaseKinds)('outbox routes on %s', (_kind, open) => {
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  const idOf = async (communityId: number, key: string) => {
    await enqueue(
      store.db,
      { communityId, key, kind: 'camp.praise', target: { platform: 'telegram' }, locale: 'en', text: 'well done' },
      T0,
    );
    return (
      await store.db
        .selectFrom('outbox')
        .select('id')
        .where('community_id', '=', communityId)
        .where('idempotency_key', '=', key)
        .executeTakeFirstOrThrow()
    ).id;
  };

  beforeAll(async () => {
    store = await open();
    server = await testServer(store, 'outbox-routes', { now: () => T0 });
  });
  afterAll(async () => {
    await server?.app.close();
    await store?.dispose();
  });

  it('cancels its own community item as an operator; an item of another community is a 404 and stays pending', async () => {
    const own = await idOf(server.home.id, 'own');
    const foreign = await idOf(server.elsewhere.id, 'foreign');
    const url = (id: number, action: string) => `/api/communities/outbox-routes/outbox/${id}/${action}`;
    const cancelled = await server.as('operator', { method: 'POST', url: url(own, 'cancel') });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ id: own, status: 'cancelled', reasonCode: 'cancelled' });
    for (const action of ['cancel', 'retry']) {
      const refused = await server.as('operator', { method: 'POST', url: url(foreign, action) });
      expect(refused.statusCode).toBe(404);
    }
    const row = await store.db
      .selectFrom('outbox')
      .select('status')
      .where('id', '=', foreign)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
    const again = await server.as('operator', { method: 'POST', url: url(own, 'cancel') });
    expect(again.statusCode).toBe(409);
    const staffRecorded = await store.db
      .selectFrom('outbox')
      .select(['staff_action', 'staff_account_id'])
      .where('id', '=', own)
      .executeTakeFirstOrThrow();
    expect(staffRecorded.staff_action).toBe('cancelled');
    expect(staffRecorded.staff_account_id).not.toBeNull();
  });
});
