import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../src/accounts/account.service.js';
import { communitiesOf } from '../src/accounts/access.service.js';
import { ensureCommunity } from '../src/communities/community.service.js';
import { buildReport } from '../src/analytics/report/report.service.js';
import { openDatabase, type DatabaseHandle } from '../src/kernel/db/database.js';
import { adminQuery, databaseKinds, dropSchema, TEST_DATABASE_URL } from './support/databases.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const fixtures = join(root, 'test', 'fixtures');

interface Target {
  env: NodeJS.ProcessEnv;
  open(): Promise<DatabaseHandle>;
  dispose(): Promise<void>;
}

async function sqliteTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'shequn-cli-'));
  return { env: { SHEQUN_DATA: dir }, open: () => openDatabase({ dataDir: dir }), dispose: async () => undefined };
}

/** The CLI reads DATABASE_URL only; the schema rides in the URL's `options` so each suite is isolated. */
async function postgresTarget(): Promise<Target> {
  const schema = `cli_${randomBytes(5).toString('hex')}`;
  await adminQuery(`create schema "${schema}"`);
  const url = `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    env: { DATABASE_URL: url },
    open: () => openDatabase({ databaseUrl: TEST_DATABASE_URL, schema }),
    dispose: () => dropSchema(schema),
  };
}

const targets: Array<[string, () => Promise<Target>]> = databaseKinds.map(([kind]) => [
  kind,
  kind === 'sqlite' ? sqliteTarget : postgresTarget,
]);

async function shequn(target: Pick<Target, 'env'>, args: string[], lang = 'en') {
  try {
    const { stdout, stderr } = await run(join(root, 'bin', 'shequn'), args, {
      env: { ...process.env, DATABASE_URL: '', SHEQUN_DATA: '', ...target.env, SHEQUN_LANG: lang },
      cwd: root,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function tableCounts(target: Target) {
  const handle = await target.open();
  try {
    const tables = [
      'communities',
      'groups',
      'members',
      'identities',
      'events',
      'member_days',
      'community_days',
      'questions',
      'imports',
    ] as const;
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const row = await handle.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      counts[table] = Number(row.n);
    }
    return counts;
  } finally {
    await handle.close();
  }
}

describe.each(targets)('the shequn command on %s', (_kind, makeTarget) => {
  let target: Target;
  beforeAll(async () => {
    target = await makeTarget();
  });
  afterAll(() => target?.dispose());

  it('imports a Telegram export, and a second import changes nothing', async () => {
    const file = join(fixtures, 'telegram', 'result.json');
    const first = await shequn(target, [
      'import',
      file,
      '--format',
      'telegram',
      '--community',
      'camp',
      '--timezone',
      'Asia/Shanghai',
    ]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Imported 7 new events of 7 read \(0 already present\) into 1 group/);
    const before = await tableCounts(target);
    const second = await shequn(target, ['import', file, '--format', 'telegram', '--community', 'camp']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/Imported 0 new events of 7 read \(7 already present\)/);
    const after = await tableCounts(target);
    expect({ ...after, imports: 0 }).toEqual({ ...before, imports: 0 });
    expect(after.imports).toBe(before.imports + 1);
  });

  it('prints the very JSON the report function returns', async () => {
    const out = await shequn(target, ['report', '--community', 'camp', '--json']);
    expect(out.code).toBe(0);
    const handle = await target.open();
    try {
      expect(JSON.parse(out.stdout)).toEqual(await buildReport(handle.db, 'camp'));
    } finally {
      await handle.close();
    }
    const json = JSON.parse(out.stdout);
    expect(json.range).toEqual({ from: '2024-03-01', to: '2024-03-02' });
    // Alice, Bob (invited) and Carol; Carol was removed on 03-02 and Alice's invite resolves to her.
    expect(json.totals).toEqual({ messages: 3, members: 2, authors: 3, checkIns: 0 });
    expect(json.responseTime).toMatchObject({ questions: 1, answered: 1, medianSeconds: 120 });
  });

  it('writes an HTML report and a readable summary', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'shequn-html-')), 'report.html');
    const out = await shequn(target, ['report', '--community', 'camp', '--html', file], 'zh-CN');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('camp');
    expect(readFileSync(file, 'utf8')).toMatch(/^<!DOCTYPE html>/i);
  });

  it('rejects bad input with exit code 2 and leaves the database as it was', async () => {
    const before = await tableCounts(target);
    const broken = join(mkdtempSync(join(tmpdir(), 'shequn-bad-')), 'broken.json');
    const doc = JSON.parse(readFileSync(join(fixtures, 'telegram', 'result.json'), 'utf8'));
    doc.messages.push({ id: 99, type: 'message', from: 'Eve', from_id: 'user9', text: 'late' }); // no date
    writeFileSync(broken, JSON.stringify(doc));
    for (const community of ['camp', 'fresh']) {
      const out = await shequn(target, ['import', broken, '--format', 'telegram', '--community', community]);
      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(/broken\.json, message #7, field date_unixtime: missing/);
    }
    const truncated = join(mkdtempSync(join(tmpdir(), 'shequn-cut-')), 'cut.json');
    writeFileSync(truncated, readFileSync(join(fixtures, 'telegram', 'result.json'), 'utf8').slice(0, 1200));
    const cut = await shequn(target, ['import', truncated, '--format', 'telegram', '--community', 'camp']);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/cut\.json, message #\d+: truncated JSON/);
    expect(await tableCounts(target)).toEqual(before);
  });

  it.each([
    [['import', 'x.json', '--community', 'camp'], /missing required option --format/],
    [
      ['import', join(fixtures, 'telegram', 'result.json'), '--format', 'fax', '--community', 'camp'],
      /unknown format "fax"/,
    ],
    [['import', 'nowhere.json', '--format', 'telegram', '--community', 'camp'], /file nowhere\.json not found/],
    // A folder where one file is expected: named, not a raw EISDIR with exit code 1.
    [['import', fixtures, '--format', 'wechat-csv', '--community', 'camp'], /fixtures is a folder, but this format/],
    [['import', fixtures, '--format', 'telegram', '--community', 'camp'], /fixtures is a folder, but this format/],
    [
      ['import', join(fixtures, 'telegram', 'result.json', 'x'), '--format', 'irc', '--community', 'camp'],
      /x not found/,
    ],
    [
      [
        'import',
        join(fixtures, 'telegram', 'result.json'),
        '--format',
        'telegram',
        '--community',
        'camp',
        '--timezone',
        'Europe/Paris',
      ],
      /uses Asia\/Shanghai/,
    ],
    [
      ['import', join(fixtures, 'telegram', 'result.json'), '--format', 'telegram', '--community', 'Bad Slug'],
      /invalid community slug/,
    ],
    [['report', '--community', 'ghost'], /community "ghost" not found/],
    [['report', '--community', 'camp', '--from', '2024-02-31'], /not a calendar date/],
    [['report', '--community', 'camp', '--bogus'], /Unknown option '--bogus'/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('exits 2 on %j', async (args, message) => {
    const out = await shequn(target, args);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
  });

  it('creates instance owners that can sign in, and refuses duplicates and short passwords', async () => {
    const created = await shequn(target, ['admin', 'create', '--email', 'Boss@Camp.test', '--instance-owner']);
    expect(created.code).toBe(0);
    const password = /password (\S+) \(shown once\)/.exec(created.stdout)?.[1];
    expect(password).toHaveLength(16);
    const handle = await target.open();
    try {
      const { caller } = await login(handle.db, 'boss@camp.test', password!, Date.now());
      expect(caller.account.isInstanceOwner).toBe(true);
    } finally {
      await handle.close();
    }
    const again = await shequn(target, [
      'admin',
      'create',
      '--email',
      'boss@camp.test',
      '--password',
      'another-password',
    ]);
    expect(again).toMatchObject({ code: 2, stderr: expect.stringContaining('exists') });
    const short = await shequn(target, ['admin', 'create', '--email', 'x@camp.test', '--password', 'short']);
    expect(short).toMatchObject({ code: 2, stderr: expect.stringContaining('at least 10 characters') });
  });

  it('imports a GB18030 WeChat CSV holding a NUL byte: exit 0, the text cleaned, and says it read GB18030', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'shequn-gb-')), 'windows.csv');
    // 你好 in GB18030, with a NUL byte inside the message.
    writeFileSync(
      file,
      Buffer.from('StrTime,NickName,StrContent\r\n2024-03-01 08:00:00,ann,\xc4\xe3\x00\xba\xc3\r\n', 'latin1'),
    );
    const out = await shequn(target, ['import', file, '--format', 'wechat-csv', '--community', 'gb'], 'zh-CN');
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('已按 GB18030 读取');
    const handle = await target.open();
    try {
      const rows = await handle.db
        .selectFrom('events')
        .select('text')
        .where('source_id', 'like', 'windows:%')
        .execute();
      expect(rows).toEqual([{ text: '你好' }]);
    } finally {
      await handle.close();
    }
  }, 60_000);

  it('creates plain accounts whose only rights are the roles granted to them', async () => {
    const password = 'plain-password-1';
    const created = await shequn(target, ['admin', 'create', '--email', 'ana@camp.test', '--password', password]);
    expect(created).toMatchObject({ code: 0, stdout: expect.stringContaining('shequn admin grant') });
    const setup = await target.open();
    await ensureCommunity(setup.db, 'team-cli', undefined, Date.now());
    await setup.close();
    const granted = await shequn(target, [
      'admin',
      'grant',
      '--email',
      'ana@camp.test',
      '--community',
      'team-cli',
      '--role',
      'analyst',
    ]);
    expect(granted).toMatchObject({ code: 0, stdout: expect.stringContaining('analyst') });
    const bad = await shequn(target, [
      'admin',
      'grant',
      '--email',
      'ana@camp.test',
      '--community',
      'camp',
      '--role',
      'root',
    ]);
    expect(bad.code).toBe(2);
    const handle = await target.open();
    try {
      const { caller } = await login(handle.db, 'ana@camp.test', password, Date.now());
      expect(caller.account.isInstanceOwner).toBe(false);
      expect(await communitiesOf(handle.db, caller)).toEqual([
        expect.objectContaining({ slug: 'team-cli', role: 'analyst' }),
      ]);
    } finally {
      await handle.close();
    }
  }, 60_000);

  it('speaks Chinese when asked', async () => {
    const out = await shequn(target, ['report'], 'zh-CN');
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('缺少必需的选项 --community');
  });

  it('names a folder or a missing file in Chinese when asked', async () => {
    const folder = await shequn(target, ['import', fixtures, '--format', 'discord', '--community', 'camp'], 'zh-CN');
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain(`${fixtures} 是一个文件夹`);
    const missing = await shequn(
      target,
      ['import', 'nowhere.csv', '--format', 'wechat-csv', '--community', 'c'],
      'zh-CN',
    );
    expect(missing).toMatchObject({ code: 2, stderr: '错误: 找不到文件 nowhere.csv\n' });
  }, 60_000);
});

describe('global options', () => {
  // No database in the environment: only --data names it.
  const none = { env: {} };
  const file = join(fixtures, 'telegram', 'result.json');

  it('work before the command as well as after it, in both forms', async () => {
    const data = mkdtempSync(join(tmpdir(), 'shequn-global-'));
    const imported = await shequn(none, [
      '--data',
      data,
      'import',
      file,
      '--format',
      'telegram',
      '--community',
      'camp',
    ]);
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toMatch(/Imported 7 new events of 7 read/);
    expect(existsSync(join(data, 'shequn.db'))).toBe(true);
    for (const args of [
      ['--data', data, 'report', '--community', 'camp', '--json'],
      [`--data=${data}`, '--lang', 'zh-CN', 'report', '--community', 'camp', '--json'],
      ['report', '--data', data, '--community', 'camp', '--json'],
      ['report', '--community', 'camp', '--json', `--data=${data}`],
    ]) {
      const out = await shequn(none, args);
      expect(out.code, args.join(' ')).toBe(0);
      expect(JSON.parse(out.stdout).totals).toEqual({ messages: 3, members: 2, authors: 3, checkIns: 0 });
    }
    const again = await shequn(none, [
      '--lang',
      'zh-CN',
      '--data',
      data,
      'import',
      file,
      '--format',
      'telegram',
      '--community',
      'camp',
    ]);
    expect(again.stdout).toMatch(/已导入 0 条新事件，共读取 7 条（7 条已存在）/);
  });

  it.each([
    [['--lang', 'zh-CN', 'report'], 'en'],
    [['--lang=zh-CN', 'report'], 'en'],
    [['report', '--lang', 'zh-CN'], 'en'],
  ])('speaks the language of --lang wherever it stands: %j', async (args, envLang) => {
    const out = await shequn(none, args, envLang);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe('错误: 缺少必需的选项 --community\n');
  });

  it('prints the help before or after the command, in the language asked for', async () => {
    const before = await shequn(none, ['--data', '/nowhere', '--help']);
    expect(before).toMatchObject({ code: 0, stderr: '' });
    expect(before.stdout).toMatch(/^Usage: shequn <command> \[options\]/);
    expect(before.stdout).toContain('Global options (before or after the command):');
    const after = await shequn(none, ['report', '-h', '--lang', 'zh-CN']);
    expect(after).toMatchObject({ code: 0, stderr: '' });
    expect(after.stdout).toMatch(/^用法：shequn <命令> \[选项\]/);
  });

  it.each([
    [['--bogus', 'report', '--community', 'camp'], /^error: Unknown option '--bogus'/],
    [['--bogus'], /^error: Unknown option '--bogus'/],
    // An option of another command.
    [['--port', '80', 'report', '--community', 'camp'], /^error: Unknown option '--port'/],
    [['report', '--community', 'camp', '--port', '80'], /^error: Unknown option '--port'/],
    [['--data', '/tmp', 'frobnicate'], /^error: unknown command "frobnicate"\. Run "shequn --help"\./],
    [['--lang', 'zh-CN', 'frobnicate'], /^错误: 未知命令 "frobnicate"/],
    [['--data'], /^error: Option '--data <value>' argument missing/],
    [['--data', '/tmp'], /^Usage: shequn <command>/],
    [[], /^Usage: shequn <command>/],
  ])('exits 2 on %j with a clear message', async (args, message) => {
    const out = await shequn(none, args);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(message);
  });
});
