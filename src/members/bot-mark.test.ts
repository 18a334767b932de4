import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildQuestions } from '../automation/service-desk/questions.service.js';
import { ingestIntoCommunity } from '../communities/imports/import.service.js';
import { wallClockToUtc } from '../kernel/time/local-day.js';
import { databaseKinds, type TestDatabase } from '../../test/support/databases.js';
import { eventLogOf } from '../../test/support/event-log.js';
import { asStream, eventBuilder } from '../../test/support/events.js';
import { testServer } from '../../test/support/server.js';
import { markBot } from './bot-mark.service.js';

const { at, event } = eventBuilder('Asia/Shanghai');
const NOW = wallClockToUtc('Asia/Shanghai', 2024, 5, 28, 20);
const date = (d: number) => `2024-05-${String(d).padStart(2, '0')}`;

/**
 * `Workflow` is an account that posts like a busy member (three messages a day from 05-23, alone
 * on 05-20) but is a workflow bot the import did not know; Steady and Rise are people.
 */
function history() {
  const e = [];
  for (let d = 15; d <= 28; d++) e.push(event('camp', 'Steady', 'message', at(`${date(d)} 07:00`)));
  for (let d = 23; d <= 28; d++)
    for (let i = 0; i < 3; i++) {
      e.push(event('camp', 'Workflow', 'message', at(`${date(d)} 1${i}:00`)));
      e.push(event('camp', 'Rise', 'message', at(`${date(d)} 1${i}:30`)));
    }
  e.push(event('annex', 'Workflow', 'message', at('2024-05-20 09:00')));
  return e;
}

describe.each(databaseKinds)('marking a member as a bot on %s', (_kind, open) => {
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  let workflow: number;
  beforeAll(async () => {
    store = await open();
    await ingestIntoCommunity(eventLogOf(store), { community: 'camp', format: 'test', fileName: 'x' }, () =>
      asStream(history()),
    );
    workflow = (
      await store.db.selectFrom('members').select('id').where('display_name', '=', 'Workflow').executeTakeFirstOrThrow()
    ).id;
    server = await testServer(store, 'camp', { now: () => NOW });
  });
  afterAll(async () => {
    await server?.app.close();
    await store?.dispose();
  });

  const get = async (url: string) => {
    const res = await server.as('analyst', { url: `/api/communities/camp/${url}` });
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  const report = () => get('report?from=2024-05-15&to=2024-05-28');
  const careNames = async () =>
    (await get('care')).staff.flatMap((s: any) => s.items.map((i: any) => i.memberName)).sort();
  const mark = (isBot: boolean, role: 'operator' | 'assistant' = 'operator') =>
    server.as(role, { method: 'PUT', url: `/api/communities/camp/members/${workflow}/bot`, payload: { isBot } });

  it('takes a bot out of the report and the care list, and unmarking restores both exactly', async () => {
    const before = await report();
    expect(before.totals).toMatchObject({ messages: 14 + 18 + 19, authors: 3 });
    expect(before.daily.find((d: any) => d.date === '2024-05-26')).toMatchObject({ messages: 7, activeMembers: 3 });
    expect(await careNames()).toContain('Workflow');
    const figures = await get(`members/${workflow}`);

    expect((await mark(true, 'assistant')).statusCode).toBe(403);
    const marked = await mark(true);
    expect(marked.statusCode).toBe(200);
    expect(marked.json()).toEqual({ isBot: true, changed: true });

    const asBot = await report();
    expect(asBot.totals).toMatchObject({ messages: 14 + 18, authors: 2 });
    expect(asBot.totals.members).toBe(before.totals.members - 1);
    expect(asBot.daily.find((d: any) => d.date === '2024-05-26')).toMatchObject({ messages: 4, activeMembers: 2 });
    expect(asBot.daily.find((d: any) => d.date === '2024-05-20')).toMatchObject({ messages: 1, activeMembers: 1 });
    expect(await careNames()).not.toContain('Workflow');
    expect((await get(`members/${workflow}`)).isBot).toBe(true);

    expect((await mark(true)).json()).toEqual({ isBot: true, changed: false });
    expect((await mark(false)).json()).toEqual({ isBot: false, changed: true });
    expect(await report()).toEqual(before);
    expect(await careNames()).toContain('Workflow');
    expect(await get(`members/${workflow}`)).toEqual(figures);
  });

  it("another community's member is a 404", async () => {
    const other = await store.db
      .insertInto('members')
      .values({ community_id: server.elsewhere.id, display_name: 'X', is_bot: 0, first_day: null, created_at: NOW })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(
      markBot(store.db, { communityId: server.home.id, memberId: other.id, isBot: true }, rebuildQuestions, NOW),
    ).rejects.toMatchObject({ status: 404 });
    const res = await server.as('operator', {
      method: 'PUT',
      url: `/api/communities/camp/members/${other.id}/bot`,
      payload: { isBot: true },
    });
    expect(res.statusCode).toBe(404);
  });
});
