import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportFormatError } from '../../kernel/errors.js';
import { decodeText, readUtf8, type TextEncoding } from './text-decoding.js';

/** 你好 in GB18030 (and GBK, GB2312): the bytes the brief's known mapping gives. */
const NI_HAO_GB = [0xc4, 0xe3, 0xba, 0xc3];
/** 早起打卡 in GB18030. */
const ZAO_QI_DA_KA_GB = [0xd4, 0xe7, 0xc6, 0xf0, 0xb4, 0xf2, 0xbf, 0xa8];

const dir = await mkdtemp(join(tmpdir(), 'shequn-decoding-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

async function read(bytes: Buffer, chunkSize?: number) {
  const path = join(dir, `f${Math.random().toString(36).slice(2)}.txt`);
  await writeFile(path, bytes);
  const encodings: TextEncoding[] = [];
  const chunks: Buffer[] = [];
  for await (const chunk of readUtf8(path, { chunkSize, onEncoding: (e) => encodings.push(e) })) chunks.push(chunk);
  return { text: Buffer.concat(chunks).toString('utf8'), encodings };
}

async function refusal(bytes: Buffer, chunkSize?: number): Promise<string> {
  const error = await read(bytes, chunkSize).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportFormatError);
  return (error as Error).message;
}

describe('readUtf8 and decodeText', () => {
  const gbCsv = Buffer.concat([
    Buffer.from('time,sender,content\r\n2024-03-01 08:00,a,'),
    Buffer.from(NI_HAO_GB),
    Buffer.from('\r\n2024-03-01 08:01,b,"'),
    Buffer.from(ZAO_QI_DA_KA_GB),
    Buffer.from('"\r\n'),
  ]);
  const gbText = 'time,sender,content\r\n2024-03-01 08:00,a,你好\r\n2024-03-01 08:01,b,"早起打卡"\r\n';

  it.each([undefined, 1, 3, 7])('reads GB18030 as what it says, and says so (chunks of %s)', async (chunkSize) => {
    expect(await read(gbCsv, chunkSize)).toEqual({ text: gbText, encodings: ['gb18030'] });
    expect(decodeText(Buffer.from(NI_HAO_GB), 'x.csv')).toEqual({ text: '你好', encoding: 'gb18030' });
  });

  it.each([undefined, 1, 2, 5])(
    'passes UTF-8 through, without its byte-order mark (chunks of %s)',
    async (chunkSize) => {
      const text = 'a,b\n你好, 🎉 café\n';
      const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
      expect(await read(withBom, chunkSize)).toEqual({ text, encodings: ['utf-8'] });
      expect(await read(Buffer.from('only ascii\n'), chunkSize)).toEqual({ text: 'only ascii\n', encodings: [] });
      expect(decodeText(withBom, 'x.json')).toEqual({ text, encoding: 'utf-8' });
    },
  );

  it('refuses bytes that are neither, naming the line and byte of the first bad sequence', async () => {
    const bad = Buffer.concat([Buffer.from('line one\nline two '), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]);
    for (const chunkSize of [undefined, 4]) {
      expect(await refusal(bad, chunkSize)).toMatch(/^f\w+\.txt, line 2, byte 18: not text in UTF-8 or GB18030/);
    }
    // A lone continuation byte, and a sequence cut off by the end of the file.
    expect(await refusal(Buffer.from([0x61, 0x0a, 0x0a, 0x80, 0x80, 0xff]))).toMatch(/line 3, byte 3:/);
    expect(() => decodeText(Buffer.from([0x7b, 0x0a, 0xe4]), 'day.json')).toThrow(
      /^day\.json, line 2, byte 2: not text/,
    );
  });

  it('refuses a file that changes encoding halfway, rather than storing half of it as mojibake', async () => {
    const utf8First = Buffer.concat([Buffer.from(`${'你好\n'.repeat(30_000)}`), Buffer.from(NI_HAO_GB)]);
    expect(await refusal(utf8First, 64 << 10)).toMatch(/line 30001, byte 210000: not text in UTF-8/);
  });

  it('never puts U+FFFD in place of bytes it could not read', async () => {
    const { text } = await read(gbCsv);
    expect(text).not.toContain('\uFFFD');
  });
});
