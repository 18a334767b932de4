/**
 * What the rewards of check-in camps say to members, in every locale: level and badge names, the
 * milestone message and the completion certificate's lines. Tables only: the rules beside them
 * (gamification, camp-rewards, milestones, certificate) pick them and fill their `{param}`
 * placeholders with `fillTemplate` (gamification.rules.ts).
 */

// ── Locales ──────────────────────────────────────────────────────────────────────────────────────

export type Locale = 'zh-CN' | 'en';
/** One text per locale; `{param}` placeholders are filled by `fillTemplate`. */
export type LocalizedText = Record<Locale, string>;

// ── Levels ───────────────────────────────────────────────────────────────────────────────────────

/** The names of the default levels, lowest first (`DEFAULT_LEVELS` in gamification.rules.ts sets their thresholds). */
export const DEFAULT_LEVEL_NAMES = {
  novice: { 'zh-CN': '新手', en: 'Novice' },
  apprentice: { 'zh-CN': '学徒', en: 'Apprentice' },
  expert: { 'zh-CN': '达人', en: 'Expert' },
  master: { 'zh-CN': '大师', en: 'Master' },
  grandmaster: { 'zh-CN': '宗师', en: 'Grandmaster' },
} satisfies Record<string, LocalizedText>;

// ── Badges ───────────────────────────────────────────────────────────────────────────────────────

/**
 * Badge names by code (`BADGE_CODES` in gamification.rules.ts). `badgeName` looks a `BadgeCode` up
 * here, so the compiler asks for a name for every code.
 */
export const BADGE_NAMES = {
  'streak-keeper': { 'zh-CN': '坚持之星', en: 'Streak keeper' },
  'early-bird': { 'zh-CN': '早起鸟', en: 'Early bird' },
  'role-model': { 'zh-CN': '榜样', en: 'Role model' },
  'perfect-attendance': { 'zh-CN': '全勤', en: 'Perfect attendance' },
  comeback: { 'zh-CN': '王者归来', en: 'Comeback' },
} satisfies Record<string, LocalizedText>;

/** The name of a `milestone-<n>` badge; params: `days` (the n). */
export const MILESTONE_BADGE_NAME: LocalizedText = { 'zh-CN': '坚持 {days} 天', en: '{days}-day milestone' };

// ── Milestones ───────────────────────────────────────────────────────────────────────────────────

/** A milestone's message to the member unless the milestone brings its own; params: `name`, `days`, `camp`, `points`. */
export const DEFAULT_MILESTONE_MESSAGE: LocalizedText = {
  'zh-CN': '{name}，你已在「{camp}」完成 {days} 天打卡，获得 {points} 积分！继续加油',
  en: '{name}, you have completed {days} days of check-ins in "{camp}" and earned {points} points! Keep going',
};

// ── Certificate ──────────────────────────────────────────────────────────────────────────────────

/**
 * The completion certificate's lines; the SVG carries both languages on one sheet. They go into
 * the image as they are (the names filled in are escaped), so they hold no markup.
 * `completed` params: `camp`, `days`, `lengthDays`.
 */
export const CERTIFICATE_TEXTS = {
  title: { 'zh-CN': '结营证书', en: 'Certificate of Completion' },
  completed: {
    'zh-CN': '完成了「{camp}」{days} 天打卡（共 {lengthDays} 天）',
    en: 'completed {days} days of check-ins in “{camp}” (a {lengthDays}-day camp)',
  },
} satisfies Record<string, LocalizedText>;
