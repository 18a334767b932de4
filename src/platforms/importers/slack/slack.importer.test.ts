import { cp, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportFormatError } from '../../../kernel/errors.js';
import type { ImportedEvent } from '../../../kernel/event-log/event.types.js';
import type { ImportSource } from '../importer.types.js';
import { importSlack } from './slack.importer.js';
import { zipBytes } from '../../../../test/support/zip.js';

const FIXTURE = fileURLToPath(new URL('../../../../test/fixtures/slack/export', import.meta.url));
const general = { externalId: 'C01GENERAL', name: 'general' };
const random = { externalId: 'C02RANDOM', name: 'random' };
const alice = { externalId: 'U01ALICE', displayName: 'alice' };
const bob = { externalId: 'U02BOB', displayName: 'Bob Builder' };
const carol = { externalId: 'U03CAROL', displayName: 'carol' };
const ROOT = 'C01GENERAL:1546300860.123400';

const event = (
  e: Omit<ImportedEvent, 'platform' | 'replyToSourceId' | 'threadSourceId'> & Partial<ImportedEvent>,
): ImportedEvent => ({
  platform: 'slack',
  replyToSourceId: null,
  threadSourceId: null,
  ...e,
});

const GENERAL_EVENTS: ImportedEvent[] = [
  event({
    sourceId: 'C01GENERAL:1546300800.000100',
    group: general,
    author: alice,
    kind: 'join',
    occurredAt: 1546300800000,
    text: '<@U01ALICE> has joined the channel',
  }),
  event({
    sourceId: ROOT,
    group: general,
    author: alice,
    kind: 'message',
    occurredAt: 1546300860123,
    threadSourceId: ROOT,
    text: 'Happy new year!',
  }),
  event({
    sourceId: `${ROOT}:reaction:tada:U02BOB`,
    group: general,
    author: bob,
    kind: 'reaction',
    occurredAt: 1546300860123,
    text: 'tada',
  }),
  event({
    sourceId: `${ROOT}:reaction:tada:U03CAROL`,
    group: general,
    author: carol,
    kind: 'reaction',
    occurredAt: 1546300860123,
    text: 'tada',
  }),
  event({
    sourceId: 'C01GENERAL:1546300920.500600',
    group: general,
    author: bob,
    kind: 'message',
    occurredAt: 1546300920501,
    threadSourceId: ROOT,
    text: 'Same to you',
  }),
  // channel_topic is skipped; 2019-01-02.json follows.
  event({
    sourceId: 'C01GENERAL:1546387200.000200',
    group: general,
    author: { externalId: 'B01DEPLOY', displayName: 'deploy', isBot: true },
    kind: 'message',
    occurredAt: 1546387200000,
    text: 'Deployed v1.2',
  }),
  event({
    sourceId: 'C01GENERAL:1546387260.000300',
    group: general,
    author: { externalId: 'U04BOT', displayName: 'Deploy Bot', isBot: true },
    kind: 'message',
    occurredAt: 1546387260000,
    text: 'Build green',
  }),
  event({
    sourceId: 'C01GENERAL:1546387320.999900',
    group: general,
    author: bob,
    kind: 'message',
    occurredAt: 1546387321000,
    threadSourceId: ROOT,
    text: 'Reminder: party tonight',
  }),
  event({
    sourceId: 'C01GENERAL:1546387380.000400',
    group: general,
    author: carol,
    kind: 'leave',
    occurredAt: 1546387380000,
    text: '<@U03CAROL> has left the channel',
  }),
];
const RANDOM_EVENTS: ImportedEvent[] = [
  event({
    sourceId: 'C02RANDOM:1546214400.000000',
    group: random,
    author: carol,
    kind: 'message',
    occurredAt: 1546214400000,
    text: 'first!',
  }),
  event({
    sourceId: 'C02RANDOM:1546214401',
    group: random,
    author: { externalId: 'U99GHOST', displayName: 'U99GHOST' },
    kind: 'message',
    occurredAt: 1546214401000,
    text: 'waves',
  }),
];

async function collect(source: Partial<ImportSource> & { path: string }): Promise<ImportedEvent[]> {
  const events: ImportedEvent[] = [];
  for await (const e of importSlack({ timezone: 'UTC', ...source })) events.push(e);
  return events;
}

const scratch: string[] = [];
afterAll(() => Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A copy of the fixture export with some files replaced (string) or removed (null). */
async function variant(changes: Record<string, string | null>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'shequn-slack-'));
  scratch.push(dir);
  await cp(FIXTURE, dir, { recursive: true });
  for (const [file, text] of Object.entries(changes)) {
    await (text === null ? unlink(join(dir, file)) : writeFile(join(dir, file), text));
  }
  return dir;
}

async function expectFormatError(source: Partial<ImportSource> & { path: string }, ...parts: string[]): Promise<void> {
  const error = await collect(source).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportFormatError);
  for (const part of parts) expect((error as Error).message).toContain(part);
}

describe('importSlack on a folder', () => {
  it('maps messages, threads, reactions, bots, joins and leaves, channel by channel in date order', async () => {
    expect(await collect({ path: FIXTURE })).toEqual([...GENERAL_EVENTS, ...RANDOM_EVENTS]);
  });

  it('selects one channel with --group, with or without a leading #', async () => {
    expect(await collect({ path: FIXTURE, groupName: 'random' })).toEqual(RANDOM_EVENTS);
    expect(await collect({ path: FIXTURE, groupName: '#random' })).toEqual(RANDOM_EVENTS);
  });

  it('rejects a --group that names no channel', async () => {
    await expectFormatError(
      { path: FIXTURE, groupName: 'nope' },
      'channels.json',
      'field name',
      'no channel named "nope"',
      'general, random, empty',
    );
  });

  it('reports progress in day files', async () => {
    const calls: [number, number][] = [];
    await collect({ path: FIXTURE, onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });
});

describe('importSlack on bad input', () => {
  const day = 'general/2019-01-02.json';
  const messages = (...list: unknown[]) => JSON.stringify(list);

  it('needs users.json and channels.json', async () => {
    await expectFormatError({ path: await variant({ 'users.json': null }) }, 'users.json, export root: missing');
    await expectFormatError({ path: await variant({ 'channels.json': null }) }, 'channels.json, export root: missing');
  });

  it('names the file of truncated JSON', async () => {
    const text = await readFile(join(FIXTURE, day), 'utf8');
    await expectFormatError(
      { path: await variant({ [day]: text.slice(0, 200) }) },
      `${day}, end of file: truncated JSON`,
    );
  });

  it('names the message and field of a missing or malformed ts', async () => {
    const ok = { type: 'message', user: 'U01ALICE', text: 'hi', ts: '1546387200.000200' };
    await expectFormatError(
      { path: await variant({ [day]: messages(ok, { ...ok, ts: undefined }) }) },
      `${day}, message #1, field ts: missing`,
    );
    await expectFormatError(
      { path: await variant({ [day]: messages({ ...ok, ts: 'soon' }) }) },
      `${day}, message #0, field ts: not a Slack timestamp: "soon"`,
    );
    await expectFormatError(
      { path: await variant({ [day]: messages({ ...ok, thread_ts: 12 }) }) },
      `${day}, message #0, field thread_ts`,
    );
  });

  it('requires a user on messages that are not from bots', async () => {
    const noUser = { type: 'message', text: 'who?', ts: '1546387200.000200' };
    await expectFormatError(
      { path: await variant({ [day]: messages(noUser) }) },
      `${day}, message #0, field user: missing`,
    );
    await expectFormatError(
      { path: await variant({ [day]: messages({ ...noUser, subtype: 'bot_message' }) }) },
      `${day}, message #0, field bot_id: missing`,
    );
  });

  it('reads the author of a 2015–2016 file comment from comment.user, its text from comment.comment', async () => {
    const comment = {
      type: 'message',
      subtype: 'file_comment',
      ts: '1446387200.000200',
      file: { id: 'F0AB', name: 'plan.pdf' },
      comment: { id: 'Fc0CD', created: 1446387200, timestamp: 1446387200, user: 'U02BOB', comment: 'Looks good' },
    };
    const withText = { ...comment, ts: '1446387300.000300', text: '<@U02BOB> commented on plan.pdf: Looks good' };
    const events = await collect({ path: await variant({ [day]: messages(comment, withText) }), groupName: 'general' });
    const comments = events.filter((e) => e.occurredAt < Date.UTC(2016, 0));
    expect(comments.map((e) => [e.kind, e.author, e.text])).toEqual([
      ['message', bob, 'Looks good'],
      ['message', bob, '<@U02BOB> commented on plan.pdf: Looks good'],
    ]);
    await expectFormatError(
      { path: await variant({ [day]: messages({ ...comment, comment: { comment: 'anonymous?' } }) }) },
      `${day}, message #0, field comment.user: missing`,
    );
  });

  it('rejects malformed reactions and non-array day files', async () => {
    const bad = { type: 'message', user: 'U01ALICE', ts: '1546387200.000200', reactions: [{ name: 'tada' }] };
    await expectFormatError(
      { path: await variant({ [day]: messages(bad) }) },
      `${day}, message #0, field reactions[0].users`,
    );
    await expectFormatError({ path: await variant({ [day]: '{}' }) }, `${day}, top level: expected an array`);
  });

  it('rejects channel names that would leave the export folder', async () => {
    const channels = JSON.stringify([{ id: 'C1', name: '../outside' }]);
    await expectFormatError(
      { path: await variant({ 'channels.json': channels }) },
      'channels.json, channel #0, field name: not a channel name',
    );
  });
});

describe('importSlack on a zip', () => {
  it('reads a zip whose files sit under a top folder, as "Compress folder" makes them', async () => {
    const zip = await zipOf(FIXTURE, 'My Workspace Slack export/');
    expect(await collect({ path: zip })).toEqual([...GENERAL_EVENTS, ...RANDOM_EVENTS]);
    expect(await collect({ path: zip, groupName: 'general' })).toEqual(GENERAL_EVENTS);
  });

  it('reads a zip with the files at its root', async () => {
    expect(await collect({ path: await zipOf(FIXTURE, '') })).toEqual([...GENERAL_EVENTS, ...RANDOM_EVENTS]);
  });

  it('names files inside the zip relative to the export root', async () => {
    const dir = await variant({ 'general/2019-01-02.json': '[{"type":"message","user":"U01ALICE"}]' });
    await expectFormatError(
      { path: await zipOf(dir, 'export/') },
      'general/2019-01-02.json, message #0, field ts: missing',
    );
    await expectFormatError(
      { path: await zipOf(await variant({ 'users.json': null }), 'export/') },
      'users.json, export root: missing',
    );
  });

  it('rejects a file that is not a zip', async () => {
    await expectFormatError({ path: join(FIXTURE, 'users.json') }, 'users.json', 'not a readable zip file');
  });
});

/** Zips `dir` (deflated, UTF-8 names, a directory entry for `prefix`) into a scratch file. */
async function zipOf(dir: string, prefix: string): Promise<string> {
  const files: { name: string; data: Buffer }[] = prefix ? [{ name: prefix, data: Buffer.alloc(0) }] : [];
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) await walk(path);
      else files.push({ name: prefix + relative(dir, path).split(sep).join('/'), data: await readFile(path) });
    }
  };
  await walk(dir);
  const out = join(await mkdtemp(join(tmpdir(), 'shequn-slack-zip-')), 'export.zip');
  scratch.push(join(out, '..'));
  await writeFile(out, zipBytes(files));
  return out;
}
