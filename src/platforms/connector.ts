import type { Db } from '../kernel/db/database.js';
import type { Dispatcher } from '../kernel/outbox/dispatcher.js';
import type { ImportedEvent, Platform } from '../kernel/event-log/event.types.js';
import type { PhotoSize } from '../kernel/event-log/live-message.js';

/** Platforms with a live connector (a bot receiving updates and sending messages). */
export type ConnectorPlatform = Extract<Platform, 'telegram'>;

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

export interface FileFetchDeps {
  /** The platform credential (Telegram: the bot token). */
  token: string;
  /** Larger files are refused (`FileTooLargeError`), before or while downloading. */
  maxBytes: number;
  /** Injected in tests. */
  fetch?: typeof fetch;
}

/** A platform file over the size a feature accepts. */
export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than ${maxBytes} bytes`);
  }
}

/** A file the platform says it cannot give (gone, or never there): asking again will not help. */
export class FileUnavailableError extends Error {}

export interface DispatcherDeps {
  db: Db;
  /** The platform credential for sending (Telegram: the bot token). */
  token: string;
  /** Injected in tests. */
  fetch?: typeof fetch;
}

/**
 * A connector translates one platform both ways: platform updates → events, outbox items →
 * platform calls. Features above the connectors never import one; they go through the registry.
 *
 * @example
 * const connector = connectors.telegram;
 * if (!connector.verify(request.headers, record.secret_digest)) throw new UnauthorizedError();
 * const update = connector.parse(request.body);
 */
export interface Connector {
  platform: ConnectorPlatform;
  /** The header the platform sends its webhook secret in, for the docs and the webhook setup. */
  secretHeader: string;
  /**
   * Whether a webhook request comes from the platform: its secret header matches the digest stored
   * when the connector was created. Compares in constant time.
   */
  verify(headers: RequestHeaders, secretDigest: string): boolean;
  /** Translates a webhook body; throws a ValidationError when it is not a well-formed update. */
  parse(body: unknown): ParsedUpdate;
  /** A dispatcher that sends outbox items through this platform. */
  createDispatcher(deps: DispatcherDeps): Dispatcher;
  /** Downloads a file a message carries (a photo's size, by its `ref`). */
  fetchFile(ref: string, deps: FileFetchDeps): Promise<Buffer>;
}
