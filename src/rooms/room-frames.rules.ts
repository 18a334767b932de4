import { cleanStrings } from '../kernel/text/clean-text.js';
/**
 * The frames the rooms send, as the clients read them (docs/web-community.md). A frame is
 * serialised once, when it is written, and that string is stored with its log entry, sent to
 * every socket in the room and replayed on catch-up.
 */

export interface FrameAuthor {
  id: number;
  name: string;
  staff: boolean;
}

export interface FrameImage {
  /** The image id; the client builds its address with its own credential. */
  id: string;
  /** Who uploaded it (`m<member id>` or `s<account id>`), as the image's address names them. */
  owner: string;
  width: number | null;
  height: number | null;
  bytes: number;
}

/** One entry of a room's log, or a personal notice (`muted`, `removed`; no seq). */
export interface RoomFrame {
  type: 'message' | 'reaction' | 'hidden' | 'announcement' | 'muted' | 'removed';
  room: number;
  seq: number | null;
  at: number;
  member?: FrameAuthor;
  clientId?: string | null;
  text?: string | null;
  replyTo?: number | null;
  thread?: number | null;
  image?: FrameImage | null;
  hidden?: boolean;
  /** The message a reaction or a hiding is about. */
  target?: number;
  emoji?: string;
  on?: boolean;
  announcement?: string | null;
  rules?: string;
  until?: number;
  reason?: string;
  /** Filled in for the first page of a room (reactions so far); absent in live frames. */
  reactions?: Array<{ emoji: string; count: number; mine: boolean }>;
}

export interface NewMessage {
  room: number;
  seq: number;
  at: number;
  member: FrameAuthor;
  clientId: string | null;
  text: string | null;
  replyTo: number | null;
  thread: number | null;
  image: FrameImage | null;
}

/** Objects are written out key by key (a hot path: docs/architecture.md, Conventions). */
export function messageFrame(m: NewMessage): RoomFrame {
  return {
    type: 'message',
    room: m.room,
    seq: m.seq,
    at: m.at,
    member: m.member,
    clientId: m.clientId,
    text: m.text,
    replyTo: m.replyTo,
    thread: m.thread,
    image: m.image,
    hidden: false,
  };
}

/** The stored message frame once staff hid it: its text and image gone. */
export function hiddenMessage(frame: RoomFrame): RoomFrame {
  return { ...frame, text: null, image: null, hidden: true };
}

/** What a client sends (docs/web-community.md, "WebSocket"). */
export type ClientFrame =
  | { type: 'subscribe'; room: number; since?: number }
  | { type: 'unsubscribe'; room: number }
  | {
      type: 'post';
      room: number;
      clientId: string;
      text?: string;
      replyTo?: number;
      thread?: number;
      image?: string;
    }
  | { type: 'react'; room: number; target: number; emoji: string; on: boolean }
  | { type: 'read'; room: number; seq: number }
  | { type: 'ping' };

const isInt = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isStr = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || v === null || check(v);

/** A client frame, checked field by field; null for anything else (answered with ROOM_BAD_FRAME). */
export function parseClientFrame(raw: string): ClientFrame | null {
  if (raw.length > 64 * 1024) return null;
  let f: Record<string, unknown>;
  try {
    // A socket's frames are an edge like an HTTP body: control characters go here (clean-text.ts).
    f = cleanStrings(JSON.parse(raw)) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (typeof f !== 'object' || f === null) return null;
  switch (f.type) {
    case 'ping':
      return { type: 'ping' };
    case 'subscribe':
      return isInt(f.room) && optional(f.since, isInt)
        ? { type: 'subscribe', room: f.room, since: (f.since as number | undefined) ?? undefined }
        : null;
    case 'unsubscribe':
      return isInt(f.room) ? { type: 'unsubscribe', room: f.room } : null;
    case 'post':
      return isInt(f.room) &&
        isStr(f.clientId, 64) &&
        optional(f.text, (v) => isStr(v, 40_000)) &&
        optional(f.replyTo, isInt) &&
        optional(f.thread, isInt) &&
        optional(f.image, (v) => isStr(v, 64))
        ? {
            type: 'post',
            room: f.room,
            clientId: f.clientId,
            text: (f.text as string | undefined) ?? undefined,
            replyTo: (f.replyTo as number | undefined) ?? undefined,
            thread: (f.thread as number | undefined) ?? undefined,
            image: (f.image as string | undefined) ?? undefined,
          }
        : null;
    case 'react':
      return isInt(f.room) && isInt(f.target) && isStr(f.emoji, 64) && typeof f.on === 'boolean'
        ? { type: 'react', room: f.room, target: f.target, emoji: f.emoji, on: f.on }
        : null;
    case 'read':
      return isInt(f.room) && isInt(f.seq) ? { type: 'read', room: f.room, seq: f.seq } : null;
    default:
      return null;
  }
}
