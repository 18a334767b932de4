import { describe, expect, it } from 'vitest';
import { certificateSvg, escapeXml } from './certificate.rules.js';

describe('escapeXml', () => {
  it.each([
    ['markup', '<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['an ampersand, once', 'A&B &amp;', 'A&amp;B &amp;amp;'],
    ['quotes, for attributes', `"it's"`, '&quot;it&apos;s&quot;'],
    [
      'control characters XML cannot carry are dropped; tab and newline stay',
      'a\u0000b\u0008c\td\ne\u001f',
      'abc\td\ne',
    ],
    ['Chinese and emoji untouched', '小王 🎉', '小王 🎉'],
  ])('%s', (_name, input, expected) => expect(escapeXml(input)).toBe(expected));
});

describe('certificateSvg', () => {
  const data = {
    memberName: 'Bob <b>&"x"',
    campName: '晨读 & <21>',
    completedDays: 21,
    lengthDays: 21,
    date: '2024-06-23',
    key: 'certificate:1:5',
  };

  it('writes both languages with the names escaped wherever they appear', () => {
    const svg = certificateSvg(data);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('Bob &lt;b&gt;&amp;&quot;x&quot;');
    expect(svg).toContain('晨读 &amp; &lt;21&gt;');
    expect(svg).not.toContain('<b>');
    expect(svg).not.toContain('<21>');
    expect(svg).toContain('结营证书');
    expect(svg).toContain('Certificate of Completion');
    expect(svg).toContain('21 天打卡');
    expect(svg).toContain('2024-06-23');
  });

  it('leaves no bare ampersand or angle bracket outside its own markup', () => {
    const svg = certificateSvg(data);
    // Every "&" starts an entity; every "<" starts a tag of the certificate's own vocabulary.
    expect(svg.match(/&(?!(amp|lt|gt|quot|apos);)/g)).toBeNull();
    expect(svg.match(/<(?!\/?(svg|rect|g|text)[\s>])/g)).toBeNull();
  });
});
