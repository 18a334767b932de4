import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, hasPostgres, TEST_DATABASE_URL } from '../../../test/support/databases.js';
import { seedCampCommunityIn } from '../../../test/support/shequn-process.js';
import { findCommunityBySlug } from '../../communities/community.repo.js';
import { openDatabase, type DatabaseConfig, type DatabaseHandle } from '../../kernel/db/database.js';
import type { Community } from '../../kernel/db/schema.js';
import { NotFoundError } from '../../kernel/errors.js';
import { dayToIso, localDay } from '../../kernel/time/local-day.js';
import { startCheckinThread, type CheckinWriter } from './checkin-writer.js';
import { updateCamp } from '../camp/camp-edit.service.js';
import { createCamp, enrolMembers } from '../camp/camp.service.js';

const MEMBERS = 80;

const stores: Array<[string, () => DatabaseConfig]> = [
  ['a SQLite file', () => ({ dataDir: mkdtempSync(join(tmpdir(), 'shequn-writer-')) })],
  ...(hasPostgres
    ? ([
        ['PostgreSQL', () => ({ databaseUrl: TEST_DATABASE_URL, schema: `t_${randomBytes(6).toString('hex')}` })],
      ] as Array<[string, () => DatabaseConfig]>)
    : []),
];

/** The writer thread on a real database, with the main thread reading what it wrote. */
describe.each(stores)('check-in writer thread on %s', (_kind, configure) => {
  const database = configure();
  let handle: DatabaseHandle;
  let community: Community;
  let campId: number;
  let members: Array<{ memberId: number; token: string }>;
  let writer: CheckinWriter;
  const now = Date.now();

  beforeAll(async () => {
    const { today } = await seedCampCommunityIn(database, 'writer', MEMBERS);
    handle = await openDatabase(database);
    community = (await findCommunityBySlug(handle.db, 'writer'))!;
    const group = await handle.db
      .selectFrom('groups')
      .select('id')
      .where('community_id', '=', community.id)
      .executeTakeFirstOrThrow();
    const yesterday = new Date(Date.parse(today) - 86_400_000).toISOString().slice(0, 10);
    const camp = await createCamp(
      handle.db,
      community,
      { template: 'custom', startDate: yesterday, lengthDays: 21, window: { start: '00:00', end: '24:00' } },
      now,
    );
    campId = camp.id;
    const enrolled = await enrolMembers(handle.db, community, campId, { groupId: group.id }, now);
    members = enrolled.members.map((m) => ({ memberId: m.memberId, token: m.link.replace(/^.*\/m\//, '') }));
    writer = await startCheckinThread(database);
  });
  afterAll(async () => {
    await writer?.close();
    await handle?.close();
    if (database.dataDir) rmSync(database.dataDir, { recursive: true, force: true });
    if (database.schema) await dropSchema(database.schema);
  });

  it('writes check-ins committed before it answers, and answers refusals in words', async () => {
    const [first] = members;
    const created = await writer.byToken(first.token, { text: 'from the thread' }, now);
    expect(created.status).toBe('created');
    // Read by another connection: the answer came after the commit.
    const stored = await handle.db
      .selectFrom('checkins')
      .select(['text', 'source'])
      .where('camp_id', '=', campId)
      .where('member_id', '=', first.memberId)
      .execute();
    expect(stored).toEqual([{ text: 'from the thread', source: 'page' }]);
    const again = await writer.byToken(first.token, { text: 'twice' }, now);
    expect(again).toMatchObject({ status: 'rejected', code: 'ALREADY_CHECKED_IN' });
  });

  it('raises the same error classes as in-process writes, so the HTTP mapping holds', async () => {
    const error = await writer.byToken('x'.repeat(32), { text: 'nobody' }, now).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('records check-ins staff make for a member', async () => {
    const member = members[1];
    const written = await writer.forMember(community, campId, member.memberId, { text: 'by staff' }, 'api', now);
    expect(written.status).toBe('created');
    // The result crosses as the JSON the HTTP answer sends.
    const result = JSON.parse(written.status === 'created' ? written.resultJson : '{}');
    expect(result).toMatchObject({
      checkin: { memberId: member.memberId, source: 'api', date: dayToIso(localDay(community.timezone, now)) },
      streak: { daysCompleted: 1 },
      rewards: { points: 10 },
    });
    expect(Object.keys(result)).toEqual(['checkin', 'streak', 'rewards']);
  });

  it('sees an edit of the camp made on another connection at the next check-in (the thread keeps camps by revision)', async () => {
    const [, , third, fourth] = members;
    expect((await writer.byToken(third.token, { text: 'before the edit' }, now)).status).toBe('created');
    await updateCamp(handle.db, community, campId, { content: { number: true, numberLabel: 'pages' } });
    const refused = await writer.byToken(fourth.token, { text: 'no number' }, now);
    expect(refused).toMatchObject({ status: 'rejected', code: 'MISSING_FIELD' });
    expect((await writer.byToken(fourth.token, { text: 'with a number', number: 12 }, now)).status).toBe('created');
    await updateCamp(handle.db, community, campId, { content: { number: false } });
  });

  it('answers every check-in in flight before closing, then takes no more', async () => {
    const rest = members.slice(4);
    const written = Promise.all(rest.map((m) => writer.byToken(m.token, { text: 'surge' }, now)));
    await writer.close();
    expect((await written).every((o) => o.status === 'created')).toBe(true);
    const count = await handle.db
      .selectFrom('checkins')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('camp_id', '=', campId)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(MEMBERS);
    await expect(writer.byToken(members[0].token, {}, now)).rejects.toMatchObject({ status: 503 });
  });
});
