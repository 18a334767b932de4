import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportFormatError } from '../../../kernel/errors.js';
import { eventSummary, fixtureCollector, fixturesDir, utc } from '../../../../test/support/importers.js';
import { importIrc } from './irc.importer.js';

const collect = fixtureCollector(importIrc, 'irc');
const summary = eventSummary;

describe('IRC day-log importer', () => {
  it('reads a folder in date order, skipping hidden and undated files; a log past midnight rolls over', async () => {
    const events = await collect('qtox');
    expect(events.map(summary)).toEqual([
      ['#qtox:2016-06-01:1', 'join', 'alice', utc('2016-05-31T23:00:00Z'), null],
      ['#qtox:2016-06-01:2', 'message', 'alice', utc('2016-05-31T23:00:05Z'), 'good morning'],
      ['#qtox:2016-06-01:3', 'message', 'bob', utc('2016-05-31T23:01:00Z'), 'hi Alice'],
      ['#qtox:2016-06-01:4', 'message', 'bob', utc('2016-05-31T23:01:30Z'), 'waves at everyone'],
      ['#qtox:2016-06-01:8', 'message', 'bobby', utc('2016-05-31T23:04:00Z'), 'new nick, same person?'],
      ['#qtox:2016-06-01:10', 'leave', 'alice', utc('2016-06-01T00:00:00Z'), null],
      ['#qtox:2016-06-01:11', 'leave', 'eve', utc('2016-06-01T01:00:00Z'), null],
      ['#qtox:2016-06-02:1', 'join', 'alice', utc('2016-06-02T15:00:00Z'), null],
      ['#qtox:2016-06-02:2', 'message', 'bobby', utc('2016-06-02T15:59:50Z'), 'almost midnight'],
      ['#qtox:2016-06-02:3', 'message', 'bobby', utc('2016-06-02T16:00:05Z'), 'past midnight, same file'], // 3 June 00:00:05 local
      ['#qtox:2016-06-02:4', 'leave', 'bobby', utc('2016-06-02T16:01:00Z'), null],
    ]);
    expect(events.every((e) => e.platform === 'irc' && e.replyToSourceId === null)).toBe(true);
    expect(events[0].group).toEqual({ externalId: '#qtox', name: '#qtox' });
    expect(events[1].author).toEqual({ externalId: 'alice', displayName: 'Alice' }); // "@" is a channel mode
    expect(events[7].author).toEqual({ externalId: 'alice', displayName: 'ALICE' });
  });

  it('maps the repeated hour of a daylight-saving fall-back to the second instant', async () => {
    const events = await collect('dst/2016-10-30.log', { timezone: 'Europe/London' });
    expect(events.map(summary)).toEqual([
      ['dst:2016-10-30:1', 'message', 'alice', utc('2016-10-29T23:30:00Z'), 'still up'],
      ['dst:2016-10-30:2', 'message', 'bob', utc('2016-10-30T00:30:00Z'), 'clocks go back at two'], // 01:30 BST
      ['dst:2016-10-30:3', 'message', 'alice', utc('2016-10-30T01:10:00Z'), 'it is ten past one again'], // 01:10 GMT
      ['dst:2016-10-30:4', 'leave', 'bob', utc('2016-10-30T02:00:00Z'), null],
    ]);
    // No channel and nothing but the date in the name: the folder names the group.
    expect(events[0].group).toEqual({ externalId: 'dst', name: 'dst' });
  });

  it('reads a spring-forward day, HH:MM stamps and YYYYMMDD names', async () => {
    const events = await collect('dst/uk-20160327.log', { timezone: 'Europe/London' });
    expect(events.map(summary)).toEqual([
      ['uk:2016-03-27:1', 'message', 'carol', utc('2016-03-27T00:59:00Z'), 'last minute of GMT'],
      ['uk:2016-03-27:2', 'message', 'carol', utc('2016-03-27T01:01:00Z'), 'first minutes of BST'],
      ['uk:2016-03-27:3', 'message', 'carol', utc('2016-03-27T11:00:00Z'), 'noon'],
    ]);
  });

  it('uses --group as the group and in source ids', async () => {
    const events = await collect('qtox/#qtox.2016-06-01.log', { groupName: 'qTox devs' });
    expect(events[0].group).toEqual({ externalId: 'qTox devs', name: 'qTox devs' });
    expect(events[0].sourceId).toBe('qTox devs:2016-06-01:1');
  });

  it('gives identical source ids when the same logs are read twice', async () => {
    const first = (await collect('qtox')).map((e) => e.sourceId);
    const second = (await collect('qtox', { timezone: 'UTC' })).map((e) => e.sourceId);
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });

  it('reports progress over all files, ending at their total size', async () => {
    const calls: [number, number][] = [];
    await collect('qtox', { onProgress: (done, total) => calls.push([done, total]) });
    const totals = new Set(calls.map(([, total]) => total));
    expect(totals.size).toBe(1);
    const dones = calls.map(([done]) => done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(dones[dones.length - 1]).toBe([...totals][0]);
  });

  it.each([
    [
      'errors/#bad.2016-06-01.log',
      '#bad.2016-06-01.log, line 3, field line: unrecognised line: 10:01:00 <alice> this logger',
    ],
    ['errors/#badtime.2016-06-01.log', '#badtime.2016-06-01.log, line 2, field time: invalid time "[24:00:00]"'],
    ['errors/no-date.log', 'no-date.log, file name: no date (YYYY-MM-DD or YYYYMMDD) in the file name'],
    ['dupes', '#a_20160601.txt, file name: same channel and date as #a.2016-06-01.log'],
  ])('rejects %s naming file, line and field', async (path, message) => {
    const error = await collect(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFormatError);
    expect((error as Error).message).toContain(message);
  });

  it('stops cleanly when the consumer stops early', async () => {
    for await (const event of importIrc({ path: join(fixturesDir, 'irc', 'qtox'), timezone: 'UTC' })) {
      expect(event.sourceId).toBe('#qtox:2016-06-01:1');
      break;
    }
  });

  it('truncates an unrecognised line to 80 characters', async () => {
    const error = (await collect('errors/#bad.2016-06-01.log').catch((e: unknown) => e)) as ImportFormatError;
    const shown = error.problem.slice('unrecognised line: '.length);
    expect(shown).toHaveLength(80);
    expect(shown.endsWith('…')).toBe(true);
  });
});
