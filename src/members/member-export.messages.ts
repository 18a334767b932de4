import type { Locale } from '../kernel/http/locale.js';
import { ROLE_DUTIES } from './roles/member-duties.messages.js';
import type { DutyRole } from './roles/member-duties.rules.js';

/**
 * The members export in the console's language: headers and the values that are codes in the API
 * (tiers, roles, rule tags, platforms, yes/no). Names follow PLAYBOOK.md's glossary, as the console
 * does; days stay YYYY-MM-DD, which spreadsheets in either language read as dates.
 */
const en = {
  headers: {
    id: 'ID',
    name: 'Name',
    tier: 'Tier',
    firstDay: 'First day',
    lastActiveDay: 'Last active',
    messages: 'Messages',
    checkins: 'Check-ins',
    tags: 'Tags',
    roles: 'Roles',
    sources: 'Sources',
    blacklisted: 'Blacklisted',
  },
  tiers: { active: 'Active', observer: 'Observer', lurker: 'Lurker' } as Record<string, string>,
  ruleTags: {
    night_owl: 'Night owl',
    weekend_poster: 'Weekend poster',
    question_asker: 'Question asker',
    newcomer: 'Newcomer',
    streak_keeper: 'Streak keeper',
  } as Record<string, string>,
  platforms: {
    telegram: 'Telegram',
    slack: 'Slack',
    wechat: 'WeChat',
    discord: 'Discord',
    irc: 'IRC',
    web: 'Web',
    demo: 'Demo',
  } as Record<string, string>,
  yes: 'Yes',
  no: 'No',
  sheet: 'Members',
  separator: ', ',
};

const zh: typeof en = {
  headers: {
    id: '编号',
    name: '名字',
    tier: '分层',
    firstDay: '首次出现',
    lastActiveDay: '最近活跃',
    messages: '消息数',
    checkins: '打卡数',
    tags: '标签',
    roles: '职务',
    sources: '来源',
    blacklisted: '小黑屋',
  },
  tiers: { active: '积极分子', observer: '观望者', lurker: '潜水者' },
  ruleTags: {
    night_owl: '夜猫子',
    weekend_poster: '周末发言',
    question_asker: '爱提问',
    newcomer: '新人',
    streak_keeper: '连续打卡',
  },
  platforms: {
    telegram: 'Telegram',
    slack: 'Slack',
    wechat: '微信',
    discord: 'Discord',
    irc: 'IRC',
    web: '网页',
    demo: '演示',
  },
  yes: '是',
  no: '否',
  sheet: '成员',
  separator: '、',
};

export type ExportMessages = typeof en & { role: (role: string) => string };

/** The export's words in `locale`; role names are the duty roles' own (member-duties.messages). */
export function exportMessages(locale: Locale): ExportMessages {
  const role = (code: string) =>
    Object.hasOwn(ROLE_DUTIES, code) ? ROLE_DUTIES[code as DutyRole].name[locale === 'en' ? 'en' : 'zh'] : code;
  return { ...(locale === 'en' ? en : zh), role };
}

/** A code in `names`' language; a code it does not know (a tag someone typed) as it is. */
export function named(names: Record<string, string>, code: string): string {
  return names[code] ?? code;
}
