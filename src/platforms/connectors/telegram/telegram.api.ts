import { OutboxSendError } from '../../../kernel/outbox/dispatcher.js';

export const TELEGRAM_API = 'https://api.telegram.org';

/** What every Bot API method answers, beside its result. */
export interface BotApiAnswer<T = unknown> {
  ok: boolean;
  result?: T;
  description?: string;
  error_code?: number;
  parameters?: { retry_after?: number };
}

/** A failed request, told by its kind only: the URL holds the bot token. */
export const networkFailure = (error: unknown) => `network error (${error instanceof Error ? error.name : 'unknown'})`;

/**
 * Calls one Bot API method and answers its result. Errors say what Telegram said (never the
 * token, never the text) as an `OutboxSendError`: 429 waits as long as asked, 400/403 (chat gone,
 * bot blocked or removed, a bad token is 401/404) are permanent, the rest are retried.
 *
 * @example
 * const me = await botCall<{ username: string }>(token, 'getMe', {});
 */
export async function botCall<T>(
  token: string,
  method: string,
  body: object,
  fetchImpl: typeof fetch = fetch,
  signal?: AbortSignal,
): Promise<T> {
  let response: Response;
  try {
    response = await fetchImpl(`${TELEGRAM_API}/bot${token}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    throw new OutboxSendError(networkFailure(error));
  }
  const answer = (await response.json().catch(() => ({ ok: false }))) as BotApiAnswer<T>;
  if (response.ok && answer.ok) return answer.result as T;
  const status = answer.error_code ?? response.status;
  const description = `Telegram ${status}: ${answer.description ?? response.statusText}`;
  if (status === 429)
    throw new OutboxSendError(description, { retryAfterMs: (answer.parameters?.retry_after ?? 30) * 1000 });
  throw new OutboxSendError(description, { permanent: [400, 401, 403, 404].includes(status) });
}
