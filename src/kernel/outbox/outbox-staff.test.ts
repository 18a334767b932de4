import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { ensureCommunity } from '../../communities/community.service.js';
import { NoRouteError, OutboxSendError, type Dispatchers, type OutboxItem } from './dispatcher.js';
import {
  cancelOutboxItem,
  claimDue,
  drainOutbox,
  enqueue,
  listOutbox,
  markFailed,
  retryOutboxItem,
} from './outbox.service.js';

const T0 = Date.UTC(2024, 5, 1, 12);

describe.each(databaseKinds)('the outbox for staff on %s', (_kind, open) => {
  let store: TestDatabase;
  let communityId: number;
  let otherId: number;
  let groupId: number;
  let memberId: number;
  let seq = 0;

  beforeAll(async () => {
    store = await open();
    communityId = (await ensureCommunity(store.db, 'outbox-staff', undefined, T0)).id;
    otherId = (await ensureCommunity(store.db, 'outbox-other', undefined, T0)).id;
    groupId = (
      await store.db
        .insertInto('groups')
        .values({
          community_id: communityId,
          platform: 'telegram',
          external_id: 'g',
          name: '晨读营',
          first_day: null,
          created_at: T0,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    memberId = (
      await store.db
        .insertInto('members')
        .values({ community_id: communityId, display_name: '小林', is_bot: 0, first_day: null, created_at: T0 })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => {
    await store?.dispose();
  });
  beforeEach(async () => {
    await store.db.deleteFrom('outbox').execute();
  });

  const add = async (community = communityId) => {
    const key = `s${++seq}`;
    await enqueue(
      store.db,
      {
        communityId: community,
        key,
        kind: 'camp.reminder',
        target: {
          platform: 'telegram',
          groupId: community === communityId ? groupId : null,
          memberId: community === communityId ? memberId : null,
        },
        locale: 'zh-CN',
        text: '记得打卡',
      },
      T0,
    );
    const row = await store.db
      .selectFrom('outbox')
      .selectAll()
      .where('idempotency_key', '=', key)
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const rowOf = (id: number) =>
    store.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  /** A Telegram dispatcher that records what it sent; `gate` holds each send until it resolves. */
  const recording = (gate?: Promise<void>, onSend?: () => void) => {
    const sent: number[] = [];
    const dispatchers: Dispatchers = {
      telegram: {
        send: async (item: OutboxItem) => {
          onSend?.();
          await gate;
          sent.push(item.id);
        },
      },
    };
    return { sent, dispatchers };
  };
  const target = (id: number, community = communityId) => ({ communityId: community, id, accountId: null });

  it('lists items with group and member names, and holds an item no connector can deliver with a reason code', async () => {
    const id = await add();
    const noRoute: Dispatchers = {
      telegram: {
        send: async () => {
          throw new NoRouteError('no telegram connector is running for this community');
        },
      },
    };
    expect(await drainOutbox(store, noRoute, T0)).toMatchObject({ deferred: 1 });
    const [held] = await listOutbox(store.db, communityId, { status: 'held', limit: 10 });
    expect(held).toMatchObject({
      id,
      status: 'pending',
      reasonCode: 'no_connector',
      groupName: '晨读营',
      memberName: '小林',
      attempts: 0,
      lastError: 'waiting: no telegram connector is running for this community',
    });
    expect(await listOutbox(store.db, communityId, { status: 'failed', limit: 10 })).toEqual([]);
    expect(await listOutbox(store.db, communityId, { groupId: groupId + 999, limit: 10 })).toEqual([]);
  });

  it('retries a given-up item: pending and due now, attempts reset, the retry recorded; then it goes out', async () => {
    const id = await add();
    const [claimed] = await claimDue(store, T0, 10);
    await markFailed(store.db, claimed, new OutboxSendError('chat not found', { permanent: true }), T0);
    expect(await rowOf(id)).toMatchObject({ status: 'failed', reason_code: 'rejected', attempts: 1 });

    const view = await retryOutboxItem(store.db, { ...target(id), accountId: null }, T0 + 5000);
    expect(view).toMatchObject({
      status: 'pending',
      attempts: 0,
      reasonCode: 'retried',
      staffAction: 'retried',
      retries: 1,
    });
    expect(await rowOf(id)).toMatchObject({ next_attempt_at: T0 + 5000, staff_action_at: T0 + 5000 });

    const { sent, dispatchers } = recording();
    expect(await drainOutbox(store, dispatchers, T0 + 5000)).toMatchObject({ sent: 1 });
    expect(sent).toEqual([id]);
    // Only a given-up item can be retried: a sent one answers 409.
    await expect(retryOutboxItem(store.db, target(id), T0 + 6000)).rejects.toMatchObject({ status: 409 });
  });

  it('cancels a pending item, which then never goes out; a cancelled item cannot be cancelled or retried again', async () => {
    const id = await add();
    const view = await cancelOutboxItem(store.db, target(id), T0);
    expect(view).toMatchObject({ status: 'cancelled', reasonCode: 'cancelled', staffAction: 'cancelled' });
    const { sent, dispatchers } = recording();
    expect(await drainOutbox(store, dispatchers, T0 + 3_600_000)).toMatchObject({ sent: 0 });
    expect(sent).toEqual([]);
    await expect(cancelOutboxItem(store.db, target(id), T0)).rejects.toMatchObject({ status: 409 });
    await expect(retryOutboxItem(store.db, target(id), T0)).rejects.toMatchObject({ status: 409 });
  });

  it('an id of another community is a 404 for both actions, and the item stays as it was', async () => {
    const foreign = await add(otherId);
    await expect(cancelOutboxItem(store.db, target(foreign), T0)).rejects.toMatchObject({ status: 404 });
    await store.db.updateTable('outbox').set({ status: 'failed' }).where('id', '=', foreign).execute();
    await expect(retryOutboxItem(store.db, target(foreign), T0)).rejects.toMatchObject({ status: 404 });
    expect((await rowOf(foreign)).status).toBe('failed');
    await expect(cancelOutboxItem(store.db, target(foreign + 1000), T0)).rejects.toMatchObject({ status: 404 });
  });

  it('cancelling while a drain sends the item answers 409 and the item is recorded as sent', async () => {
    const id = await add();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let sending!: () => void;
    const started = new Promise<void>((resolve) => (sending = resolve));
    const { sent, dispatchers } = recording(gate, sending);
    const drain = drainOutbox(store, dispatchers, T0);
    await started; // claimed, and in the dispatcher's hands
    await expect(cancelOutboxItem(store.db, target(id), T0)).rejects.toMatchObject({ status: 409 });
    open();
    expect(await drain).toMatchObject({ sent: 1 });
    expect(sent).toEqual([id]);
    expect((await rowOf(id)).status).toBe('sent');
  });

  it('a cancel racing a drain: either the cancel wins and nothing is sent, or the drain wins and the cancel is refused', async () => {
    const outcomes = new Set<string>();
    for (let round = 0; round < 12; round++) {
      await store.db.deleteFrom('outbox').execute();
      const id = await add();
      const { sent, dispatchers } = recording();
      const [cancelled] = await Promise.all([
        cancelOutboxItem(store.db, target(id), T0).then(
          () => true,
          (error: { status?: number }) => {
            expect(error.status).toBe(409);
            return false;
          },
        ),
        drainOutbox(store, dispatchers, T0),
      ]);
      const status = (await rowOf(id)).status;
      if (cancelled) {
        expect(sent).toEqual([]);
        expect(status).toBe('cancelled');
      } else {
        expect(sent).toEqual([id]);
        expect(status).toBe('sent');
      }
      outcomes.add(cancelled ? 'cancel' : 'drain');
    }
    expect(outcomes.size).toBeGreaterThan(0);
  });
});
