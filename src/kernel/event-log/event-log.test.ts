import { describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../test/support/databases.js';
import { eventBuilder } from '../../../test/support/events.js';
import { ensureCommunity } from '../../communities/community.service.js';
import { type Appended, createEventLog, type EventSubscriber } from './event-log.js';

const TZ = 'Asia/Shanghai';
const NOW = Date.UTC(2024, 4, 10);

/** A subscriber that records what it saw, and in which step. */
function recorder(name: string, calls: string[], seen: Appended[] = []): EventSubscriber {
  return {
    name,
    inTransaction: async (_trx, appended) => {
      calls.push(`${name}:in`);
      seen.push(appended);
    },
    afterCommit: async () => {
      calls.push(`${name}:after`);
    },
  };
}

describe.each(databaseKinds)('the event log on %s', (_kind, open) => {
  const { at, event } = eventBuilder(TZ);

  it('runs every subscriber inside the transaction, then after the commit, for each append', async () => {
    const store = await open();
    try {
      const calls: string[] = [];
      const seen: Appended[] = [];
      const log = createEventLog(store, [recorder('a', calls, seen), recorder('b', calls)]);
      const community = await ensureCommunity(store.db, 'order', TZ, NOW);
      const events = [
        event('g1', 'ann', 'message', at('2024-05-01 09:00'), { id: 'm1', text: '有人知道吗？' }),
        event('g1', 'bob', 'message', at('2024-05-01 09:01'), { id: 'm2', text: 'yes' }),
      ];
      const result = await log.transaction(async (_trx, append) => {
        const first = await append.events(community, events, { now: NOW });
        calls.push('between');
        await append.events(community, events, { now: NOW });
        return first;
      });
      expect(calls).toEqual(['a:in', 'b:in', 'between', 'a:in', 'b:in', 'a:after', 'b:after', 'a:after', 'b:after']);
      expect(result).toMatchObject({ read: 2, inserted: 2, duplicates: 0, origin: 'history', message: null });
      // The second append of the same events stores nothing, and the subscribers still see it.
      expect(seen[1]).toMatchObject({ read: 2, inserted: 0, duplicates: 2 });
      const stored = await store.db
        .selectFrom('events')
        .select(['source_id', 'is_question'])
        .orderBy('source_id')
        .execute();
      expect(stored.map((e) => [e.source_id, Number(e.is_question)])).toEqual([
        ['m1', 1],
        ['m2', 0],
      ]);
    } finally {
      await store.dispose();
    }
  });

  it('rolls the events back with a failing in-transaction subscriber, and runs no after-commit step', async () => {
    const store = await open();
    try {
      const calls: string[] = [];
      const failing: EventSubscriber = {
        name: 'failing',
        inTransaction: async () => {
          throw new Error('subscriber failed');
        },
      };
      const log = createEventLog(store, [recorder('a', calls), failing]);
      const community = await ensureCommunity(store.db, 'rollback', TZ, NOW);
      const events = [event('g1', 'ann', 'message', at('2024-05-01 09:00'), { id: 'x1' })];
      await expect(log.transaction((_trx, append) => append.events(community, events, { now: NOW }))).rejects.toThrow(
        'subscriber failed',
      );
      expect(calls).toEqual(['a:in']);
      expect(await store.db.selectFrom('events').select('id').execute()).toEqual([]);
      expect(await store.db.selectFrom('members').select('id').execute()).toEqual([]);
    } finally {
      await store.dispose();
    }
  });

  it('runs every after-commit step even when one fails, keeps the commit, then throws the first error', async () => {
    const store = await open();
    try {
      const calls: string[] = [];
      const failing: EventSubscriber = {
        name: 'failing',
        afterCommit: async () => {
          calls.push('failing:after');
          throw new Error('after commit failed');
        },
      };
      const log = createEventLog(store, [failing, recorder('a', calls)]);
      const community = await ensureCommunity(store.db, 'after', TZ, NOW);
      const events = [event('g1', 'ann', 'message', at('2024-05-01 09:00'), { id: 'y1' })];
      await expect(log.transaction((_trx, append) => append.events(community, events, { now: NOW }))).rejects.toThrow(
        'after commit failed',
      );
      expect(calls).toEqual(['a:in', 'failing:after', 'a:after']);
      expect((await store.db.selectFrom('events').select('source_id').execute()).map((e) => e.source_id)).toEqual([
        'y1',
      ]);
    } finally {
      await store.dispose();
    }
  });

  it("gives a live update's message resolved to its member and group, and none for a bot's", async () => {
    const store = await open();
    try {
      const seen: Appended[] = [];
      const log = createEventLog(store, [recorder('a', [], seen)]);
      const community = await ensureCommunity(store.db, 'live', TZ, NOW);
      const fromMember = event('chat', 'ann', 'message', at('2024-05-02 08:00'), { id: 'live:1', text: '打卡' });
      const fromBot = event('chat', 'helper-bot', 'message', at('2024-05-02 08:01'), { id: 'live:2', bot: true });
      await log.transaction(async (_trx, append) => {
        await append.events(community, [fromMember], { now: NOW, live: { message: fromMember, photo: null } });
        await append.events(community, [fromBot], { now: NOW, live: { message: fromBot, photo: null } });
        // An update that records no event (an edit, say) still reaches the subscribers.
        await append.events(community, [], { now: NOW, live: { message: null, photo: null } });
      });
      const member = await store.db
        .selectFrom('identities')
        .select('member_id')
        .where('external_id', '=', 'ann')
        .executeTakeFirstOrThrow();
      const group = await store.db
        .selectFrom('groups')
        .select('id')
        .where('external_id', '=', 'chat')
        .executeTakeFirstOrThrow();
      expect(seen.map((a) => a.origin)).toEqual(['live', 'live', 'live']);
      expect(seen[0].message).toEqual({
        platform: 'telegram',
        sourceId: 'live:1',
        groupId: group.id,
        memberId: member.member_id,
        text: '打卡',
        occurredAt: fromMember.occurredAt,
        photo: null,
      });
      expect(seen[1].message).toBeNull();
      expect(seen[2]).toMatchObject({ read: 0, inserted: 0, message: null });
    } finally {
      await store.dispose();
    }
  });
  it('resolves a live append as a whole load would, loading only its identities: a name-only invitee is claimed', async () => {
    const store = await open();
    try {
      const log = createEventLog(store);
      const community = await ensureCommunity(store.db, 'scoped', TZ, NOW);
      const base = { platform: 'telegram' as const, group: { externalId: 'g1', name: 'g1' }, occurredAt: NOW };
      // An import names an invitee without an id, and knows someone else.
      await log.transaction((_trx, append) =>
        append.events(
          community,
          (async function* () {
            yield {
              ...base,
              sourceId: 'j1',
              kind: 'join' as const,
              author: { externalId: 'name:Mei', displayName: 'Mei' },
            };
            yield {
              ...base,
              sourceId: 'm0',
              kind: 'message' as const,
              author: { externalId: 'u1', displayName: 'Ann' },
              text: 'hi',
            };
          })(),
          { now: NOW },
        ),
      );
      // Live: Mei speaks with her id; Ann again.
      await log.transaction((_trx, append) =>
        append.events(
          community,
          [
            {
              ...base,
              sourceId: 'm1',
              kind: 'message',
              author: { externalId: 'u2', displayName: 'Mei' },
              text: 'hello',
            },
            { ...base, sourceId: 'm2', kind: 'message', author: { externalId: 'u1', displayName: 'Ann' }, text: 'hey' },
          ],
          { now: NOW },
        ),
      );
      const members = await store.db
        .selectFrom('members')
        .select('display_name')
        .where('community_id', '=', community.id)
        .execute();
      expect(members.map((m) => m.display_name).sort()).toEqual(['Ann', 'Mei']);
      const groups = await store.db
        .selectFrom('groups')
        .select('id')
        .where('community_id', '=', community.id)
        .execute();
      expect(groups).toHaveLength(1);
    } finally {
      await store.dispose();
    }
  });
});
