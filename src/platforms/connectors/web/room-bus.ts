import { sql } from 'kysely';
import pg from 'pg';
import type { Executor } from '../../../kernel/db/database.js';

/**
 * The fan-out of room frames to every process serving the rooms. On SQLite one process serves
 * them, so the bus is a function call after commit; on PostgreSQL several processes may share the
 * database, so a frame goes out as a NOTIFY inside the transaction that wrote it — PostgreSQL sends
 * it at commit, in commit order, and never for a transaction that rolled back — and every process
 * (the writer's own included) hears it on its LISTEN connection.
 */

/** What a room's listeners are to be sent. */
export interface RoomNote {
  room: number;
  /** The log entry's seq; null for a personal frame that is in no log (a mute notice). */
  seq: number | null;
  /** The serialised frame; null when too long for a NOTIFY: receivers read it by room and seq. */
  frame: string | null;
  /** Only this member's sockets; null: everyone in the room. */
  member: number | null;
  /** Take the member's sockets out of the room once sent (removed from it). */
  evict: boolean;
}

export interface RoomBus {
  /** In the writing transaction (PostgreSQL: the NOTIFY, sent at commit). */
  inTransaction(trx: Executor, note: RoomNote): Promise<void>;
  /** After the commit (in-process: the delivery). */
  afterCommit(note: RoomNote): void;
  /** Every note, and a call when notes may have been lost (the listening connection dropped). */
  listen(onNote: (note: RoomNote) => void, onLoss: () => void): void;
  close(): Promise<void>;
}

/** The bus of a single process (SQLite): notes go to the listeners once their transaction committed. */
export function inProcessRoomBus(): RoomBus {
  const listeners: Array<(note: RoomNote) => void> = [];
  return {
    inTransaction: async () => {},
    afterCommit(note) {
      for (const listener of listeners) listener(note);
    },
    listen(onNote) {
      listeners.push(onNote);
    },
    close: async () => {},
  };
}

/** PostgreSQL refuses a NOTIFY payload from 8000 bytes on; frames above this are read from the database. */
export const MAX_NOTIFY_FRAME_BYTES = 7000;

/** A payload for NOTIFY: the note, the frame left out when too long. */
export function notifyPayload(note: RoomNote): string {
  const frame = note.frame !== null && Buffer.byteLength(note.frame) <= MAX_NOTIFY_FRAME_BYTES ? note.frame : null;
  return JSON.stringify({ r: note.room, s: note.seq, m: note.member, e: note.evict ? 1 : 0, f: frame });
}

export function parsePayload(payload: string): RoomNote | null {
  try {
    const p = JSON.parse(payload) as { r: number; s: number | null; m: number | null; e?: number; f: string | null };
    if (typeof p.r !== 'number') return null;
    return { room: p.r, seq: p.s ?? null, member: p.m ?? null, evict: p.e === 1, frame: p.f ?? null };
  } catch {
    return null;
  }
}

/** One channel per schema, so test schemas (and instances) on one server do not hear each other. */
export function channelFor(schema: string): string {
  return `shequn_rooms_${schema.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63);
}

const RECONNECT_MS = 1000;

/**
 * The bus across the processes on one PostgreSQL database: a connection of its own LISTENs (and
 * comes back after a drop, telling the listeners that notes may be lost meanwhile).
 */
export async function postgresRoomBus(connectionString: string): Promise<RoomBus> {
  const onNotes: Array<(note: RoomNote) => void> = [];
  const onLosses: Array<() => void> = [];
  let closed = false;
  let client: pg.Client | null = null;
  let channel = '';
  const connect = async () => {
    const next = new pg.Client({ connectionString });
    await next.connect();
    const schema = (await next.query<{ schema: string }>('select current_schema() as schema')).rows[0].schema;
    channel = channelFor(schema);
    next.on('notification', (message) => {
      const note = message.channel === channel && message.payload ? parsePayload(message.payload) : null;
      if (note) for (const onNote of onNotes) onNote(note);
    });
    const lost = () => {
      if (client !== next || closed) return;
      client = null;
      next.end().catch(() => undefined);
      for (const onLoss of onLosses) onLoss();
      setTimeout(reconnect, RECONNECT_MS).unref();
    };
    next.on('error', lost);
    next.on('end', lost);
    await next.query(`listen "${channel}"`);
    client = next;
  };
  const reconnect = () => {
    if (closed) return;
    connect().catch(() => setTimeout(reconnect, RECONNECT_MS).unref());
  };
  await connect();
  return {
    async inTransaction(trx, note) {
      await sql`select pg_notify(${channel}, ${notifyPayload(note)})`.execute(trx);
    },
    afterCommit: () => {},
    listen(onNote, onLoss) {
      onNotes.push(onNote);
      onLosses.push(onLoss);
    },
    async close() {
      closed = true;
      const last = client;
      client = null;
      await last?.end().catch(() => undefined);
    },
  };
}
