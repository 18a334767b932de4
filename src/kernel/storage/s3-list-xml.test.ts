import { describe, expect, it } from 'vitest';
import { decodeXmlText, parseListObjectsV2 } from './s3-list-xml.js';

const contents = (key: string, lastModified = '2024-06-03T04:00:00.000Z') =>
  `<Contents><Key>${key}</Key><LastModified>${lastModified}</LastModified><ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag><Size>3</Size><StorageClass>STANDARD</StorageClass></Contents>`;
const result = (inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>p/</Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys>${inner}</ListBucketResult>`;

describe('parseListObjectsV2', () => {
  it.each([
    ['an empty listing', result('<IsTruncated>false</IsTruncated>'), { objects: [], nextContinuationToken: null }],
    [
      'keys and their times, S3 giving seconds only',
      result(`<IsTruncated>false</IsTruncated>${contents('p/a.png')}${contents('p/b.png', '2024-06-03T04:00:01Z')}`),
      {
        objects: [
          { key: 'p/a.png', modifiedAt: Date.UTC(2024, 5, 3, 4) },
          { key: 'p/b.png', modifiedAt: Date.UTC(2024, 5, 3, 4, 0, 1) },
        ],
        nextContinuationToken: null,
      },
    ],
    [
      'a truncated page names where the next starts',
      result(
        `<IsTruncated>true</IsTruncated>${contents('p/a.png')}<NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>`,
      ),
      {
        objects: [{ key: 'p/a.png', modifiedAt: Date.UTC(2024, 5, 3, 4) }],
        nextContinuationToken: '1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=',
      },
    ],
    [
      'a token on the last page is ignored (some services echo one)',
      result(`<IsTruncated>false</IsTruncated>${contents('p/a.png')}<NextContinuationToken>x</NextContinuationToken>`),
      { objects: [{ key: 'p/a.png', modifiedAt: Date.UTC(2024, 5, 3, 4) }], nextContinuationToken: null },
    ],
    [
      'entities in keys and tokens are decoded',
      result(
        `<IsTruncated>true</IsTruncated>${contents('p/a&amp;b&lt;c&gt;&#x4e2d;&#25991;')}<NextContinuationToken>t&amp;u</NextContinuationToken>`,
      ),
      { objects: [{ key: 'p/a&b<c>中文', modifiedAt: Date.UTC(2024, 5, 3, 4) }], nextContinuationToken: 't&u' },
    ],
  ])('%s', (_case, xml, expected) => {
    expect(parseListObjectsV2(xml)).toEqual(expected);
  });

  it.each([
    [
      'truncated without a token: stopping would silently skip the rest',
      result(`<IsTruncated>true</IsTruncated>${contents('p/a.png')}`),
      /NextContinuationToken/,
    ],
    [
      'truncated with an empty token: it would start over forever',
      result(`<IsTruncated>true</IsTruncated>${contents('p/a.png')}<NextContinuationToken></NextContinuationToken>`),
      /NextContinuationToken/,
    ],
    [
      'an entry without a key',
      result(
        '<IsTruncated>false</IsTruncated><Contents><LastModified>2024-06-03T04:00:00.000Z</LastModified></Contents>',
      ),
      /<Key>/,
    ],
    [
      'an unreadable time',
      result(`<IsTruncated>false</IsTruncated>${contents('p/a.png', 'yesterday')}`),
      /LastModified/,
    ],
  ])('refuses %s', (_case, xml, error) => {
    expect(() => parseListObjectsV2(xml)).toThrow(error);
  });
});

describe('decodeXmlText', () => {
  it.each([
    ['plain', 'plain'],
    ['&amp;lt;', '&lt;'],
    ['&quot;&apos;', `"'`],
    ['&#x1F600;', '😀'],
  ])('%s → %s', (text, decoded) => {
    expect(decodeXmlText(text)).toBe(decoded);
  });

  it.each(['&nbsp;', '&toString;', '&amp', 'a & b', '&#0;', '&#xD800;', '&#x110000;', '&#;'])(
    'refuses %s rather than guess',
    (text) => {
      expect(() => decodeXmlText(text)).toThrow(/XML reference/);
    },
  );
});
