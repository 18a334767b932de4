import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../analytics/report/report.service.js';
import { buildApp } from '../../server/app.js';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { fixturesDir } from '../../../test/support/importers.js';
import { testServer } from '../../../test/support/server.js';
import { zipBytes } from '../../../test/support/zip.js';
import { multipart } from '../../../test/support/multipart.js';

async function slackZip(): Promise<Buffer> {
  const root = join(fixturesDir, 'slack', 'export');
  const names = [
    'users.json',
    'channels.json',
    'general/2019-01-01.json',
    'general/2019-01-02.json',
    'random/2018-12-31.json',
  ];
  return zipBytes(await Promise.all(names.map(async (name) => ({ name, data: await readFile(join(root, name)) }))));
}

describe.each(databaseKinds)('import upload on %s', (_kind, open) => {
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  let uploadDir: string;
  let telegram: Buffer;
  const url = '/api/communities/camp/imports';
  const eventCount = async () =>
    Number(
      (
        await store.db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** Uploads as an operator and polls the job until it has finished. */
  async function upload(format: string, filename: string, data: Buffer) {
    const res = await server.as('operator', {
      method: 'POST',
      url,
      ...multipart([['format', format]], { filename, data }),
    });
    expect(res.statusCode).toBe(202);
    const { id } = res.json();
    for (let i = 0; i < 200; i++) {
      const job = (await server.as('analyst', { url: `${url}/${id}` })).json();
      if (job.state === 'done' || job.state === 'failed') return job;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('import did not finish');
  }

  beforeAll(async () => {
    store = await open();
    uploadDir = await mkdtemp(join(tmpdir(), 'shequn-uploads-'));
    server = await testServer(store, 'camp', { uploadDir });
    telegram = await readFile(join(fixturesDir, 'telegram', 'result.json'));
  });
  afterAll(async () => {
    await server?.app.close();
    await store?.dispose();
    await rm(uploadDir, { recursive: true, force: true });
  });

  it('imports an uploaded Telegram export in the background; the report reflects it', async () => {
    const job = await upload('telegram', 'result.json', telegram);
    expect(job).toMatchObject({
      state: 'done',
      format: 'telegram',
      fileName: 'result.json',
      result: { read: 7, inserted: 7, duplicates: 0, groups: 1 },
    });
    expect(job.progress).toEqual({ bytes: telegram.length, totalBytes: telegram.length, events: 7 });
    const report = await buildReport(store.db, 'camp');
    expect(report.totals.messages).toBe(3);
    expect(await readdir(uploadDir)).toEqual([]);
  });

  it('imports nothing twice', async () => {
    const before = await eventCount();
    const job = await upload('telegram', 'result.json', telegram);
    expect(job.result).toMatchObject({ inserted: 0, duplicates: 7 });
    expect(await eventCount()).toBe(before);
  });

  it('fails a truncated file with the importer’s message and leaves the database unchanged', async () => {
    const before = await eventCount();
    const job = await upload('telegram', 'broken.json', telegram.subarray(0, Math.floor(telegram.length * 0.6)));
    expect(job.state).toBe('failed');
    expect(job.error.code).toBe('IMPORT_FORMAT');
    expect(job.error.message).toMatch(/^broken\.json, /);
    expect(await eventCount()).toBe(before);
    expect(await readdir(uploadDir)).toEqual([]);
  });

  it('imports a Slack export uploaded as a zip', async () => {
    const job = await upload('slack', 'workspace.zip', await slackZip());
    expect(job).toMatchObject({ state: 'done', result: { groups: 2 } });
    expect(job.result.inserted).toBeGreaterThan(0);
  });

  it('lists this process’s jobs and earlier imports once each', async () => {
    const list = (await server.as('analyst', { url })).json();
    expect(list.map((j: any) => [j.fileName, j.state])).toEqual([
      ['workspace.zip', 'done'],
      ['broken.json', 'failed'],
      ['result.json', 'done'],
      ['result.json', 'done'],
    ]);
    const recorded = await store.db.selectFrom('imports').select('id').orderBy('id').executeTakeFirstOrThrow();
    // A restarted server knows the finished imports from the database only.
    const fresh = await buildApp({ handle: store, uploadDir });
    const asAnalyst = (path: string) =>
      fresh.inject({ url: path, headers: { authorization: `Bearer ${server.tokens.analyst}` } });
    try {
      const history = (await asAnalyst(url)).json();
      expect(history).toHaveLength(3); // the failed upload was never recorded
      expect(history[2]).toMatchObject({
        id: String(recorded.id),
        state: 'done',
        fileName: 'result.json',
        result: { read: 7, inserted: 7, duplicates: 0 },
      });
      expect((await asAnalyst(`${url}/${recorded.id}`)).json()).toEqual(history[2]);
    } finally {
      await fresh.close();
    }
  });

  it.each([
    ['an unknown format', multipart([['format', 'myspace']], { filename: 'x.json', data: Buffer.from('{}') }), 400],
    ['no file', multipart([['format', 'telegram']]), 400],
  ])('rejects %s', async (_name, request, status) => {
    const res = await server.as('operator', { method: 'POST', url, ...request });
    expect(res.statusCode).toBe(status);
    expect(res.json().code).toBe('VALIDATION');
  });

  it('needs the operator role to upload and hides jobs from other communities', async () => {
    const request = multipart([['format', 'telegram']], { filename: 'result.json', data: telegram });
    expect((await server.as('assistant', { method: 'POST', url, ...request })).statusCode).toBe(403);
    const [job] = (await server.as('analyst', { url })).json();
    expect((await server.as('stranger', { url: `/api/communities/camp-other/imports/${job.id}` })).statusCode).toBe(
      404,
    );
    expect((await server.as('analyst', { url: `${url}/nope` })).statusCode).toBe(404);
  });

  it('reads an uploaded GB18030 CSV as the Chinese it is and says so; refuses one that is no text', async () => {
    const row = (content: Buffer) =>
      Buffer.concat([
        Buffer.from('StrTime,NickName,StrContent\r\n2024-03-05 08:00:00,gb,'),
        content,
        Buffer.from('\r\n'),
      ]);
    const job = await upload('wechat-csv', 'windows.csv', row(Buffer.from([0xc4, 0xe3, 0xba, 0xc3]))); // 你好
    expect(job).toMatchObject({ state: 'done', result: { inserted: 1, encoding: 'gb18030' } });
    const stored = await store.db
      .selectFrom('events')
      .select('text')
      .where('source_id', 'like', 'windows:%')
      .executeTakeFirstOrThrow();
    expect(stored.text).toBe('你好');
    const before = await eventCount();
    const bad = await upload('wechat-csv', 'bad.csv', row(Buffer.from([0x6f, 0x6b, 0xff])));
    expect(bad).toMatchObject({ state: 'failed', error: { code: 'IMPORT_FORMAT' } });
    expect(bad.error.message).toBe(
      'bad.csv, line 2, byte 54: not text in UTF-8 or GB18030 (save the export as UTF-8 and import it again)',
    );
    expect(await eventCount()).toBe(before);
  });
});
