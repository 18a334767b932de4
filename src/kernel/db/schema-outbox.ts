import type { Generated, Selectable } from 'kysely';

/** The outbox (migration 112) and platform connectors (migration 113). Times are UTC epoch ms. */
export interface OutboxTable {
  id: Generated<number>;
  community_id: number;
  /** Unique per community: the same action enqueued twice is stored once. */
  idempotency_key: string;
  /** What the message is (`camp.reminder`, `camp.praise`, `camp.checkin-reply` …). */
  kind: string;
  /** The platform to send through; only a dispatcher for this platform attempts the row. */
  platform: string;
  /** Where to post; null for a direct message to `member_id`. */
  group_id: number | null;
  /** Whom the message is for or about. */
  member_id: number | null;
  locale: string;
  text: string;
  /** JSON: extra addressing (e.g. `replyToSourceId`) and facts for the dispatcher. */
  payload: string;
  /** `pending`, `sending`, `sent`, `failed` or `cancelled`. */
  status: string;
  attempts: Generated<number>;
  next_attempt_at: number;
  claimed_at: number | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
  /** Why the item is where it is (outbox.rules OUTBOX_REASONS), for the console to word (migration 122). */
  reason_code: Generated<string | null>;
  /** What staff last did to it: `retried` or `cancelled`; by whom and when. */
  staff_action: Generated<string | null>;
  staff_account_id: Generated<number | null>;
  staff_action_at: Generated<number | null>;
  /** How many times staff sent a given-up item back to pending. */
  retries: Generated<number>;
}

export interface ConnectorsTable {
  id: Generated<number>;
  community_id: number;
  platform: string;
  name: string;
  /** SHA-256 of the webhook secret; the secret itself is shown once, at creation. */
  secret_digest: string;
  created_at: number;
  last_update_id: number | null;
  last_update_at: number | null;
  /** The last error the webhook met after the secret check: class and code only, never the message. */
  last_error: string | null;
  last_error_at: number | null;
  /** JSON of the plain settings (migration 117). */
  settings: Generated<string>;
  /** The secret settings as JSON, sealed (kernel/crypto/credentials.ts); never returned by the API. */
  credentials: string | null;
  /** 0: stopped by staff, kept with its settings. */
  enabled: Generated<number>;
  /** Whom the credentials belong to, as the platform's live check said (a bot's @name). */
  account: string | null;
  /** The process running a connection-based connector, and until when (a lease it renews). */
  lease_holder: string | null;
  lease_until: number | null;
}

export interface ConnectorChatsTable {
  connector_id: number;
  group_id: number;
  /** The platform's address of the chat for sending (Telegram: the Bot API `chat.id`). */
  address: string;
  updated_at: number;
}

export interface OutboxTables {
  outbox: OutboxTable;
  connectors: ConnectorsTable;
  connector_chats: ConnectorChatsTable;
}

export type OutboxRow = Selectable<OutboxTable>;
export type ConnectorRow = Selectable<ConnectorsTable>;
