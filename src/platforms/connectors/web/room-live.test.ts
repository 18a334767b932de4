import { describe, expect, it, vi } from 'vitest';
import { inProcessRoomBus, MAX_NOTIFY_FRAME_BYTES, notifyPayload, parsePayload, type RoomNote } from './room-bus.js';
import { CLOSE_TOO_SLOW, MAX_BUFFERED_BYTES } from './room-hub.js';
import { connectRoomLive, REORDER_WAIT_MS } from './room-live.js';

function socket(bufferedAmount = 0) {
  return {
    sent: [] as string[],
    closed: null as number | null,
    bufferedAmount,
    send(d: string) {
      this.sent.push(d);
    },
    close(code?: number) {
      this.closed = code ?? 0;
    },
  };
}
const note = (room: number, seq: number | null, frame: string, extra: Partial<RoomNote> = {}): RoomNote => ({
  room,
  seq,
  frame,
  member: null,
  evict: false,
  ...extra,
});

describe('room live delivery', () => {
  it('sends each frame once to every socket of its room, in seq order, an early one waiting for the one before', () => {
    vi.useFakeTimers();
    const bus = inProcessRoomBus();
    const live = connectRoomLive(bus, async () => null);
    const a = socket();
    const b = socket();
    const elsewhere = socket();
    live.hub.join(1, { socket: a, memberId: 10, held: null });
    live.hub.join(1, { socket: b, memberId: 11, held: null });
    live.hub.join(2, { socket: elsewhere, memberId: 12, held: null });
    bus.afterCommit(note(1, 5, 'f5'));
    bus.afterCommit(note(1, 7, 'f7'));
    expect(a.sent).toEqual(['f5']);
    bus.afterCommit(note(1, 6, 'f6'));
    expect(a.sent).toEqual(['f5', 'f6', 'f7']);
    expect(b.sent).toEqual(a.sent);
    expect(elsewhere.sent).toEqual([]);
    bus.afterCommit(note(1, 9, 'f9'));
    vi.advanceTimersByTime(REORDER_WAIT_MS);
    expect(a.sent.at(-1)).toBe('f9');
    vi.useRealTimers();
  });

  it('sends personal frames to one member, evicting when told, and closes a lagging socket', () => {
    const bus = inProcessRoomBus();
    const live = connectRoomLive(bus, async () => null);
    const member = socket();
    const other = socket();
    const slow = socket(MAX_BUFFERED_BYTES + 1);
    live.hub.join(1, { socket: member, memberId: 10, held: null });
    live.hub.join(1, { socket: other, memberId: 11, held: null });
    live.hub.join(1, { socket: slow, memberId: 12, held: null });
    bus.afterCommit(note(1, null, 'removed', { member: 10, evict: true }));
    expect(member.sent).toEqual(['removed']);
    expect(other.sent).toEqual([]);
    bus.afterCommit(note(1, 1, 'f1'));
    expect(member.sent).toEqual(['removed']);
    expect(other.sent).toEqual(['f1']);
    expect(slow.closed).toBe(CLOSE_TOO_SLOW);
    expect(live.hub.size(1)).toBe(1);
  });

  it('sends the frames a socket gets in one turn of the event loop in one write (corked until the next tick)', async () => {
    const bus = inProcessRoomBus();
    const live = connectRoomLive(bus, async () => null);
    const writes: string[][] = [];
    let pending: string[] | null = null;
    const corkable = {
      ...socket(),
      send(d: string) {
        if (pending) pending.push(d);
        else writes.push([d]);
      },
      cork: () => void (pending ??= []),
      uncork() {
        if (pending) writes.push(pending);
        pending = null;
      },
    };
    live.hub.join(1, { socket: corkable, memberId: 10, held: null });
    for (const seq of [1, 2, 3]) bus.afterCommit(note(1, seq, `f${seq}`));
    expect(writes).toEqual([]);
    await new Promise((resolve) => process.nextTick(resolve));
    expect(writes).toEqual([['f1', 'f2', 'f3']]);
    bus.afterCommit(note(1, 4, 'f4'));
    await new Promise((resolve) => process.nextTick(resolve));
    expect(writes).toEqual([['f1', 'f2', 'f3'], ['f4']]);
  });

  it('carries a frame in a NOTIFY payload only when it fits', () => {
    const small = note(3, 4, '{"x":1}');
    expect(parsePayload(notifyPayload(small))).toEqual(small);
    const big = note(3, 5, 'x'.repeat(MAX_NOTIFY_FRAME_BYTES + 1));
    expect(parsePayload(notifyPayload(big))).toEqual({ ...big, frame: null });
    expect(parsePayload('nonsense')).toBeNull();
  });
});
