import type { TFunction } from 'i18next';

/** 0.4567 → "45.7%"; null → the dash. */
export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(digits)}%`;
}

/** Seconds in words in the current language: "2 min 5 s" / "2 分 5 秒". */
export function duration(t: TFunction, seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.round(seconds);
  if (s < 60) return t('overview:duration.s', { s });
  if (s < 3600)
    return t(s % 60 ? 'overview:duration.m' : 'overview:duration.mOnly', { m: Math.floor(s / 60), s: s % 60 });
  if (s < 86_400) {
    const m = Math.floor((s % 3600) / 60);
    return t(m ? 'overview:duration.h' : 'overview:duration.hOnly', { h: Math.floor(s / 3600), m });
  }
  const h = Math.floor((s % 86_400) / 3600);
  return t(h ? 'overview:duration.d' : 'overview:duration.dOnly', { d: Math.floor(s / 86_400), h });
}

export function count(value: number | null | undefined, lang: string): string {
  return value === null || value === undefined ? '—' : value.toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN');
}

/** For the few chart tooltips built as HTML strings: text in, inert text out. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
