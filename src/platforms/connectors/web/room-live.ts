import type { RoomBus, RoomNote } from './room-bus.js';
import { createRoomHub, type RoomHub } from './room-hub.js';

/** Close code telling clients to reconnect and catch up: this process may have missed frames. */
export const CLOSE_CATCH_UP = 4009;

/** The live delivery of one process: its hub, fed by the bus. */
export interface RoomLive {
  hub: RoomHub;
  bus: RoomBus;
}

/**
 * Connects a hub to a bus: every note goes to the sockets of its room, its frame read by
 * `loadFrame` when the note came without one (too long for a NOTIFY). When the bus may have lost
 * notes every socket is closed, and clients reconnect with their last seq.
 */
export function connectRoomLive(
  bus: RoomBus,
  loadFrame: (room: number, seq: number) => Promise<string | null>,
  onError: (error: unknown) => void = () => {},
): RoomLive {
  const hub = createRoomHub();
  const deliver = (note: RoomNote, frame: string) => hub.deliver(note.room, frame, note.member, note.evict);
  bus.listen(
    (note) => {
      if (note.frame !== null) deliver(note, note.frame);
      else if (note.seq !== null)
        loadFrame(note.room, note.seq).then((frame) => frame !== null && deliver(note, frame), onError);
    },
    () => hub.closeAll(CLOSE_CATCH_UP, 'catch up'),
  );
  return { hub, bus };
}
