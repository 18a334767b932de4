import type { FastifyRequest } from 'fastify';

/** The two languages of the console, the CLI and what they download. */
export type Locale = 'zh-CN' | 'en';

/**
 * The language to answer in: an explicit `lang` (query), else the first Accept-Language tag we
 * speak, else zh-CN, the console's default.
 *
 * @example
 * localeOf('en', undefined)          // 'en'
 * localeOf(undefined, 'fr, en;q=0.8') // 'en'
 */
export function localeOf(lang: string | undefined, acceptLanguage: string | undefined): Locale {
  for (const candidate of [lang, ...(acceptLanguage ?? '').split(',').map((p) => p.split(';')[0])]) {
    const tag = candidate?.trim().toLowerCase() ?? '';
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

/** `localeOf` for a request: its `?lang=` and its Accept-Language header. */
export function requestLocale(request: FastifyRequest): Locale {
  const lang = (request.query as { lang?: unknown } | undefined)?.lang;
  return localeOf(typeof lang === 'string' ? lang : undefined, request.headers['accept-language']);
}
