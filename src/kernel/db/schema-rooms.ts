import type { Generated, Selectable } from 'kysely';

/**
 * The web community's rooms (migration 118): every group on platform `web` is a room. Each room
 * keeps one ordered log of what happened in it (`room_messages`, numbered by `rooms.last_seq`),
 * which clients catch up on after a reconnect. Times are UTC epoch ms.
 */
export interface RoomsTable {
  group_id: number;
  community_id: number;
  /** The room log's last sequence number; raised in the transaction that writes the entry. */
  last_seq: number;
  rules: string;
  /** The pinned announcement, and the log entry that set it; null without one. */
  announcement: string | null;
  announcement_seq: number | null;
  /** A group whose members may enter the room (a Telegram group's room in the browser); null: none. */
  linked_group_id: number | null;
  /** JSON: room settings (none yet). */
  settings: Generated<string>;
  created_at: number;
}

/**
 * One entry of a room's log: a message (`kind` 'message', with its event), a reaction, a message
 * hidden by staff, or an announcement; catch-up replays entries after a client's last seq.
 */
export interface RoomMessagesTable {
  group_id: number;
  seq: number;
  /** `message`, `reaction`, `hidden` or `announcement`. */
  kind: string;
  /** The message's event in the log (messages only). */
  event_id: number | null;
  member_id: number | null;
  /** The message's event source id: the idempotency of retried posts. */
  source_id: string | null;
  client_id: string | null;
  text: string | null;
  reply_to_seq: number | null;
  thread_seq: number | null;
  image_key: string | null;
  image_width: number | null;
  image_height: number | null;
  image_bytes: number | null;
  /** JSON for reactions and hidings: `{ target, emoji, on }`, `{ target }`. */
  data: string | null;
  /** Set on a message staff hid; its text is then no longer shown. */
  hidden_at: number | null;
  created_at: number;
}

export interface RoomReactionsTable {
  group_id: number;
  seq: number;
  member_id: number;
  emoji: string;
  created_at: number;
}

export interface RoomReadsTable {
  group_id: number;
  member_id: number;
  last_read_seq: number;
  updated_at: number;
}

/** Every moderation action, with its required reason and the staff account that took it. */
export interface RoomModerationTable {
  id: Generated<number>;
  community_id: number;
  group_id: number;
  /** `hide`, `mute`, `remove` or `blacklist`. */
  action: string;
  target_seq: number | null;
  member_id: number | null;
  reason: string;
  account_id: number | null;
  created_at: number;
}

export interface RoomMutesTable {
  group_id: number;
  member_id: number;
  until: number;
  reason: string;
  created_at: number;
}

/** Members added to or removed from a room by staff (members of the linked group enter without a row). */
export interface RoomMembersTable {
  group_id: number;
  member_id: number;
  /** `member` or `removed`. */
  status: string;
  updated_at: number;
}

export interface RoomTables {
  rooms: RoomsTable;
  room_messages: RoomMessagesTable;
  room_reactions: RoomReactionsTable;
  room_reads: RoomReadsTable;
  room_moderation: RoomModerationTable;
  room_mutes: RoomMutesTable;
  room_members: RoomMembersTable;
}

export type RoomRow = Selectable<RoomsTable>;
export type RoomMessageRow = Selectable<RoomMessagesTable>;
