import { fillTemplate } from './gamification.rules.js';
import type { CertificateData } from './milestones.rules.js';
import { CERTIFICATE_TEXTS } from './rewards.messages.js';

/**
 * The completion certificate as an SVG image (zh-CN and en on one sheet). Pure: a string out, so
 * the member page, a download and a chat message can all use it. Every interpolated string is
 * escaped: member and camp names are typed by people and must never become markup.
 */

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Escapes text for XML content and attribute values, and drops characters XML 1.0 cannot carry
 * (control characters other than tab and newlines), which would make the whole image invalid.
 *
 * @example
 * escapeXml('<b>A&B</b>') // '&lt;b&gt;A&amp;B&lt;/b&gt;'
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

const WIDTH = 1200;
const HEIGHT = 850;

/**
 * @example
 * certificateSvg({ memberName: '小王', campName: '晨读', completedDays: 21, lengthDays: 21, date: '2024-06-23', key: 'certificate:1:5' })
 * // '<svg xmlns="http://www.w3.org/2000/svg" …>…小王…</svg>'
 */
export function certificateSvg(data: CertificateData): string {
  const member = escapeXml(data.memberName);
  const camp = escapeXml(data.campName);
  const days = `${data.completedDays}`;
  const params = { camp, days, lengthDays: data.lengthDays };
  const text = (y: number, size: number, content: string, weight = 'normal') =>
    `<text x="${WIDTH / 2}" y="${y}" font-size="${size}" font-weight="${weight}" text-anchor="middle">${content}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${camp} — ${member}">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fffdf5"/>`,
    `<rect x="30" y="30" width="${WIDTH - 60}" height="${HEIGHT - 60}" fill="none" stroke="#c9a227" stroke-width="6"/>`,
    `<g font-family="'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'PingFang SC', sans-serif" fill="#333">`,
    text(150, 64, CERTIFICATE_TEXTS.title['zh-CN'], 'bold'),
    text(210, 32, CERTIFICATE_TEXTS.title.en),
    text(340, 56, member, 'bold'),
    text(430, 30, fillTemplate(CERTIFICATE_TEXTS.completed['zh-CN'], params)),
    text(480, 26, fillTemplate(CERTIFICATE_TEXTS.completed.en, params)),
    text(640, 26, `${escapeXml(data.date)}`),
    `</g>`,
    `</svg>`,
  ].join('\n');
}
