/**
 * The live side of the web rooms, knowing nothing of features: which sockets of this process
 * listen to which room, and the sending of one frame to all of them. A frame is serialised once
 * by whoever publishes it and the same string goes to every socket; a connection's state here is
 * its socket and its member id.
 */

/** What the hub needs of a WebSocket (ws's `WebSocket` has it). */
export interface RoomSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  /** Bytes queued but not yet sent. */
  readonly bufferedAmount: number;
  /**
   * Holds writes back until `uncork` (the TCP socket's cork), so that frames sent to the socket in
   * one turn of the event loop leave in one system call; absent where there is no such socket.
   */
  cork?(): void;
  uncork?(): void;
}

/**
 * One socket's listening to rooms: the socket, the member behind it, and while it catches up on a
 * room the live frames held back so they follow the catch-up (null otherwise).
 */
export interface Listener {
  socket: RoomSocket;
  memberId: number;
  held: string[] | null;
}

/** A client reading slower than its room talks: closed, so it reconnects and catches up by seq. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;
/** Close code for a socket dropped for lagging behind (an application code, 4000–4999). */
export const CLOSE_TOO_SLOW = 4008;

export interface RoomHub {
  join(room: number, listener: Listener): void;
  leave(room: number, listener: Listener): void;
  /**
   * Sends `frame` to every listener in `room`, or only to `memberId`'s when given; `evict` then
   * takes those listeners out of the room after sending (a member removed from it).
   */
  deliver(room: number, frame: string, memberId?: number | null, evict?: boolean): void;
  /** Closes every socket (the fan-out lost notes: clients reconnect and catch up). */
  closeAll(code: number, reason: string): void;
  /** Listeners in `room` (tests, metrics). */
  size(room: number): number;
}

export function createRoomHub(): RoomHub {
  const rooms = new Map<number, Set<Listener>>();
  /**
   * Sockets written to in this turn of the event loop, corked: a group commit publishes its posts
   * one after another, and a socket of a room with several of them gets them in one write. A
   * write to a socket is a system call that on loopback costs ~10 µs, most of a delivery's cost.
   */
  const corked = new Set<RoomSocket>();
  const uncorkAll = () => {
    for (const socket of corked) socket.uncork!();
    corked.clear();
  };
  const send = (socket: RoomSocket, frame: string) => {
    if (socket.cork && !corked.has(socket)) {
      if (corked.size === 0) process.nextTick(uncorkAll);
      socket.cork();
      corked.add(socket);
    }
    socket.send(frame);
  };
  const drop = (listener: Listener) => {
    for (const [room, listeners] of rooms) {
      listeners.delete(listener);
      if (listeners.size === 0) rooms.delete(room);
    }
    listener.socket.close(CLOSE_TOO_SLOW, 'too slow');
  };
  return {
    join(room, listener) {
      let listeners = rooms.get(room);
      if (!listeners) rooms.set(room, (listeners = new Set()));
      listeners.add(listener);
    },
    leave(room, listener) {
      const listeners = rooms.get(room);
      if (!listeners) return;
      listeners.delete(listener);
      if (listeners.size === 0) rooms.delete(room);
    },
    deliver(room, frame, memberId = null, evict = false) {
      const listeners = rooms.get(room);
      if (!listeners) return;
      let lagging: Listener[] | null = null;
      let evicted: Listener[] | null = null;
      for (const listener of listeners) {
        if (memberId !== null && listener.memberId !== memberId) continue;
        if (listener.held) listener.held.push(frame);
        else if (listener.socket.bufferedAmount > MAX_BUFFERED_BYTES) (lagging ??= []).push(listener);
        else send(listener.socket, frame);
        if (evict) (evicted ??= []).push(listener);
      }
      if (evicted) for (const listener of evicted) listeners.delete(listener);
      if (listeners.size === 0) rooms.delete(room);
      if (lagging) for (const listener of lagging) drop(listener);
    },
    closeAll(code, reason) {
      const all = new Set<Listener>();
      for (const listeners of rooms.values()) for (const listener of listeners) all.add(listener);
      rooms.clear();
      for (const listener of all) listener.socket.close(code, reason);
    },
    size: (room) => rooms.get(room)?.size ?? 0,
  };
}
