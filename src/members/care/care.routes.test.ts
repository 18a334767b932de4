import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wallClockToUtc } from '../../kernel/time/local-day.js';
import { ingestIntoCommunity } from '../../communities/imports/import.service.js';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { asStream, eventBuilder } from '../../../test/support/events.js';
import { testServer } from '../../../test/support/server.js';
import { assignRole } from '../roles/role.service.js';
import { eventLogOf } from '../../../test/support/event-log.js';
import { rebuildQuestions } from '../../automation/service-desk/questions.service.js';

const { at, event } = eventBuilder('Asia/Shanghai');
const NOW = wallClockToUtc('Asia/Shanghai', 2024, 5, 28, 20);
const date = (d: number) => `2024-05-${String(d).padStart(2, '0')}`;

/**
 * The care list on 2024-05-28 (window 05-15..05-28; last 7 days 05-22..05-28). Group `camp` has
 * teacher T and assistant S; group `annex` has no staff.
 * - Drop: 9 messages on 05-15..05-19, 2 on 05-27 → contact (dropping 9 → 2)
 * - Obs: check-ins only → help (observer); Obs2 in annex → help, unassigned
 * - Gone: April messages, then silent → contact (lapsed); Left: the same but left the group → none
 * - Rise: messages on 05-23..05-28, 3 a day (18 vs 0) → encourage (rising)
 * - Bad: an observer on the blacklist; Bot: a bot — never listed
 * - Steady: one message a day all window → nothing to do
 */
function history() {
  const e = [];
  for (let d = 15; d <= 19; d++)
    e.push(
      event('camp', 'Drop', 'message', at(`${date(d)} 23:59`)),
      event('camp', 'Drop', 'message', at(`${date(d)} 00:00`)),
    );
  e.pop(); // 9 messages before, not 10
  e.push(
    event('camp', 'Drop', 'message', at('2024-05-27 08:00')),
    event('camp', 'Drop', 'message', at('2024-05-27 09:00')),
  );
  e.push(
    event('camp', 'Obs', 'checkin', at('2024-05-26 06:00')),
    event('camp', 'Obs', 'checkin', at('2024-05-27 06:00')),
  );
  e.push(event('annex', 'Obs2', 'checkin', at('2024-05-26 06:00')));
  e.push(event('camp', 'Bad', 'checkin', at('2024-05-26 06:00')));
  e.push(event('camp', 'Bot', 'message', at('2024-05-26 06:00'), { bot: true }));
  for (const who of ['Gone', 'Left'])
    for (let d = 1; d <= 5; d++) e.push(event('camp', who, 'message', at(`2024-04-0${d} 10:00`)));
  e.push(event('camp', 'Left', 'leave', at('2024-05-01 10:00')));
  for (let d = 23; d <= 28; d++)
    for (let i = 0; i < 3; i++) e.push(event('camp', 'Rise', 'message', at(`${date(d)} 1${i}:00`)));
  for (let d = 15; d <= 28; d++) {
    e.push(event('camp', 'Steady', 'message', at(`${date(d)} 07:00`)));
    e.push(event('camp', 'T', 'message', at(`${date(d)} 07:30`)));
    e.push(event('camp', 'S', 'message', at(`${date(d)} 07:40`)));
  }
  return e;
}

describe.each(databaseKinds)('care list on %s', (_kind, open) => {
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  let id: Record<string, number>;
  beforeAll(async () => {
    store = await open();
    await ingestIntoCommunity(eventLogOf(store), { community: 'camp', format: 'test', fileName: 'x' }, () =>
      asStream(history()),
    );
    const community = await store.db
      .selectFrom('communities')
      .select('id')
      .where('slug', '=', 'camp')
      .executeTakeFirstOrThrow();
    id = Object.fromEntries(
      (await store.db.selectFrom('members').select(['id', 'display_name']).execute()).map((m) => [
        m.display_name,
        m.id,
      ]),
    );
    const camp = await store.db.selectFrom('groups').select('id').where('name', '=', 'camp').executeTakeFirstOrThrow();
    await assignRole(
      store.db,
      { communityId: community.id, memberId: id.T, role: 'teacher', groupId: camp.id },
      rebuildQuestions,
    );
    await assignRole(
      store.db,
      { communityId: community.id, memberId: id.S, role: 'assistant', groupId: camp.id },
      rebuildQuestions,
    );
    await store.db
      .insertInto('blacklist')
      .values({
        community_id: community.id,
        member_id: id.Bad,
        action: 'mute',
        reason: 'ads',
        account_id: null,
        created_at: NOW,
        lifted_at: null,
      })
      .execute();
    server = await testServer(store, 'camp', { now: () => NOW });
  });
  afterAll(async () => {
    await server?.app.close();
    await store?.dispose();
  });

  const careOf = async (query = '') => {
    const res = await server.as('analyst', { url: `/api/communities/camp/care${query}` });
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  const flatten = (list: any) =>
    list.staff.flatMap((s: any) => s.items.map((i: any) => [s.staffName, i.memberName, i.kind, i.reasonCode]));

  it('lists who each staff member should encourage, help or contact, with reasons', async () => {
    const list = await careOf();
    expect(list.day).toBe('2024-05-28');
    expect(flatten(list).sort()).toEqual(
      [
        // By priority, to the least loaded (T before S on a tie): Rise 18, Drop 7, Gone 6, Obs 2.
        ['T', 'Rise', 'encourage', 'rising'],
        ['S', 'Drop', 'contact', 'dropping'],
        ['T', 'Gone', 'contact', 'lapsed'],
        ['S', 'Obs', 'help', 'observer'],
        [null, 'Obs2', 'help', 'observer'],
      ].sort(),
    );
    const drop = list.staff.flatMap((s: any) => s.items).find((i: any) => i.memberName === 'Drop');
    expect(drop).toEqual({
      memberId: id.Drop,
      memberName: 'Drop',
      kind: 'contact',
      groupName: 'camp',
      done: false,
      reasonCode: 'dropping',
      reasonParams: { last7: 2, prev7: 9 },
      reason: 'Messages fell from 9 to 2 in the last 7 days',
    });
    expect(list.staff.at(-1)).toMatchObject({ staffMemberId: null, staffName: null });
  });

  it('marks an item done once, leaving one note on the member’s timeline', async () => {
    const payload = { memberId: id.Drop, day: '2024-05-28', kind: 'contact', note: '打了电话，下周回来' };
    const first = await server.as('assistant', { method: 'POST', url: '/api/communities/camp/care/done', payload });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      memberId: id.Drop,
      day: '2024-05-28',
      kind: 'contact',
      created: true,
    });
    const second = await server.as('assistant', {
      method: 'POST',
      url: '/api/communities/camp/care/done',
      payload: { ...payload, note: 'again' },
    });
    expect(second.json()).toMatchObject({ created: false, noteId: first.json().noteId });
    const done = await store.db.selectFrom('care_done').selectAll().execute();
    expect(done).toHaveLength(1);
    const notes = await store.db.selectFrom('member_notes').selectAll().where('member_id', '=', id.Drop).execute();
    expect(notes.map((n) => [n.kind, n.body])).toEqual([['care', '打了电话，下周回来']]);
    const item = (await careOf()).staff.flatMap((s: any) => s.items).find((i: any) => i.memberName === 'Drop');
    expect(item).toMatchObject({ done: true, doneNote: '打了电话，下周回来' });
  });

  it('answers for another day in the community’s zone', async () => {
    // On 05-20 Drop and Steady had just started talking (window 05-07..05-20) and Rise not yet.
    const list = await careOf('?day=2024-05-20');
    expect(list.day).toBe('2024-05-20');
    expect(
      flatten(list)
        .map((r: any[]) => r.slice(1))
        .sort(),
    ).toEqual([
      ['Drop', 'encourage', 'rising'],
      ['Gone', 'contact', 'lapsed'],
      ['Steady', 'encourage', 'rising'],
    ]);
  });

  it('needs the assistant role to mark done, and a known member', async () => {
    const payload = { memberId: id.Obs, day: '2024-05-28', kind: 'help' };
    expect(
      (await server.as('analyst', { method: 'POST', url: '/api/communities/camp/care/done', payload })).statusCode,
    ).toBe(403);
    expect(
      (
        await server.as('assistant', {
          method: 'POST',
          url: '/api/communities/camp/care/done',
          payload: { ...payload, memberId: 999999 },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await server.as('assistant', {
          method: 'POST',
          url: '/api/communities/camp/care/done',
          payload: { ...payload, kind: 'hug' },
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (await server.as('assistant', { method: 'POST', url: '/api/communities/camp/care/done', payload })).json(),
    ).toMatchObject({ created: true });
  });
});
