import type { LocalizedText } from '../rewards/rewards.messages.js';

/**
 * What each of the day's role models did, by reason (`ROLE_MODEL_REASONS` in leaderboard.rules.ts),
 * for the praise message and the member page. `describeRoleModel` looks a `RoleModelReason` up
 * here, so the compiler asks for a text for every reason. Params: `streak`, `likes`, `chars`, `time`.
 */
export const ROLE_MODEL_REASON_TEXT = {
  'longest-streak': { 'zh-CN': '已连续打卡 {streak} 天', en: 'checked in {streak} days in a row' },
  'most-liked': { 'zh-CN': '今天的打卡获得 {likes} 个赞', en: "today's check-in got {likes} likes" },
  'most-thoughtful': { 'zh-CN': '写下了 {chars} 字的用心分享', en: 'wrote a thoughtful {chars}-character check-in' },
  earliest: { 'zh-CN': '{time} 第一个打卡', en: 'was first to check in, at {time}' },
} satisfies Record<string, LocalizedText>;
