import type { Transaction } from 'kysely';
import { describe, expect, it } from 'vitest';
import { asStream, eventBuilder } from '../../../test/support/events.js';
import { EVENT_KINDS, type ImportedEvent } from './event.types.js';
import type { DatabaseHandle } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { toBatches, type EventBatch } from './event-batch.js';
import type { RollupDelta, RollupStore } from './rollup-store.js';
import { RollupAccumulator } from './rollups.js';

const TZ = 'Asia/Shanghai';
const { at, event } = eventBuilder(TZ);

/** A store that records every delta written, in order (maps as entry lists). */
function recordingStore(writes: RollupDelta[]): RollupStore {
  return {
    async write(_trx, _communityId, delta) {
      writes.push(delta);
    },
  };
}

/**
 * Every kind, two groups, a bot, reply links, several days and months, authors repeating; where
 * a flush has just emptied the maps, a group first seen through the bot and then through people.
 */
function scenario(): ImportedEvent[] {
  const kinds = ['message', 'message', 'checkin', 'join', 'leave', 'reaction', 'message'] as const;
  const events = Array.from({ length: 300 }, (_, i) => {
    const day = `2024-0${1 + (i % 3)}-${String(1 + ((i * 7) % 28)).padStart(2, '0')}`;
    const who = `m${(i * 13) % 17}`;
    return event(
      i % 5 === 0 ? 'g2' : 'g1',
      who,
      kinds[i % kinds.length],
      at(`${day} ${String(i % 24).padStart(2, '0')}:30`),
      {
        replyTo: i % 9 === 0 ? 'x' : undefined,
        thread: i % 31 === 0 ? 't' : undefined,
        bot: who === 'm3',
      },
    );
  });
  for (const start of [0, 192]) {
    const when = at('2024-02-10 10:00');
    events.splice(
      start,
      3,
      event('g2', 'm3', 'message', when, { bot: true }),
      event('g1', 'm5', 'leave', when),
      event('g2', 'm6', 'message', when),
    );
  }
  return events;
}

describe('RollupAccumulator.addBatch', () => {
  it('writes exactly what adding the new events one by one writes', async () => {
    const batches: EventBatch[] = [];
    const stamps = { timezone: TZ, isQuestion: () => false };
    for await (const batch of toBatches(asStream(scenario()), stamps, 64)) batches.push(batch);
    const groupIds = [11, 12];
    // Members as ingest resolves them, in order of appearance; two authors share one member.
    const members = batches
      .flatMap((b) => b.newAuthors)
      .map(({ author }, i) => ({ id: 100 + (i % 15), isBot: author.isBot === true }));
    const handle = { sqlite: null } as unknown as DatabaseHandle;
    const trx = {} as Transaction<Database>;
    const [oneByOne, batched]: RollupDelta[][] = [[], []];
    const single = new RollupAccumulator(1, handle, recordingStore(oneByOne));
    const summed = new RollupAccumulator(1, handle, recordingStore(batched));
    for (const [n, batch] of batches.entries()) {
      // Some events already stored: only the new ones may count.
      const fresh = Uint8Array.from({ length: batch.length }, (_, i) => ((i * 7 + n) % 5 === 4 ? 0 : 1));
      for (let i = 0; i < batch.length; i++) {
        if (!fresh[i]) continue;
        const member = members[batch.author[i]];
        single.add(
          groupIds[batch.group[i]],
          member.id,
          EVENT_KINDS[batch.kind[i]],
          batch.day[i],
          batch.replyTo[i] !== null || batch.thread[i] !== null,
          !member.isBot,
        );
      }
      summed.addBatch(batch, fresh, groupIds, members);
      expect(summed.size).toBe(single.size);
      if (n === 1) {
        await single.flushCounts(trx);
        await summed.flushCounts(trx);
      }
      if (n === 2) {
        await single.flush(trx);
        await summed.flush(trx);
      }
    }
    await single.flush(trx);
    await summed.flush(trx);
    // Members' first days are updates, whose order changes nothing; everything else comes alike.
    const comparable = (writes: RollupDelta[]) =>
      writes.map((delta) => ({
        ...delta,
        memberFirstDays: [...delta.memberFirstDays].sort((a, b) => a[0] - b[0]),
        groupFirstDays: [...delta.groupFirstDays],
      }));
    expect(comparable(batched)).toEqual(comparable(oneByOne));
    expect(oneByOne.map((delta) => delta.memberDays.length > 0)).toEqual([true, true, true]);
    expect(oneByOne.map((delta) => delta.memberships.length > 0)).toEqual([false, true, true]);
    expect(oneByOne.some((delta) => delta.replyLinkedGroups.length > 0)).toBe(true);
  });
});

describe('RollupAccumulator.discard', () => {
  it('forgets what was gathered, so a flush after a rollback writes none of it', async () => {
    const writes: RollupDelta[] = [];
    const rollups = new RollupAccumulator(1, { sqlite: null } as unknown as DatabaseHandle, recordingStore(writes));
    rollups.add(11, 100, 'checkin', 19_800, false, true);
    expect(rollups.size).toBe(1);
    rollups.discard();
    expect(rollups.size).toBe(0);
    await rollups.flush({} as Transaction<Database>);
    expect(writes).toHaveLength(1);
    expect(JSON.stringify(writes[0], (_key, value) => (value instanceof Map ? [...value] : value))).not.toContain(
      '19800',
    );
  });
});
