import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDist, distIsFresh } from '../scripts/dist.mjs';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const fixtures = join(root, 'test', 'fixtures');

describe('the compiled copy of the sources', () => {
  it('is used only while every source file is the one it was compiled from', async () => {
    const base = mkdtempSync(join(tmpdir(), 'shequn-dist-'));
    const src = join(base, 'src');
    const dist = join(base, 'dist');
    mkdirSync(join(src, 'sub'), { recursive: true });
    writeFileSync(join(src, 'a.ts'), 'export const a: number = 1;\nexport const url = import.meta.url;\n');
    writeFileSync(join(src, 'sub', 'b.worker.ts'), "import { a } from '../a.js';\nexport const b = a + 1;\n");
    writeFileSync(join(src, 'sub', 'b.test.ts'), 'throw new Error();\n');
    try {
      expect(distIsFresh(src, dist)).toBe(false);
      await buildDist(src, dist);
      expect(readdirSync(dist, { recursive: true }).sort()).toEqual(
        ['.sources.json', 'a.js', 'a.js.map', 'sub', 'sub/b.worker.js', 'sub/b.worker.js.map'].map((p) =>
          p.replaceAll('/', sep),
        ),
      );
      expect(readFileSync(join(dist, 'sub', 'b.worker.js'), 'utf8')).toContain('from "../a.js"');
      expect(readFileSync(join(dist, 'a.js'), 'utf8')).toContain('import.meta.url');
      expect(distIsFresh(src, dist)).toBe(true);
      // A test is no input: editing it keeps dist/.
      writeFileSync(join(src, 'sub', 'b.test.ts'), '');
      expect(distIsFresh(src, dist)).toBe(true);

      const { atime, mtime } = statSync(join(src, 'a.ts'));
      utimesSync(join(src, 'a.ts'), atime, new Date(mtime.getTime() + 1000)); // saved again, even unchanged
      expect(distIsFresh(src, dist)).toBe(false);
      utimesSync(join(src, 'a.ts'), atime, new Date(mtime.getTime() - 60_000)); // older, e.g. another branch's
      expect(distIsFresh(src, dist)).toBe(false);
      await buildDist(src, dist);
      expect(distIsFresh(src, dist)).toBe(true);

      writeFileSync(join(src, 'c.ts'), 'export {};\n');
      expect(distIsFresh(src, dist)).toBe(false);
      rmSync(join(src, 'c.ts'));
      expect(distIsFresh(src, dist)).toBe(true);
      rmSync(join(src, 'sub', 'b.worker.ts'));
      expect(distIsFresh(src, dist)).toBe(false);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  describe('compiled from src/', () => {
    // Inside the project, so that its imports find node_modules as dist/'s do.
    const out = join(root, 'tmp', `dist-${process.pid}`);
    beforeAll(() => buildDist(join(root, 'src'), out), 60_000);
    afterAll(() => rmSync(out, { recursive: true, force: true }));

    const node = (args: string[]) =>
      run(process.execPath, args, {
        env: { ...process.env, DATABASE_URL: '', SHEQUN_DATA: '', SHEQUN_LANG: 'en' },
        cwd: root,
      });

    it('imports and reports as the sources do, with its migrations', async () => {
      const data = mkdtempSync(join(tmpdir(), 'shequn-compiled-'));
      const main = join(out, 'cli', 'main.js');
      const file = join(fixtures, 'telegram', 'result.json');
      const imported = await node([
        main,
        '--data',
        data,
        'import',
        file,
        '--format',
        'telegram',
        '--community',
        'camp',
      ]);
      expect(imported.stdout).toMatch(/Imported 7 new events of 7 read/);
      const report = await node([main, '--data', data, 'report', '--community', 'camp', '--json']);
      expect(JSON.parse(report.stdout).totals).toEqual({ messages: 3, members: 2, authors: 3, checkIns: 0 });
    });

    it('starts its worker threads from the compiled workers', async () => {
      const data = mkdtempSync(join(tmpdir(), 'shequn-compiled-'));
      const script = `
        const out = ${JSON.stringify(out)};
        const load = (path) => import(new URL('file://' + out + '/' + path).href);
        const { openDatabase, sqliteFile } = await load('kernel/db/database.js');
        const { startWalCheckpointer } = await load('kernel/db/wal-checkpointer.js');
        const { startCheckinThread } = await load('camps/checkin/checkin-writer.js');
        const { importExport } = await load('communities/imports/import.service.js');
        const { wiredEventLog } = await load('server/event-subscribers.js');
        const database = { dataDir: ${JSON.stringify(data)} };
        const handle = await openDatabase(database);
        const checkpointer = await startWalCheckpointer(sqliteFile(database.dataDir), { intervalMs: 10 });
        const writer = await startCheckinThread(database);
        const imports = [
          ['telegram', ${JSON.stringify(join(fixtures, 'telegram', 'result.json'))}],
          ['discord', ${JSON.stringify(join(fixtures, 'discord', 'general.json'))}],
        ];
        const read = [];
        for (const [format, path] of imports) {
          const summary = await importExport(wiredEventLog(handle), { path, format, community: format, timezone: 'UTC', parseInWorker: true });
          read.push(summary.read);
        }
        await writer.close();
        await checkpointer.stop();
        await handle.close();
        console.log(JSON.stringify(read));
      `;
      // A file, not --eval: worker threads inherit the command line's options, --input-type too.
      const file = join(out, 'threads-check.mjs');
      writeFileSync(file, script);
      const { stdout } = await node([file]);
      const [telegram, discord] = JSON.parse(stdout);
      expect(telegram).toBe(7);
      expect(discord).toBeGreaterThan(0);
    });
  });
});
