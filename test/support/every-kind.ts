import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { InjectOptions } from 'fastify';
import type { AccessRole } from '../../src/kernel/http/access-roles.js';
import type { DatabaseHandle } from '../../src/kernel/db/database.js';
import { ingestIntoCommunity } from '../../src/communities/imports/import.service.js';
import { enqueue } from '../../src/kernel/outbox/outbox.service.js';
import { eventLogOf } from './event-log.js';
import { asStream, eventBuilder } from './events.js';

/** The instant the fixture's camp day 1 happens at (noon in Shanghai, the communities' default zone). */
export const EVERY_KIND_NOW = Date.UTC(2026, 5, 3, 4);
const CAMP_START = '2026-06-03';

/** What makes the fixture's subject a person: every one of these must vanish on anonymising. */
export interface PersonalStrings {
  name: string;
  handle: string;
  phone: string;
  email: string;
}

type Caller = (role: AccessRole | 'stranger', request: InjectOptions) => ReturnType<FastifyInject>;
type FastifyInject = (request: InjectOptions) => Promise<{ statusCode: number; body: string; json(): any }>;

const png = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
const BOUNDARY = 'every-kind-boundary';
function upload(data: Buffer) {
  const head = `--${BOUNDARY}\r\ncontent-disposition: form-data; name="image"; filename="me.png"\r\ncontent-type: image/png\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
  };
}

/**
 * One community holding one of every kind of object Shequn keeps, built through the routes a
 * staff member and the members use (and the import and outbox services, which have no route that
 * takes a member): a subject member with two identities (a merged twin), messages, a question, a
 * duty role, a tag, a note, a blacklist entry, a camp enrolment, a check-in with a photo (points,
 * a milestone), a copied check-in flagged, a room post with an image, a connector and an outbox
 * item addressed to them. The subject's personal strings appear in their names, handles and texts.
 */
export async function seedEveryKind(
  handle: DatabaseHandle,
  app: { inject: FastifyInject },
  as: Caller,
  role: AccessRole | 'stranger',
  slug: string,
  person: PersonalStrings,
) {
  const call = async (request: InjectOptions, status = 200) => {
    const res = await as(role, request);
    expect(res.statusCode, `${request.method} ${request.url} → ${res.body}`).toBe(status);
    return res.json();
  };
  const api = `/api/communities/${slug}`;
  const { at, event } = eventBuilder('Asia/Shanghai');
  const text = `I am ${person.name}, call ${person.phone} or mail ${person.email}`;
  const events = [
    { ...event('g1', person.handle, 'message', at('2026-06-01 09:00'), { text }) },
    event('g1', person.handle, 'message', at('2026-06-01 09:05'), { text: `怎么打卡? ${person.name}` }),
    event('g1', 'peer', 'message', at('2026-06-01 09:10'), { text: `hi ${person.name}` }),
    event('g1', `${person.handle}_twin`, 'message', at('2026-06-02 09:00'), { text: `twin of ${person.email}` }),
    event('g1', 'copier', 'join', at('2026-06-02 10:00')),
  ].map((e) =>
    e.author.externalId.startsWith(person.handle)
      ? {
          ...e,
          author: {
            ...e.author,
            displayName: e.author.externalId.endsWith('_twin') ? `${person.name} twin` : person.name,
          },
        }
      : e,
  );
  const eventLog = eventLogOf(handle);
  await ingestIntoCommunity(eventLog, { community: slug, format: 'test', fileName: `${slug}.json` }, () =>
    asStream(events),
  );
  const community = await handle.db
    .selectFrom('communities')
    .selectAll()
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow();
  const members = await handle.db
    .selectFrom('identities')
    .select(['member_id', 'external_id'])
    .where('community_id', '=', community.id)
    .execute();
  const memberOf = (externalId: string) => Number(members.find((m) => m.external_id === externalId)!.member_id);
  const subject = memberOf(person.handle);
  const twin = memberOf(`${person.handle}_twin`);
  const peer = memberOf('peer');
  const copier = memberOf('copier');
  const group = await handle.db
    .selectFrom('groups')
    .select('id')
    .where('community_id', '=', community.id)
    .executeTakeFirstOrThrow();
  const groupId = Number(group.id);
  const importRow = await handle.db
    .selectFrom('imports')
    .select('id')
    .where('community_id', '=', community.id)
    .executeTakeFirstOrThrow();

  const merge = await call(
    { method: 'POST', url: `${api}/members/${subject}/merge`, payload: { otherMemberId: twin } },
    201,
  );
  await call({ method: 'PUT', url: `${api}/members/${subject}/roles`, payload: { role: 'leader', groupId } });
  await call({ method: 'POST', url: `${api}/members/tags`, payload: { tag: 'vip', memberIds: [subject] } });
  await call(
    {
      method: 'POST',
      url: `${api}/members/${subject}/notes`,
      payload: { body: `${person.name} asked about ${person.phone}` },
    },
    201,
  );
  const blacklisted = await call(
    { method: 'POST', url: `${api}/blacklist`, payload: { memberId: peer, action: 'mute', reason: 'spam' } },
    201,
  );

  const camp = await call(
    {
      method: 'POST',
      url: `${api}/camps`,
      payload: {
        template: 'custom',
        startDate: CAMP_START,
        lengthDays: 1,
        groupIds: [groupId],
        window: { start: '00:00', end: '23:59' },
        content: { text: true },
        settings: { milestones: [1] },
      },
    },
    201,
  );
  const enrolled = await call({ method: 'POST', url: `${api}/camps/${camp.id}/enrolments`, payload: { groupId } });
  const tokenOf = (memberId: number) =>
    (enrolled.members as Array<{ memberId: number; link: string }>)
      .find((m) => m.memberId === memberId)!
      .link.replace(/^.*\/m\//, '');
  const token = tokenOf(subject);
  const image = await app.inject({ method: 'POST', url: `/api/m/${token}/images`, ...upload(png()) });
  expect(image.statusCode, image.body).toBe(201);
  const checkinText = `Woke at six and read twenty pages of a long novel about the sea, ${person.name}`;
  const checkin = await app.inject({
    method: 'POST',
    url: `/api/m/${token}/checkins`,
    payload: { text: checkinText, imageId: image.json().imageId },
  });
  expect(checkin.statusCode, checkin.body).toBe(201);
  const copied = await app.inject({
    method: 'POST',
    url: `/api/m/${tokenOf(copier)}/checkins`,
    payload: { text: checkinText },
  });
  expect(copied.statusCode, copied.body).toBe(201);

  const invite = await call(
    { method: 'POST', url: `${api}/team/invites`, payload: { email: `invitee@${slug}.test`, role: 'analyst' } },
    201,
  );
  const room = await call({ method: 'POST', url: `${api}/rooms`, payload: { name: 'Readers' } }, 201);
  await call({ method: 'POST', url: `${api}/rooms/${room.groupId}/members`, payload: { memberId: subject } });
  const roomImage = await app.inject({
    method: 'POST',
    url: `/api/m/${token}/rooms/${room.groupId}/images`,
    ...upload(png()),
  });
  expect(roomImage.statusCode, roomImage.body).toBe(201);
  const posted = await app.inject({
    method: 'POST',
    url: `/api/m/${token}/rooms/${room.groupId}/messages`,
    payload: { clientId: randomUUID(), text: `room post by ${person.name}`, image: roomImage.json().imageId },
  });
  expect(posted.statusCode, posted.body).toBe(200);

  const connector = await call(
    {
      method: 'POST',
      url: `${api}/connectors`,
      payload: { platform: 'telegram', name: 'Bot', settings: { token: '123:TOKEN' }, check: false },
    },
    201,
  );
  await handle.db.transaction().execute((trx) =>
    enqueue(
      trx,
      {
        communityId: community.id,
        key: `every-kind:${subject}`,
        kind: 'test.direct',
        target: { platform: 'telegram', memberId: subject },
        locale: 'en',
        text: `Hello ${person.name}`,
      },
      EVERY_KIND_NOW,
    ),
  );
  const outbox = await handle.db
    .selectFrom('outbox')
    .select('id')
    .where('community_id', '=', community.id)
    .where('member_id', '=', subject)
    .executeTakeFirstOrThrow();
  const flag = await handle.db
    .selectFrom('camp_copy_flags')
    .select('id')
    .where('community_id', '=', community.id)
    .executeTakeFirstOrThrow();
  const note = await handle.db
    .selectFrom('member_notes')
    .select('id')
    .where('community_id', '=', community.id)
    .executeTakeFirstOrThrow();
  const imageName = image.json().imageId as string;
  const roomImageId = roomImage.json().imageId as string;
  return {
    community,
    subject,
    twin,
    peer,
    copier,
    token,
    groupId,
    roomId: Number(room.groupId),
    campId: Number(camp.id),
    checkinId: Number(checkin.json().checkin.id),
    imageId: imageName,
    roomImage: roomImageId,
    seq: Number(posted.json().seq),
    flagId: Number(flag.id),
    mergeId: Number(merge.id),
    blacklistId: Number(blacklisted.id),
    connectorId: Number(connector.id),
    importId: Number(importRow.id),
    outboxId: Number(outbox.id),
    inviteId: Number(invite.id),
    noteId: Number(note.id),
    tag: 'vip',
  };
}

export type EveryKind = Awaited<ReturnType<typeof seedEveryKind>>;

/** A server clock from EVERY_KIND_NOW that moves a second per reading, so the copy comes after its original. */
export function tick(): () => number {
  let clock = EVERY_KIND_NOW;
  return () => (clock += 1000);
}
