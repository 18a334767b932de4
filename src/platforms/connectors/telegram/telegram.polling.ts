import { OutboxSendError } from '../../../kernel/outbox/dispatcher.js';
import type { ConnectorContext } from '../../connector.js';
import { botCall } from './telegram.api.js';
import { parseTelegramUpdate } from './telegram.update.js';

/** How long one `getUpdates` waits for news (Telegram allows up to 50 s). */
const POLL_SECONDS = 25;
/** The pause after a failed poll, doubled each time up to a minute. */
const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 60_000;

export interface PollingDeps {
  token: string;
  context: ConnectorContext;
  /** The newest update id stored before: polling resumes after it. */
  lastUpdateId: number | null;
  /** Injected in tests: how to wait between failed polls. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * Long polling: `getUpdates` in a loop, each update taken into the log before the next offset
 * confirms it to Telegram, so a crash re-delivers what was not stored (and the log drops what
 * was). Removes a webhook first, as Telegram refuses `getUpdates` while one is set. Stops when
 * `stop` is called, at once (the pending request is aborted).
 */
export function startPolling(deps: PollingDeps): { stop(): Promise<void> } {
  const abort = new AbortController();
  const { context } = deps;
  const call = <T>(method: string, body: object) => botCall<T>(deps.token, method, body, context.fetch, abort.signal);
  const sleep = deps.sleep ?? abortableSleep;
  const loop = (async () => {
    let offset = deps.lastUpdateId === null ? undefined : deps.lastUpdateId + 1;
    let backoff = FIRST_BACKOFF_MS;
    let webhookRemoved = false;
    while (!abort.signal.aborted) {
      try {
        if (!webhookRemoved) webhookRemoved = await call<boolean>('deleteWebhook', { drop_pending_updates: false });
        const updates = await call<Array<{ update_id: number }>>('getUpdates', {
          offset,
          timeout: POLL_SECONDS,
          allowed_updates: ['message', 'chat_member', 'my_chat_member'],
        });
        for (const update of updates) {
          const parsed = parsedOrNull(update, context);
          // A store that fails throws here, before the offset moves: the update comes again.
          if (parsed) await context.receive(parsed);
          offset = update.update_id + 1;
        }
        backoff = FIRST_BACKOFF_MS;
      } catch (error) {
        if (abort.signal.aborted) break;
        context.reportError(error);
        const wait = error instanceof OutboxSendError && error.retryAfterMs > 0 ? error.retryAfterMs : backoff;
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        await sleep(wait, abort.signal);
      }
    }
  })();
  return {
    async stop() {
      abort.abort();
      await loop;
    },
  };
}

/** A malformed update is noted and skipped: asking again would bring the same one forever. */
function parsedOrNull(update: unknown, context: ConnectorContext) {
  try {
    return parseTelegramUpdate(update);
  } catch (error) {
    context.reportError(error);
    return null;
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
