import { closeSync, openSync, writeSync } from 'node:fs';
import { aliasSampler, createRandom, pick } from './random.js';

/**
 * A deterministic, realistic Telegram Desktop export of one group chat, streamed to disk: the
 * entries are produced one day at a time, so a million messages never sit in memory at once.
 *
 * Realism, in numbers: a few thousand members who all join through a join service message
 * (founders in the first two days, the rest front-loaded over the span), about a third who never
 * speak, Zipf (s = 1) message shares among speakers so the top 20% write ≈ 80%; a daily rhythm in
 * Asia/Shanghai (mornings and evenings busy, nights quiet), quieter weekends, a build-up and a slow
 * fade over the months; ~10% questions in Chinese and English, ~15% replies to recent messages
 * (questions first); photos, stickers, edits, formatted text; a few members leave.
 */
export interface ChatSpec {
  /** Telegram's chat id (the export's top-level `id`). */
  chatId: number;
  name: string;
  seed: number;
  /** Entries of `messages`: messages plus join and leave service messages. */
  entries: number;
  members: number;
  /** Position of this group in its community: numbers its own members apart from other groups'. */
  groupIndex: number;
  /** The first `sharedMembers` members of every group are the same people (the community's core). */
  sharedMembers: number;
  /** First day, in Asia/Shanghai. */
  startDate: string;
  days: number;
}

export type TextPart = string | { type: 'bold' | 'link' | 'mention'; text: string };

export interface ChatEntry {
  /** Telegram message id: 1, 2, 3 … in time order. */
  id: number;
  kind: 'message' | 'join' | 'leave';
  /** UTC epoch ms, whole seconds. */
  at: number;
  userId: number;
  name: string;
  /** For leaves: who removed the member (an admin, or the member themselves). */
  actor: { userId: number; name: string } | null;
  replyTo: number | null;
  text: string | TextPart[];
  media: 'photo' | 'sticker' | null;
  edited: number | null;
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const FOUNDER_SHARE = 0.12;
const SPEAKER_SHARE = 0.65;
const LEAVER_SHARE = 0.05;
const REPLY_SHARE = 0.15;
const QUESTION_SHARE = 0.1;
/** Relative messages per local hour 0..23: early and late peaks, a lunch bump, quiet nights. */
const HOUR_WEIGHTS = [
  0.3, 0.15, 0.08, 0.05, 0.05, 0.15, 0.6, 1.3, 1.6, 1.2, 1.0, 1.0, 1.3, 1.0, 0.8, 0.8, 0.8, 0.9, 1.0, 1.3, 1.7, 1.8,
  1.4, 0.8,
];

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红飞鹏宇浩晨欣怡佳雨婷子涵梓轩博文思琪'];
const NAME_STRIDE = 7919;
const ENGLISH = [
  'Lily',
  'Kevin',
  'Amy',
  'Jack',
  'Coco',
  'Leo',
  'Vivian',
  'Tony',
  'Grace',
  'Eric',
  'Cindy',
  'Sam',
  'Iris',
  'Ryan',
  'Zoe',
  'Max',
];

/**
 * A unique display name for community member number `n` (< 60 000): remove_members lists names
 * only, and the importer matches them to authors by name, so names must not repeat.
 */
export function displayName(n: number): string {
  const slots = SURNAMES.length * GIVEN.length * GIVEN.length;
  // NAME_STRIDE is coprime with `slots`, so n → idx is one-to-one below `slots`.
  const idx = (n * NAME_STRIDE) % slots;
  const rest = Math.floor(idx / SURNAMES.length);
  const base = SURNAMES[idx % SURNAMES.length] + GIVEN[rest % GIVEN.length] + GIVEN[Math.floor(rest / GIVEN.length)];
  return n % 5 === 0 ? `${ENGLISH[n % ENGLISH.length]} ${base}` : base;
}

const STATEMENTS_ZH = [
  '早上好大家',
  '今天打卡完成',
  '刚跑完五公里',
  '分享一下今天的笔记',
  '明天继续加油',
  '谢谢群主的整理',
  '这个方法很有用',
  '晚安各位',
  '周末一起去爬山',
  '我也是这么觉得',
  '收到，马上看',
  '今天有点忙，晚点补上',
  '哈哈哈太真实了',
  '学到了',
  '已经报名了',
  '坚持就是胜利',
  '第三十天打卡',
  '今天读了二十页',
  '刚下班到家',
  '这周的作业交了',
  '群里好热闹',
  '欢迎新朋友',
  '资料已经上传到群文件',
  '我来晚了',
  '大家辛苦了',
  '下午的分享会很精彩',
  '明早六点见',
  '记得喝水',
];
const STATEMENTS_EN = [
  'good morning everyone',
  'just finished the React tutorial',
  'thanks for sharing',
  'see you tomorrow',
  'great job',
  'the meetup is at 7pm',
  'I uploaded the slides',
  'day 12 done',
  'nice progress',
  'totally agree',
  'on my way home',
  'lol',
  'will try it tonight',
  'the link works now',
  'happy weekend',
];
const STATEMENTS_MIXED = [
  '今天的 workshop 很棒',
  '我用的是 VS Code',
  'deadline 是周五',
  '刚看完那个 video',
  '已经 push 到 GitHub 了',
  'OK 收到',
  '这个 bug 终于修好了',
  '周六的 meetup 我去',
  'slides 已经发群里',
  '今天 check-in 完成',
];
const QUESTIONS = [
  '请问打卡几点截止？',
  '这个作业怎么提交？',
  '有没有人一起跑步？',
  '明天还上课吗',
  '为什么我的链接打不开？',
  '如何加入学习小组？',
  '能不能把资料再发一次？',
  '求助：报名入口在哪里',
  '今天的直播有回放吗',
  'How do I join the study group?',
  'Anyone going to the meetup on Saturday?',
  'What time does the class start?',
  'where can I find the slides?',
  'does the link still work?',
  'can i bring a friend?',
  '这个 API 怎么调用？',
  '有人知道 deadline 是哪天吗',
  'Zoom 链接在哪？',
];
const LINKS = [
  'https://example.com/notes',
  'https://t.me/shequn_demo',
  'https://github.com/shequn/demo',
  'https://docs.example.org/start',
];
const STICKERS = ['👍', '😂', '🙏', '💪', '🎉', '❤️'];

/** Adds fragments until the text reaches a length in 10..80, never past 80. */
function composeText(random: () => number): string {
  const target = 10 + Math.floor(random() * 71);
  let text = '';
  while (text.length < target) {
    const r = random();
    const fragment = pick(r < 0.5 ? STATEMENTS_ZH : r < 0.75 ? STATEMENTS_MIXED : STATEMENTS_EN, random);
    const joined = text ? `${text}${/[a-z0-9]$/i.test(text) ? ', ' : '，'}${fragment}` : fragment;
    if (joined.length > 80) break;
    text = joined;
  }
  return text;
}

function localDayStartMs(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`) - SHANGHAI_OFFSET_MS;
}

interface Member {
  userId: number;
  name: string;
  joinAt: number;
  leaveAt: number;
}

interface Pending {
  at: number;
  kind: 0 | 1 | 2; // join, message, leave: joins sort first within a second
  member: number;
}

/**
 * Yields the chat's entries in id (= time) order.
 *
 * @example
 * for (const entry of chatEntries(spec)) rows.push(toRow(entry));
 */
export function* chatEntries(spec: ChatSpec): Generator<ChatEntry> {
  const random = createRandom(spec.seed);
  const start = localDayStartMs(spec.startDate);
  const span = spec.days * DAY_MS;
  const end = start + span;

  const members: Member[] = [];
  for (let i = 0; i < spec.members; i++) {
    const n =
      i < spec.sharedMembers
        ? i
        : spec.sharedMembers + spec.groupIndex * (spec.members - spec.sharedMembers) + (i - spec.sharedMembers);
    const founder = i === 0 || random() < FOUNDER_SHARE;
    const joinAt =
      i === 0
        ? start
        : start + Math.floor((founder ? random() * 2 * DAY_MS : random() ** 1.6 * span * 0.97) / 1000) * 1000;
    let leaveAt = Infinity;
    if (i !== 0 && random() < LEAVER_SHARE) {
      const at = joinAt + Math.floor(((7 + random() * 60) * DAY_MS) / 1000) * 1000;
      if (at < end) leaveAt = at;
    }
    members.push({ userId: 300_000_000 + n * 37, name: displayName(n), joinAt, leaveAt });
  }
  // Early joiners tend to talk more; the owner (member 0) most of all.
  const order = members
    .map((m, i) => ({ i, key: i === 0 ? -1 : (m.joinAt - start) / span + 0.5 * random() }))
    .sort((a, b) => a.key - b.key);
  const speakers = order.slice(0, Math.floor(spec.members * SPEAKER_SHARE)).map((o) => o.i);
  // Zipf-Mandelbrot: 80/20 overall without one member writing a tenth of the chat.
  const drawRank = aliasSampler(
    speakers.map((_, r) => 1 / (r + 3) ** 1.1),
    random,
  );
  const drawHour = aliasSampler(HOUR_WEIGHTS, random);

  const joinsByDay: number[][] = Array.from({ length: spec.days }, () => []);
  const leavesByDay: number[][] = Array.from({ length: spec.days }, () => []);
  let serviceEntries = 0;
  members.forEach((m, i) => {
    joinsByDay[Math.floor((m.joinAt - start) / DAY_MS)].push(i);
    serviceEntries++;
    if (m.leaveAt !== Infinity) {
      leavesByDay[Math.floor((m.leaveAt - start) / DAY_MS)].push(i);
      serviceEntries++;
    }
  });
  const messageTotal = spec.entries - serviceEntries;
  if (messageTotal <= 0) throw new Error(`${spec.entries} entries cannot hold ${serviceEntries} service messages`);

  // Day weights: weekends quieter, a month of build-up, a slow fade, noise and the odd busy day.
  const weights: number[] = [];
  for (let d = 0; d < spec.days; d++) {
    const weekday = new Date(start + SHANGHAI_OFFSET_MS + d * DAY_MS).getUTCDay();
    const gauss = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    weights.push(
      (weekday === 0 || weekday === 6 ? 0.85 : 1) *
        Math.min(1, (d + 5) / 30) *
        (1 - (0.35 * d) / spec.days) *
        Math.exp(0.25 * gauss) *
        (random() < 0.03 ? 1.8 : 1),
    );
  }
  const weightSum = weights.reduce((s, w) => s + w, 0);

  const present = (m: number, at: number) => members[m].joinAt < at && at < members[m].leaveAt;
  const drawAuthor = (at: number) => {
    for (let tries = 0; tries < 40; tries++) {
      const m = speakers[drawRank()];
      if (present(m, at)) return m;
    }
    return 0;
  };

  const recent: Array<{ id: number; member: number }> = [];
  let openQuestions: Array<{ id: number; member: number; at: number }> = [];
  let id = 0;
  let cumulative = 0;
  let emitted = 0;
  for (let d = 0; d < spec.days; d++) {
    cumulative += weights[d];
    const upTo = d === spec.days - 1 ? messageTotal : Math.round((messageTotal * cumulative) / weightSum);
    const count = upTo - emitted;
    emitted = upTo;
    const dayStart = start + d * DAY_MS;
    const pending: Pending[] = [];
    for (let k = 0; k < count; k++)
      pending.push({ at: dayStart + drawHour() * 3_600_000 + Math.floor(random() * 3600) * 1000, kind: 1, member: -1 });
    for (const m of joinsByDay[d]) pending.push({ at: members[m].joinAt, kind: 0, member: m });
    for (const m of leavesByDay[d]) pending.push({ at: members[m].leaveAt, kind: 2, member: m });
    pending.sort((a, b) => a.at - b.at || a.kind - b.kind);

    for (const p of pending) {
      id++;
      if (p.kind !== 1) {
        const m = members[p.member];
        const byAdmin = p.kind === 2 && random() < 0.3;
        yield {
          id,
          kind: p.kind === 0 ? 'join' : 'leave',
          at: p.at,
          userId: m.userId,
          name: m.name,
          actor:
            p.kind === 2
              ? byAdmin
                ? { userId: members[0].userId, name: members[0].name }
                : { userId: m.userId, name: m.name }
              : null,
          replyTo: null,
          text: '',
          media: null,
          edited: null,
        };
        continue;
      }
      const author = drawAuthor(p.at);
      let replyTo: number | null = null;
      if (random() < REPLY_SHARE) {
        openQuestions = openQuestions.filter((q) => p.at - q.at < 3 * 3_600_000 && q.member !== author);
        if (openQuestions.length > 0 && random() < 0.6) {
          replyTo = openQuestions.shift()!.id;
        } else if (recent.length > 0) {
          const target =
            recent[recent.length - 1 - Math.min(recent.length - 1, Math.floor(-Math.log(1 - random()) * 4))];
          if (target.member !== author) replyTo = target.id;
        }
      }
      const r = random();
      let text: string | TextPart[];
      let media: ChatEntry['media'] = null;
      let question = false;
      if (r < QUESTION_SHARE) {
        text = pick(QUESTIONS, random);
        question = true;
      } else if (r < QUESTION_SHARE + 0.04) {
        media = 'photo';
        text = random() < 0.5 ? '' : composeText(random);
      } else if (r < QUESTION_SHARE + 0.07) {
        media = 'sticker';
        text = '';
      } else if (r < QUESTION_SHARE + 0.12) {
        const kind = random() < 0.5 ? 'link' : 'bold';
        text = [
          `${pick(STATEMENTS_ZH, random)} `,
          { type: kind, text: kind === 'link' ? pick(LINKS, random) : pick(STATEMENTS_MIXED, random) },
          ' 大家看看',
        ];
      } else {
        text = composeText(random);
      }
      const m = members[author];
      yield {
        id,
        kind: 'message',
        at: p.at,
        userId: m.userId,
        name: m.name,
        actor: null,
        replyTo,
        text,
        media,
        edited: random() < 0.05 ? p.at + Math.floor(random() * 600) * 1000 + 1000 : null,
      };
      recent.push({ id, member: author });
      if (recent.length > 64) recent.shift();
      if (question) {
        openQuestions.push({ id, member: author, at: p.at });
        if (openQuestions.length > 32) openQuestions.shift();
      }
    }
  }
}

const q = JSON.stringify;

function localIso(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19);
}

function entitiesJson(text: string | TextPart[]): string {
  const parts = typeof text === 'string' ? (text ? [text] : []) : text;
  if (parts.length === 0) return '[]';
  const items = parts.map((p) => {
    const [type, value] = typeof p === 'string' ? ['plain', p] : [p.type === 'link' ? 'link' : p.type, p.text];
    return `    {\n     "type": ${q(type)},\n     "text": ${q(value)}\n    }`;
  });
  return `[\n${items.join(',\n')}\n   ]`;
}

function textJson(text: string | TextPart[]): string {
  if (typeof text === 'string') return q(text);
  const items = text.map((p) =>
    typeof p === 'string' ? `    ${q(p)}` : `    {\n     "type": ${q(p.type)},\n     "text": ${q(p.text)}\n    }`,
  );
  return `[\n${items.join(',\n')}\n   ]`;
}

/** One entry in Telegram Desktop's layout (one-space indentation, one field per line). */
export function entryJson(entry: ChatEntry, chatName: string): string {
  const lines = [`   "id": ${entry.id}`];
  const date = `   "date": ${q(localIso(entry.at))},\n   "date_unixtime": "${entry.at / 1000}"`;
  if (entry.kind === 'message') {
    lines.push(`   "type": "message"`, date);
    if (entry.edited !== null)
      lines.push(`   "edited": ${q(localIso(entry.edited))},\n   "edited_unixtime": "${entry.edited / 1000}"`);
    lines.push(`   "from": ${q(entry.name)}`, `   "from_id": "user${entry.userId}"`);
    if (entry.replyTo !== null) lines.push(`   "reply_to_message_id": ${entry.replyTo}`);
    if (entry.media === 'photo')
      lines.push(
        `   "photo": "photos/photo_${entry.id}@${localIso(entry.at).replace(/[-:T]/g, '-')}.jpg"`,
        `   "width": 1280`,
        `   "height": 960`,
      );
    if (entry.media === 'sticker') {
      lines.push(
        `   "file": "stickers/sticker_${entry.id % 40}.webp"`,
        `   "thumbnail": "stickers/sticker_${entry.id % 40}.webp_thumb.jpg"`,
        `   "media_type": "sticker"`,
        `   "sticker_emoji": ${q(STICKERS[entry.id % STICKERS.length])}`,
        `   "width": 512`,
        `   "height": 512`,
      );
    }
  } else if (entry.kind === 'join') {
    lines.push(
      `   "type": "service"`,
      date,
      `   "actor": ${q(entry.name)}`,
      `   "actor_id": "user${entry.userId}"`,
      `   "action": "join_group_by_link"`,
      `   "inviter": ${q(chatName)}`,
    );
  } else {
    const actor = entry.actor!;
    lines.push(
      `   "type": "service"`,
      date,
      `   "actor": ${q(actor.name)}`,
      `   "actor_id": "user${actor.userId}"`,
      `   "action": "remove_members"`,
      `   "members": [\n    ${q(entry.name)}\n   ]`,
    );
  }
  lines.push(`   "text": ${textJson(entry.text)}`, `   "text_entities": ${entitiesJson(entry.text)}`);
  return `  {\n${lines.join(',\n')}\n  }`;
}

export interface ExportSummary {
  entries: number;
  messages: number;
  joins: number;
  leaves: number;
  bytes: number;
}

/**
 * Streams the export to `path` in ~1 MB writes.
 *
 * @example
 * await writeTelegramExport('bench/.work/result.json', spec);
 */
export function writeTelegramExport(path: string, spec: ChatSpec): ExportSummary {
  const fd = openSync(path, 'w');
  const summary: ExportSummary = { entries: 0, messages: 0, joins: 0, leaves: 0, bytes: 0 };
  let chunk: string[] = [];
  let chunkLength = 0;
  const write = (text: string) => {
    chunk.push(text);
    chunkLength += text.length;
    if (chunkLength > 1 << 20) flush();
  };
  const flush = () => {
    summary.bytes += writeSync(fd, chunk.join(''));
    chunk = [];
    chunkLength = 0;
  };
  try {
    write(`{\n "name": ${q(spec.name)},\n "type": "private_supergroup",\n "id": ${spec.chatId},\n "messages": [\n`);
    for (const entry of chatEntries(spec)) {
      write(summary.entries === 0 ? entryJson(entry, spec.name) : `,\n${entryJson(entry, spec.name)}`);
      summary.entries++;
      if (entry.kind === 'message') summary.messages++;
      else if (entry.kind === 'join') summary.joins++;
      else summary.leaves++;
    }
    write('\n ]\n}\n');
    flush();
  } finally {
    closeSync(fd);
  }
  return summary;
}
