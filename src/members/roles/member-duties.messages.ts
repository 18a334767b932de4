import type { DutyRole } from './member-duties.rules.js';

/**
 * What each role is for, from the seeds' division of labour (PLAYBOOK.md §2, glossary names).
 * Served by the API in both languages so scripts and the console show the same words.
 */
export const ROLE_DUTIES: Record<DutyRole, { name: { en: string; zh: string }; duties: { en: string; zh: string } }> = {
  owner: {
    name: { en: 'Owner', zh: '群主' },
    duties: {
      en: 'Sets the purpose and the rules, has the final say, opens and closes the camp.',
      zh: '确定社群定位与群规，最终拍板，主持开营与结营。',
    },
  },
  admin: {
    name: { en: 'Admin', zh: '管理员' },
    duties: {
      en: 'Keeps order: welcomes newcomers, enforces the rules, handles ads and the blacklist.',
      zh: '维护秩序：欢迎新人、执行群规、处理广告与小黑屋。',
    },
  },
  teacher: {
    name: { en: 'Teacher', zh: '领教/讲师' },
    duties: {
      en: 'Teaches: leads sessions, answers questions, reviews homework and recaps.',
      zh: '授课与答疑：带领分享、回答问题、点评作业与复盘。',
    },
  },
  leader: {
    name: { en: 'Leader', zh: '组长' },
    duties: {
      en: 'Leads a small group (class committee): reminds members to check in and gathers feedback.',
      zh: '带领小组（班委）：提醒组员打卡，收集反馈。',
    },
  },
  booster: {
    name: { en: 'Booster', zh: '赋能官' },
    duties: {
      en: 'Keeps the group lively: starts topics, joins discussions, makes sure nobody is left unanswered.',
      zh: '活跃气氛：发起话题、参与讨论，不让任何发言冷场。',
    },
  },
  cheerleader: {
    name: { en: 'Cheerleader', zh: '夸夸官' },
    duties: {
      en: "Praises members: celebrates today's check-ins, milestones and good answers.",
      zh: '表扬成员：夸当天的打卡、里程碑和精彩发言。',
    },
  },
  assistant: {
    name: { en: 'Assistant', zh: '助教' },
    duties: {
      en: 'Supports members one to one: helps observers along, answers practical questions, follows up lurkers.',
      zh: '一对一支持：带动观望者、解答事务性问题、跟进潜水者。',
    },
  },
  kol: {
    name: { en: 'KOL', zh: '意见领袖' },
    duties: {
      en: 'Opinion leader: shares experience and sets an example for others; not counted as staff.',
      zh: '意见领袖：分享经验、树立榜样；不计为工作人员。',
    },
  },
};
