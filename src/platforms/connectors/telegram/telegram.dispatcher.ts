import {
  OutboxSendError,
  type Dispatcher,
  type OutboxItem,
  type RateLimits,
} from '../../../kernel/outbox/dispatcher.js';
import type { DispatcherDeps } from '../../connector.js';
import { chatAddress, identityOf } from '../../../kernel/outbox/addresses.js';

export const TELEGRAM_API = 'https://api.telegram.org';

/** What every Bot API method answers, beside its result. */
export interface BotApiAnswer {
  ok: boolean;
  description?: string;
  error_code?: number;
  parameters?: { retry_after?: number };
}

/**
 * Telegram's documented limits for a bot: about 30 messages a second in all, and no more than 20
 * a minute into one group. A direct message counts against the overall limit only.
 */
export const TELEGRAM_LIMITS: RateLimits = {
  overall: { count: 30, perMs: 1000 },
  perGroup: { count: 20, perMs: 60_000 },
};

/**
 * Sends outbox items with the Bot API's `sendMessage`: an item with a group goes to that chat (as
 * a reply when its payload names `replyToSourceId`), an item with only a member is a direct
 * message — which Telegram delivers only to people who have started a chat with the bot.
 * Errors say what Telegram said (never the token, never the text): 429 waits as long as asked,
 * 400/403 (chat gone, bot blocked or removed) are permanent, the rest are retried.
 *
 * @example
 * const dispatcher = createTelegramDispatcher({ db, token: process.env.SHEQUN_TELEGRAM_BOT_TOKEN! });
 * await drainOutbox(handle, { telegram: dispatcher }, Date.now(), 50, limiter);
 */
export function createTelegramDispatcher(deps: DispatcherDeps): Dispatcher {
  const post = deps.fetch ?? fetch;
  return {
    limits: TELEGRAM_LIMITS,
    async send(item: OutboxItem) {
      const body = { chat_id: await chatIdOf(deps, item), text: item.text, ...replyTo(item) };
      let response: Response;
      try {
        response = await post(`${TELEGRAM_API}/bot${deps.token}/sendMessage`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      } catch (error) {
        throw new OutboxSendError(networkFailure(error));
      }
      const answer = (await response.json().catch(() => ({ ok: false }))) as BotApiAnswer;
      if (response.ok && answer.ok) return;
      const status = answer.error_code ?? response.status;
      const description = `Telegram ${status}: ${answer.description ?? response.statusText}`;
      if (status === 429)
        throw new OutboxSendError(description, { retryAfterMs: (answer.parameters?.retry_after ?? 30) * 1000 });
      throw new OutboxSendError(description, { permanent: status === 400 || status === 403 });
    },
  };
}

/** A failed request, told by its kind only: the URL holds the bot token. */
export const networkFailure = (error: unknown) => `network error (${error instanceof Error ? error.name : 'unknown'})`;

async function chatIdOf(deps: DispatcherDeps, item: OutboxItem): Promise<string> {
  if (item.groupId !== null) {
    const address = await chatAddress(deps.db, item.communityId, 'telegram', item.groupId);
    // The bot learns a chat's address from its first update there: retry, it may come.
    if (address === null)
      throw new OutboxSendError(
        `no Telegram chat known for group ${item.groupId} yet (has the bot seen a message there?)`,
      );
    return address;
  }
  if (item.memberId === null)
    throw new OutboxSendError('outbox item names neither a group nor a member', { permanent: true });
  const identity = await identityOf(deps.db, item.communityId, 'telegram', item.memberId);
  if (identity === null || !/^user\d+$/.test(identity))
    throw new OutboxSendError(`member ${item.memberId} has no Telegram user id`, { permanent: true });
  return identity.slice('user'.length);
}

function replyTo(item: OutboxItem): {
  reply_parameters?: { message_id: number; allow_sending_without_reply: boolean };
} {
  const source = item.payload.replyToSourceId;
  if (typeof source !== 'string' || item.groupId === null) return {};
  const messageId = Number(source.slice(source.lastIndexOf(':') + 1));
  // The original may have been deleted: send anyway, without the quote.
  return Number.isSafeInteger(messageId)
    ? { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } }
    : {};
}
