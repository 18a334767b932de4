import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportFormatError } from '../../../kernel/errors.js';
import type { ImportedEvent } from '../../../kernel/event-log/event.types.js';
import type { ImportSource } from '../importer.types.js';
import { importDiscord } from './discord.importer.js';

const FIXTURE = fileURLToPath(new URL('../../../../test/fixtures/discord/general.json', import.meta.url));
const CHANNEL = '820000000000000002';
const general = { externalId: CHANNEL, name: 'general' };
const alice = { externalId: '850000000000000001', displayName: 'Alice L.' };
const bob = { externalId: '850000000000000002', displayName: 'bob' };
const carol = { externalId: '850000000000000003', displayName: 'carol' };
const bot = { externalId: '850000000000000009', displayName: 'Shequn Bot', isBot: true };
const JOIN = `${CHANNEL}:840000000000000010`;
const HELLO = `${CHANNEL}:840000000000000011`;

const event = (
  e: Omit<ImportedEvent, 'platform' | 'group' | 'replyToSourceId' | 'threadSourceId'> & Partial<ImportedEvent>,
): ImportedEvent => ({
  platform: 'discord',
  group: general,
  replyToSourceId: null,
  threadSourceId: null,
  ...e,
});

const EXPECTED: ImportedEvent[] = [
  event({
    sourceId: JOIN,
    author: alice,
    kind: 'join',
    occurredAt: Date.UTC(2021, 4, 1, 12, 0, 0),
    text: 'Joined the server.',
  }),
  event({
    sourceId: `${JOIN}:reaction:👋:${bob.externalId}`,
    author: bob,
    kind: 'reaction',
    occurredAt: Date.UTC(2021, 4, 1, 12, 0, 0),
    text: '👋',
  }),
  event({
    sourceId: HELLO,
    author: alice,
    kind: 'message',
    occurredAt: Date.UTC(2021, 4, 1, 12, 34, 56, 789),
    text: 'hello everyone',
  }),
  event({
    sourceId: `${HELLO}:reaction:👍:${bob.externalId}`,
    author: bob,
    kind: 'reaction',
    occurredAt: Date.UTC(2021, 4, 1, 12, 34, 56, 789),
    text: '👍',
  }),
  event({
    sourceId: `${HELLO}:reaction:👍:${bot.externalId}`,
    author: bot,
    kind: 'reaction',
    occurredAt: Date.UTC(2021, 4, 1, 12, 34, 56, 789),
    text: '👍',
  }),
  // The :shequn: reaction has a count but no users, so it names no member and is skipped.
  event({
    sourceId: `${CHANNEL}:840000000000000012`,
    author: bob,
    kind: 'message',
    occurredAt: Date.UTC(2021, 4, 1, 12, 40, 0, 500),
    replyToSourceId: HELLO,
    text: 'hi Alice!',
  }),
  // ChannelPinnedMessage and ThreadCreated are skipped.
  event({
    sourceId: `${CHANNEL}:840000000000000015`,
    author: bot,
    kind: 'message',
    occurredAt: Date.UTC(2021, 4, 1, 12, 45, 0, 123),
    text: 'Daily digest: 3 new members',
  }),
  // A forward carries a reference but replies to no one.
  event({
    sourceId: `${CHANNEL}:840000000000000016`,
    author: bob,
    kind: 'message',
    occurredAt: Date.UTC(2021, 4, 1, 12, 50),
    text: '',
  }),
  event({
    sourceId: `${CHANNEL}:840000000000000017`,
    author: carol,
    kind: 'message',
    occurredAt: Date.UTC(2021, 4, 1, 21, 55),
    replyToSourceId: JOIN,
    text: 'welcome!',
  }),
];

async function collect(source: Partial<ImportSource> & { path: string }): Promise<ImportedEvent[]> {
  const events: ImportedEvent[] = [];
  for await (const e of importDiscord({ timezone: 'UTC', ...source })) events.push(e);
  return events;
}

let scratch = '';
let fixture: Record<string, unknown> & { messages: Record<string, unknown>[] };
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'shequn-discord-'));
  fixture = JSON.parse(await readFile(FIXTURE, 'utf8'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** Writes `text`, or the fixture with its first message changed by `change`, to a scratch file. */
async function variant(
  change: ((message: Record<string, unknown>) => void) | string,
  name = 'channel.json',
): Promise<string> {
  let text: string;
  if (typeof change === 'string') text = change;
  else {
    const copy = structuredClone(fixture);
    change(copy.messages[0]);
    text = JSON.stringify(copy, null, 2);
  }
  const path = join(scratch, name);
  await writeFile(path, text);
  return path;
}

async function expectFormatError(path: string, ...parts: string[]): Promise<void> {
  const error = await collect({ path }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportFormatError);
  for (const part of parts) expect((error as Error).message).toContain(part);
}

describe('importDiscord', () => {
  it('maps messages, replies, joins, bots and per-user reactions, and skips system messages', async () => {
    expect(await collect({ path: FIXTURE })).toEqual(EXPECTED);
  });

  it('names the group after --group when given', async () => {
    const events = await collect({ path: FIXTURE, groupName: 'Shequn #general' });
    expect(new Set(events.map((e) => JSON.stringify(e.group)))).toEqual(
      new Set([JSON.stringify({ externalId: CHANNEL, name: 'Shequn #general' })]),
    );
  });

  it('reports progress in bytes up to the whole file', async () => {
    const calls: [number, number][] = [];
    await collect({ path: FIXTURE, onProgress: (done, total) => calls.push([done, total]) });
    const [done, total] = calls[calls.length - 1];
    expect(done).toBe(total);
  });
});

describe('importDiscord on bad input', () => {
  it('names the message and field of a missing or unparseable timestamp', async () => {
    await expectFormatError(
      await variant((m) => delete m.timestamp),
      'channel.json, message #0, field timestamp: missing',
    );
    await expectFormatError(
      await variant((m) => (m.timestamp = 'yesterday')),
      'channel.json, message #0, field timestamp: not an ISO 8601 time with offset: "yesterday"',
    );
    await expectFormatError(await variant((m) => (m.timestamp = '2021-05-01T12:00:00')), 'message #0, field timestamp');
  });

  it('needs an author id on messages and on reaction users', async () => {
    await expectFormatError(
      await variant((m) => delete (m.author as Record<string, unknown>).id),
      'channel.json, message #0, field author.id: missing',
    );
    await expectFormatError(
      await variant((m) => delete m.author),
      'channel.json, message #0, field author.id: missing',
    );
    const noReactor = (m: Record<string, unknown>) =>
      delete (m.reactions as { users: Record<string, unknown>[] }[])[0].users[0].id;
    await expectFormatError(
      await variant(noReactor),
      'channel.json, message #0, field reactions[0].users[0].id: missing',
    );
  });

  it('needs message ids and types but not timestamps on skipped system messages', async () => {
    await expectFormatError(await variant((m) => delete m.id), 'channel.json, message #0, field id: missing');
    await expectFormatError(await variant((m) => delete m.type), 'channel.json, message #0, field type: missing');
    const pin = (m: Record<string, unknown>) => Object.assign(m, { type: 'ChannelPinnedMessage', timestamp: null });
    expect(await collect({ path: await variant(pin) })).toEqual(EXPECTED.slice(2));
  });

  it('rejects truncated JSON, a missing channel and a file without messages', async () => {
    const text = await readFile(FIXTURE, 'utf8');
    await expectFormatError(
      await variant(text.slice(0, text.indexOf('"id": "840000000000000012"'))),
      'channel.json, message #2: truncated JSON',
    );
    await expectFormatError(
      await variant(JSON.stringify({ ...fixture, channel: {} })),
      'channel.json, top level, field channel.id: missing',
    );
    await expectFormatError(
      await variant('{"guild": {}, "channel": {"id": "1"}}'),
      'channel.json, top level, field messages: missing',
    );
  });
});
