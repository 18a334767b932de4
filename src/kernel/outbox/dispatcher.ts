import type { Platform } from '../event-log/event.types.js';
import type { Rate } from './rate-limit.rules.js';

/** One outbox row as a dispatcher sees it. */
export interface OutboxItem {
  id: number;
  communityId: number;
  key: string;
  kind: string;
  platform: string;
  /** Where to post; null for a direct message to `memberId`. */
  groupId: number | null;
  memberId: number | null;
  locale: string;
  text: string;
  /** Extra addressing, e.g. `replyToSourceId`: the event source id of the message to answer. */
  payload: Record<string, unknown>;
  /** Attempts so far, this one included. */
  attempts: number;
}

/**
 * Sends outbox items through one platform. `send` resolves once the platform accepted the
 * message and rejects otherwise; throw an `OutboxSendError` to say whether trying again can help.
 *
 * @example
 * const dispatchers: Dispatchers = { telegram: { send: async (item) => bot.sendMessage(...) } };
 */
export interface Dispatcher {
  send(item: OutboxItem): Promise<void>;
  /**
   * The platform's rate limits, which `drainOutbox` keeps to with token buckets (rate-limiter.ts):
   * `overall` for everything sent through the platform, `perGroup` for what goes into one group (a
   * direct message counts against `overall` only). An item that would exceed one waits, `pending`,
   * until its bucket has a token again; that wait does not count as an attempt. None: no limit.
   */
  limits?: RateLimits;
}

/** A platform's limits, e.g. Telegram's `{ overall: { count: 30, perMs: 1000 }, perGroup: { count: 20, perMs: 60_000 } }`. */
export interface RateLimits {
  overall?: Rate;
  perGroup?: Rate;
}

/** The dispatchers available to this process, by platform: items of other platforms wait, pending. */
export type Dispatchers = Partial<Record<Platform, Dispatcher>>;

/**
 * A failed send. `permanent` (the chat does not exist, the bot was removed) gives up at once;
 * `retryAfterMs` carries a platform's own request to slow down.
 *
 * @example
 * throw new OutboxSendError('Forbidden: bot was kicked from the group chat', { permanent: true });
 */
export class OutboxSendError extends Error {
  readonly permanent: boolean;
  readonly retryAfterMs: number;
  constructor(message: string, options: { permanent?: boolean; retryAfterMs?: number } = {}) {
    super(message);
    this.name = 'OutboxSendError';
    this.permanent = options.permanent ?? false;
    this.retryAfterMs = options.retryAfterMs ?? 0;
  }
}

/**
 * Nothing here can deliver the item yet (the community has no running connector of its platform):
 * the item waits, `pending`, its attempt not used up, with this reason shown to staff.
 *
 * @example
 * throw new NoRouteError('no telegram connector is running for this community');
 */
export class NoRouteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoRouteError';
  }
}
