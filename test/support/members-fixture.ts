import type { DatabaseHandle } from '../../src/kernel/db/database.js';
import { refreshMemberStats } from '../../src/members/stats/member-stats.service.js';
import { ingestIntoCommunity } from '../../src/communities/imports/import.service.js';
import { asStream, eventBuilder } from './events.js';
import { eventLogOf } from './event-log.js';

/**
 * A hand-computed community for the members features (Asia/Shanghai, last day 2024-05-20, a
 * Monday; tier window 05-07..05-20):
 * - alice: messages 05-13 23:30, 05-14 00:30, 05-14 04:59, 05-15 10:00, 05-16 05:00 → 4 message
 *   days, active; 3 of 5 at night (05:00 is not night) → night_owl;
 * - bob: 05-01, 05-15, 05-18 ×3 (Sat), 05-19 (Sun) → observer; 4 of 6 on weekends → weekend_poster;
 * - carol: check-ins 05-01..05-07, seven days in a row → streak_keeper; observer (05-07 is in the window);
 * - chris: check-ins 05-10..05-15, six days → no streak tag; observer;
 * - dave: joined 05-15, silent → lurker, newcomer;
 * - eve: message 04-01, left 04-02 → gone;
 * - quinn: a message on 04-20, three questions on 05-20 → question_asker; observer;
 * - wendy: one message on 05-20 from WeChat (every other member is on Telegram) → observer, newcomer;
 * - robot: a bot → no tier, no tags.
 * All in Telegram group "g1" except bob and quinn, who are in "g2", and wendy (WeChat's "g1").
 */
export async function seedMembersFixture(handle: DatabaseHandle, slug = 'camp') {
  const { at, event } = eventBuilder('Asia/Shanghai');
  const msg = (group: string, who: string, when: string, text?: string) =>
    event(group, who, 'message', at(when), { text });
  const events = [
    msg('g1', 'alice', '2024-05-13 23:30'),
    msg('g1', 'alice', '2024-05-14 00:30'),
    msg('g1', 'alice', '2024-05-14 04:59'),
    msg('g1', 'alice', '2024-05-15 10:00'),
    msg('g1', 'alice', '2024-05-16 05:00'),
    msg('g2', 'bob', '2024-05-01 10:00'),
    msg('g2', 'bob', '2024-05-15 10:00'),
    msg('g2', 'bob', '2024-05-18 10:00'),
    msg('g2', 'bob', '2024-05-18 11:00'),
    msg('g2', 'bob', '2024-05-18 12:00'),
    msg('g2', 'bob', '2024-05-19 10:00'),
    ...['01', '02', '03', '04', '05', '06', '07'].map((d) => event('g1', 'carol', 'checkin', at(`2024-05-${d} 07:00`))),
    ...['10', '11', '12', '13', '14', '15'].map((d) => event('g1', 'chris', 'checkin', at(`2024-05-${d} 07:00`))),
    event('g1', 'dave', 'join', at('2024-05-15 09:00')),
    msg('g1', 'eve', '2024-04-01 09:00', 'hi =HYPERLINK("x")'),
    event('g1', 'eve', 'leave', at('2024-04-02 09:00')),
    msg('g2', 'quinn', '2024-04-20 09:00', '大家好'),
    msg('g2', 'quinn', '2024-05-20 09:00', '怎么打卡?'),
    msg('g2', 'quinn', '2024-05-20 09:10', '为什么不行?'),
    msg('g2', 'quinn', '2024-05-20 09:20', '有没有人?'),
    { ...msg('g1', 'wendy', '2024-05-20 08:00'), platform: 'wechat' as const },
    event('g1', 'robot', 'message', at('2024-05-20 10:00'), { bot: true }),
    event('g1', 'robot', 'message', at('2024-05-19 10:00'), { bot: true }),
  ];
  await ingestIntoCommunity(eventLogOf(handle), { community: slug, format: 'test', fileName: 'members.json' }, () =>
    asStream(events),
  );
  const community = await handle.db
    .selectFrom('communities')
    .selectAll()
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow();
  await refreshMemberStats(handle.db, community.id, Date.UTC(2024, 4, 21));
  const members = await handle.db
    .selectFrom('members')
    .select(['id', 'display_name'])
    .where('community_id', '=', community.id)
    .execute();
  const ids = Object.fromEntries(members.map((m) => [m.display_name, m.id])) as Record<string, number>;
  const groups = await handle.db
    .selectFrom('groups')
    .select(['id', 'name', 'platform'])
    .where('community_id', '=', community.id)
    .execute();
  // A group is per platform: wendy's WeChat "g1" is a group of its own, `wechat`.
  const groupIds = Object.fromEntries(
    groups.map((g) => [g.platform === 'telegram' ? g.name : g.platform, g.id]),
  ) as Record<string, number>;
  return { community, ids, groupIds };
}
