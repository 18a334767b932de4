import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../src/kernel/db/database.js';
import { listMembers, type MemberListQuery } from '../src/members/member-list.service.js';
import { runInfo } from './lib/machine.js';
import { median, round, timed } from './lib/median.js';
import { createRandom } from './lib/random.js';
import { freshDir, log, RESULTS_DIR } from './lib/work.js';

/**
 * The members list over 100,000 members on SQLite (issue 3: "filtering over 100,000 members
 * answers in under 200 ms"). Seeds members with identities, groups, tags, duty roles and figures
 * straight into the tables, then times `listMembers` (count + page + decorations, as the API
 * serves it) for several filters. Writes bench/results/member-filter.json; `memberFilterMs` is
 * the median over every filter and run, `slowestFilterMs` the worst filter's median.
 */
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const RUNS = 7;
const TAGS = [
  'vip',
  'night_owl',
  'weekend_poster',
  'question_asker',
  'newcomer',
  'streak_keeper',
  '宝妈',
  '学生',
  '上班族',
  'kol候选',
];
const TIERS = ['active', 'observer', 'lurker', 'gone'];
const SURNAMES = ['张', '王', '李', '赵', '陈', '刘', '杨', '黄', 'Zhou', 'Smith'];

async function seed(dataDir: string) {
  const handle = await openDatabase({ dataDir });
  const sqlite = handle.sqlite!;
  const random = createRandom(20_241_123);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const now = Date.UTC(2024, 8, 30);
  const lastDay = Math.floor(now / 86_400_000);
  sqlite
    .prepare(
      `insert into communities (slug, name, timezone, created_at, first_day, last_day) values ('bench', 'bench', 'Asia/Shanghai', ?, ?, ?)`,
    )
    .run(now, lastDay - 274, lastDay);
  const groups = [1, 2, 3].map((g) =>
    Number(
      sqlite
        .prepare(
          `insert into groups (community_id, platform, external_id, name, created_at) values (1, 'telegram', ?, ?, ?)`,
        )
        .run(`g${g}`, `早起打卡营 ${g} 群`, now).lastInsertRowid,
    ),
  );
  const member = sqlite.prepare(
    `insert into members (community_id, display_name, is_bot, first_day, created_at, tier, last_active_day, messages, checkins) values (1, ?, 0, ?, ?, ?, ?, ?, ?)`,
  );
  const identity = sqlite.prepare(
    `insert into identities (community_id, member_id, platform, external_id, display_name) values (1, ?, ?, ?, ?)`,
  );
  const membership = sqlite.prepare(
    `insert or ignore into memberships (group_id, member_id, community_id, first_day) values (?, ?, 1, ?)`,
  );
  const tag = sqlite.prepare(
    `insert or ignore into member_tags (community_id, member_id, tag, source, created_at) values (1, ?, ?, 'manual', ?)`,
  );
  const role = sqlite.prepare(
    `insert into member_roles (community_id, group_id, member_id, role, created_at) values (1, ?, ?, ?, ?)`,
  );
  sqlite.transaction(() => {
    for (let i = 0; i < MEMBERS; i++) {
      const name = `${pick(SURNAMES)}${i}`;
      const firstDay = lastDay - Math.floor(random() * 274);
      const messages = Math.floor(random() ** 3 * 500);
      const id = Number(
        member.run(
          name,
          firstDay,
          now,
          pick(TIERS),
          messages > 0 ? firstDay + Math.floor(random() * (lastDay - firstDay)) : null,
          messages,
          Math.floor(random() * 30),
        ).lastInsertRowid,
      );
      identity.run(id, random() < 0.8 ? 'telegram' : 'wechat', `u${i}`, random() < 0.1 ? `nick${i}` : name);
      membership.run(pick(groups), id, firstDay);
      if (random() < 0.2) membership.run(pick(groups), id, firstDay);
      for (let t = Math.floor(random() * 4); t > 0; t--) tag.run(id, pick(TAGS), now);
      if (random() < 0.01) role.run(pick(groups), id, pick(['leader', 'booster', 'cheerleader', 'assistant']), now);
    }
  })();
  // No ANALYZE: a fresh installation has no planner statistics either.
  return { handle, groups };
}

export async function benchMemberFilter() {
  const dir = freshDir('member-filter');
  log(`member filter: seeding ${MEMBERS} members`);
  const { handle, groups } = await seed(dir);
  const filters: Record<string, MemberListQuery> = {
    unfiltered: {},
    lurkersByMessages: { tier: 'lurker', sort: 'messages' },
    tag: { tag: 'vip' },
    searchName: { q: '张12' },
    searchNickname: { q: 'nick99' },
    groupAndSourceByName: { group: groups[1], source: 'wechat', sort: 'name' },
    joinedBetweenActive: { joinedFrom: '2024-06-01', joinedTo: '2024-06-30', tier: 'active', sort: 'joined' },
    roleTagTier: { role: 'leader', tag: '学生', tier: 'observer' },
    deepPage: { tier: 'active', offset: 10_000 },
  };
  const perFilter: Record<string, number> = {};
  const all: number[] = [];
  try {
    for (const [name, query] of Object.entries(filters)) {
      await listMembers(handle.db, 1, query); // warm-up
      const runs: number[] = [];
      for (let run = 0; run < RUNS; run++) runs.push((await timed(() => listMembers(handle.db, 1, query))).ms);
      perFilter[name] = round(median(runs));
      all.push(...runs);
      log(`member filter ${name}: ${perFilter[name]} ms (total ${(await listMembers(handle.db, 1, query)).total})`);
    }
  } finally {
    await handle.close();
  }
  const result = {
    ...runInfo(),
    members: MEMBERS,
    memberFilterMs: round(median(all)),
    slowestFilterMs: Math.max(...Object.values(perFilter)),
    perFilter,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'member-filter.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchMemberFilter(), null, 2));
}
