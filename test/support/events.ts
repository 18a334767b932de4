import { wallClockToUtc } from '../../src/kernel/time/local-day.js';
import type { EventKind, ImportedEvent } from '../../src/kernel/event-log/event.types.js';

/**
 * Builds in-memory events for store tests: `at('2024-03-04 09:05')` is a wall-clock time in the
 * scenario's zone, `utc('2024-03-05T04:30:00Z')` an instant.
 */
export function eventBuilder(timezone: string) {
  let seq = 0;
  const at = (local: string) => {
    const [date, time = '00:00'] = local.split(' ');
    const [y, m, d] = date.split('-').map(Number);
    const [hh, mm, ss = 0] = time.split(':').map(Number);
    return wallClockToUtc(timezone, y, m, d, hh, mm, ss);
  };
  const utc = (iso: string) => Date.parse(iso);
  function event(
    group: string,
    who: string,
    kind: EventKind,
    when: number,
    extra: { id?: string; text?: string; replyTo?: string; thread?: string; bot?: boolean } = {},
  ): ImportedEvent {
    seq++;
    return {
      platform: 'telegram',
      sourceId: extra.id ?? `${group}:${seq}`,
      group: { externalId: group, name: group },
      author: { externalId: who, displayName: who, isBot: extra.bot },
      kind,
      occurredAt: when,
      replyToSourceId: extra.replyTo ?? null,
      threadSourceId: extra.thread ?? null,
      text: extra.text ?? (kind === 'message' ? `message ${seq}` : null),
    };
  }
  return { at, utc, event };
}

export async function* asStream<T>(items: T[]): AsyncIterable<T> {
  yield* items;
}
