import { describe, expect, it } from 'vitest';
import { activityEvent, activityUpdate, isChannel, liveSourceId } from './irc.events.js';

const T = Date.UTC(2026, 0, 5, 12);

describe('IRC live events', () => {
  it('maps a message as the importer maps a log line: channel as group, lower-case nick as author', () => {
    const activity = {
      kind: 'message' as const,
      channel: '#qtox',
      nick: 'Alice',
      text: 'good morning',
      occurredAt: T,
      sourceId: liveSourceId('#qtox', T - 1000, 7),
    };
    expect(activityEvent(activity)).toEqual({
      platform: 'irc',
      sourceId: `live:#qtox:${T - 1000}:7`,
      group: { externalId: '#qtox', name: '#qtox' },
      author: { externalId: 'alice', displayName: 'Alice' },
      kind: 'message',
      occurredAt: T,
      replyToSourceId: null,
      threadSourceId: null,
      text: 'good morning',
    });
    const update = activityUpdate(activity);
    expect(update.chats).toEqual([{ externalId: '#qtox', address: '#qtox' }]);
    expect(update.message).toBe(update.events[0]);
    expect(update.updateId).toBeNull();
    expect(update.photo).toEqual([]);
  });

  it('a join or leave is no message for the features that read messages', () => {
    const update = activityUpdate({
      kind: 'leave',
      channel: '#c',
      nick: 'bob',
      text: null,
      occurredAt: T,
      sourceId: 'x',
    });
    expect(update.events[0].kind).toBe('leave');
    expect(update.message).toBeNull();
  });

  it('knows a channel from a nick', () => {
    expect(['#a', '&b', '+c', '!d', 'alice'].map(isChannel)).toEqual([true, true, true, true, false]);
  });
});
