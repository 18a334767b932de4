import type { Dispatcher, OutboxItem, RateLimits } from '../kernel/outbox/dispatcher.js';
import type { ImportedEvent, Platform } from '../kernel/event-log/event.types.js';
import type { PhotoSize } from '../kernel/event-log/live-message.js';

/*
 * The connector interface, second edition (docs/connectors.md). A `Connector` describes one
 * platform: what it can do, its rate limits, the credentials it needs; `open` makes one running
 * `ConnectorInstance` for one configured connector (one bot, one IRC nick …), which the runtime
 * (server/connector-runtime.ts) starts, sends through and stops.
 */

/** Platforms with a live connector. */
export type ConnectorPlatform = Extract<Platform, 'telegram' | 'irc'>;

export type RequestHeaders = Record<string, string | string[] | undefined>;

/** One platform update, translated. */
export interface ParsedUpdate {
  /** The platform's id of the update (Telegram `update_id`), when it has one. */
  updateId: number | null;
  /**
   * The update as events, with the source ids an importer of the same platform's exports gives
   * the same message, so a live message and an imported one are one event. Empty for updates
   * Shequn does not record (edits, private chats …): those are acknowledged and ignored.
   */
  events: ImportedEvent[];
  /** Chats in the update, with the address outbound messages to them need. */
  chats: Array<{ externalId: string; address: string }>;
  /** The update's chat message, if any, for features that read messages (chat check-ins). */
  message: ImportedEvent | null;
  /** The sizes of the photo the message carries, smallest first; empty when it carries none. */
  photo: PhotoSize[];
}

/** A platform file over the size a feature accepts. */
export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than ${maxBytes} bytes`);
  }
}

/** A file the platform says it cannot give (gone, or never there): asking again will not help. */
export class FileUnavailableError extends Error {}

/** A credential the platform refused in a live check (a wrong bot token, a server that is not there). */
export class CredentialsRejectedError extends Error {
  constructor(
    message: string,
    /** The field at fault, when the platform says which. */
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'CredentialsRejectedError';
  }
}

/**
 * What a connector can be asked to do from the outbox. An item's `payload.action` names one
 * (absent: `send`); an item with a group goes there, one with only a member is a direct message.
 */
export type OutboundAction =
  | 'send' // a message into a group
  | 'direct' // a message to one member
  | 'reply' // a message answering another (`payload.replyToSourceId`)
  | 'mention' // a message naming members so they are notified (`payload.mentions`: `Mention[]`)
  | 'announce' // pin or set the group's announcement
  | 'mute' // silence a member in a group (`payload.untilMs`)
  | 'remove'; // remove a member from a group

/** A member an item names so that the platform notifies them. */
export interface Mention {
  memberId: number;
  /** How the text names them (their display name). */
  name: string;
}

/** The members an item mentions (`payload.mentions`), the malformed left out. */
export function mentionsOf(item: OutboxItem): Mention[] {
  const given = item.payload.mentions;
  if (!Array.isArray(given)) return [];
  return given.filter(
    (m): m is Mention => typeof m?.memberId === 'number' && typeof m?.name === 'string' && m.name.length > 0,
  );
}

/** A field of a connector's settings, shown in the console's "add a connector" steps. */
export interface ConnectorField {
  name: string;
  /** Secret fields are encrypted at rest and never returned by the API once saved. */
  secret: boolean;
  required: boolean;
  label: { 'zh-CN': string; en: string };
  /** What the console shows under the field: where to find the value. */
  hint?: { 'zh-CN': string; en: string };
}

/** How a connector takes updates in: the platform posts to Shequn, or Shequn holds a connection. */
export type InboundMode = 'webhook' | 'connection';

/**
 * A connector's settings: plain fields as given, secret ones decrypted (only in memory), and
 * `inbound`, the way in chosen when the platform offers two.
 */
export type ConnectorSettings = Record<string, string>;

/** What a running connector is given by the runtime. */
export interface ConnectorContext {
  connectorId: number;
  communityId: number;
  settings: ConnectorSettings;
  /** The newest update id stored (Telegram's `update_id`), for a connection that resumes after it. */
  lastUpdateId: number | null;
  /**
   * Takes one update into the event log (idempotent: the same update twice is stored once) and
   * records the chats' addresses and the connector's last event. Rejects when it could not be
   * stored; a connection-based connector then keeps the update to offer again, or lets it go if
   * the platform will resend it.
   */
  receive(update: ParsedUpdate): Promise<void>;
  /** Notes a failure on the connector's health (class and code only, never the message). */
  reportError(error: unknown): void;
  /** A group's chat address as this connector last saw it; null before its first update there. */
  chatAddress(groupId: number): Promise<string | null>;
  /** A member's identity on the platform (the external id an importer gives them), if any. */
  identityOf(memberId: number): Promise<string | null>;
  /** Logs without personal data: pass counts and ids, never message text or names. */
  log: ConnectorLog;
  /** Injected in tests. */
  fetch?: typeof fetch;
}

export interface ConnectorLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** One configured connector, running. */
export interface ConnectorInstance {
  /** Opens the long-lived connection (or starts long polling). Webhook connectors resolve at once. */
  start(): Promise<void>;
  /** Closes the connection; resolves once nothing more will be received or sent. */
  stop(): Promise<void>;
  /** Sends one outbox item (see `OutboundAction`); rejects with an `OutboxSendError`. */
  send: Dispatcher['send'];
  /** Downloads a file a message carries (a photo's size, by its `ref`); larger ones are refused. */
  fetchFile?(ref: string, maxBytes: number): Promise<Buffer>;
}

/** The webhook half of a platform that posts its updates to Shequn. */
export interface WebhookSpec {
  /** The header the platform sends its webhook secret in. */
  secretHeader: string;
  /** Whether a request comes from the platform: its secret header matches the stored digest, in constant time. */
  verify(headers: RequestHeaders, secretDigest: string): boolean;
  /** Translates a webhook body; throws a ValidationError when it is not a well-formed update. */
  parse(body: unknown): ParsedUpdate;
}

/**
 * A platform. Features above the connectors never import one; they go through the registry.
 *
 * @example
 * const instance = connectors.irc.open({ connectorId, communityId, settings, receive, … });
 * await instance.start();
 */
export interface Connector {
  platform: ConnectorPlatform;
  /** The ways in this platform offers; the connector's `inbound` setting picks one when there are two. */
  inbound: readonly InboundMode[];
  /** The outbox actions it carries out; items asking for another are given up with the reason. */
  actions: readonly OutboundAction[];
  /** The platform's limits, kept by the outbox with token buckets (per platform and per group). */
  limits: RateLimits;
  /** The settings it needs, secret ones marked. */
  fields: readonly ConnectorField[];
  /** Present when the platform can post updates to a webhook. */
  webhook?: WebhookSpec;
  /**
   * A live check of the settings where the platform allows one (Telegram's `getMe`); resolves
   * with the account the credentials belong to, rejects with `CredentialsRejectedError`.
   */
  check?(settings: ConnectorSettings, fetchImpl?: typeof fetch): Promise<{ account: string }>;
  open(context: ConnectorContext): ConnectorInstance;
}

/** The outbox action an item asks for. */
export function actionOf(item: OutboxItem): OutboundAction {
  const action = item.payload.action;
  if (typeof action === 'string') return action as OutboundAction;
  if (typeof item.payload.replyToSourceId === 'string') return 'reply';
  return item.groupId === null ? 'direct' : 'send';
}
