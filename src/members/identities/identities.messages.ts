/** The bot's direct message after a bind code linked an account (sent through the outbox). */
export const BIND_CONFIRMATION = {
  'zh-CN': '绑定成功：这个账号已和 {name} 合并，这里的消息和打卡都会算在一起。',
  en: 'Linked: this account is now one with {name}; your messages and check-ins here count together.',
} as const;

export type BindLocale = keyof typeof BIND_CONFIRMATION;

/** The community's language for bot messages (`settings.locale`), Chinese unless it says English. */
export const bindLocaleOf = (settings: Record<string, unknown>): BindLocale =>
  settings.locale === 'en' ? 'en' : 'zh-CN';

export const bindConfirmation = (locale: BindLocale, name: string) => BIND_CONFIRMATION[locale].replace('{name}', name);
