import type { RoomBus, RoomNote } from './room-bus.js';
import { createRoomHub, type RoomHub } from './room-hub.js';

/** Close code telling clients to reconnect and catch up: this process may have missed frames. */
export const CLOSE_CATCH_UP = 4009;
/** How long a frame waits for the one before it (seqs have no gaps) before it goes out anyway. */
export const REORDER_WAIT_MS = 1000;

/** The live delivery of one process: its hub, fed by the bus. */
export interface RoomLive {
  hub: RoomHub;
  bus: RoomBus;
}

/**
 * Connects a hub to a bus: every note goes to the sockets of its room, its frame read by
 * `loadFrame` when the note came without one (too long for a NOTIFY). A room's seqs have no gaps
 * (a rolled-back post takes its seq back with it), so frames go out in seq order: one that comes
 * early (its post's after-commit work finished first) waits for the one before it, at most
 * `REORDER_WAIT_MS`. When the bus may have lost notes every socket is closed, and clients
 * reconnect with their last seq.
 */
export function connectRoomLive(
  bus: RoomBus,
  loadFrame: (room: number, seq: number) => Promise<string | null>,
  onError: (error: unknown) => void = () => {},
): RoomLive {
  const hub = createRoomHub();
  /** Per room, the next seq to send, and frames that came before it with their timer. */
  const rooms = new Map<
    number,
    { next: number; early: Map<number, RoomNote & { frame: string }>; timer: NodeJS.Timeout | null }
  >();
  const send = (note: RoomNote, frame: string) => hub.deliver(note.room, frame, note.member, note.evict);

  const flush = (room: number, all: boolean) => {
    const state = rooms.get(room);
    if (!state) return;
    if (all && state.early.size > 0) state.next = Math.min(...state.early.keys());
    for (let note = state.early.get(state.next); note; note = state.early.get(state.next)) {
      state.early.delete(state.next);
      send(note, note.frame);
      state.next++;
    }
    if (state.early.size === 0 && state.timer) {
      clearTimeout(state.timer);
      state.timer = null;
    }
    if (all && state.early.size > 0) flush(room, true);
  };

  const arrive = (note: RoomNote, frame: string) => {
    if (note.seq === null) return send(note, frame);
    let state = rooms.get(note.room);
    if (!state) rooms.set(note.room, (state = { next: note.seq, early: new Map(), timer: null }));
    // Older than the next expected: a late or repeated frame; clients drop what they have by seq.
    if (note.seq < state.next) return send(note, frame);
    state.early.set(note.seq, { ...note, frame });
    flush(note.room, false);
    if (state.early.size > 0 && !state.timer) {
      state.timer = setTimeout(() => {
        state.timer = null;
        flush(note.room, true);
      }, REORDER_WAIT_MS);
      state.timer.unref();
    }
  };

  bus.listen(
    (note) => {
      if (note.frame !== null) arrive(note, note.frame);
      else if (note.seq !== null)
        loadFrame(note.room, note.seq).then((frame) => frame !== null && arrive(note, frame), onError);
    },
    () => {
      rooms.clear();
      hub.closeAll(CLOSE_CATCH_UP, 'catch up');
    },
  );
  return { hub, bus };
}
