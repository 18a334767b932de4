import { describe, expect, it } from 'vitest';
import type { ConnectorContext, ParsedUpdate } from '../../connector.js';
import { startPolling } from './telegram.polling.js';

const message = (updateId: number, text: string) => ({
  update_id: updateId,
  message: {
    message_id: updateId,
    date: 1_717_200_000,
    chat: { id: -1001, type: 'supergroup', title: 'g' },
    from: { id: 7, is_bot: false, first_name: 'Ann' },
    text,
  },
});

/**
 * A Bot API holding `updates`: getUpdates answers those at or after the offset, two at a time, as
 * Telegram does (an update stays until an offset past it confirms it); with none, the poll waits
 * until aborted.
 */
function botApi(updates: Array<{ update_id: number }>) {
  const offsets: Array<number | undefined> = [];
  const methods: string[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    const method = url.slice(url.lastIndexOf('/') + 1);
    methods.push(method);
    if (method === 'deleteWebhook') return Response.json({ ok: true, result: true });
    const offset = JSON.parse(String(init.body)).offset as number | undefined;
    offsets.push(offset);
    const batch = updates.filter((u) => u.update_id >= (offset ?? 0)).slice(0, 2);
    if (batch.length > 0) return Response.json({ ok: true, result: batch });
    return new Promise<Response>((_resolve, reject) =>
      init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
    );
  }) as typeof fetch;
  return { fetchImpl, offsets, methods };
}

function context(fetchImpl: typeof fetch, receive: (u: ParsedUpdate) => Promise<void>) {
  const errors: unknown[] = [];
  const ctx: ConnectorContext = {
    connectorId: 1,
    communityId: 1,
    settings: { token: '1:T', inbound: 'connection' },
    lastUpdateId: 40,
    receive,
    reportError: (e) => errors.push(e),
    chatAddress: async () => null,
    identityOf: async () => null,
    log: { info() {}, warn() {} },
    fetch: fetchImpl,
  };
  return { ctx, errors };
}

describe('Telegram long polling', () => {
  it('removes the webhook, resumes after the last stored update, and confirms each update only once it is stored', async () => {
    const api = botApi([message(41, 'a'), message(42, 'b'), message(43, 'c')]);
    const received: string[] = [];
    let failOnce = true;
    const { ctx, errors } = context(api.fetchImpl, async (update) => {
      const text = update.message?.text ?? '';
      // The database is down for "c" once: it must come again, at the same offset.
      if (text === 'c' && failOnce) {
        failOnce = false;
        throw new Error('database unavailable');
      }
      received.push(text);
    });
    const polling = startPolling({ token: '1:T', context: ctx, lastUpdateId: 40, sleep: async () => {} });
    await expect.poll(() => received).toEqual(['a', 'b', 'c']);
    // "c" failed to store at offset 43, so 43 was asked for again; then 44 confirmed it.
    await expect.poll(() => api.offsets).toEqual([41, 43, 43, 44]);
    await polling.stop();
    expect(api.methods[0]).toBe('deleteWebhook');
    expect(errors).toHaveLength(1);
  });

  it('skips an update it cannot read, noting it, and goes on', async () => {
    const api = botApi([{ update_id: 41, message: { nonsense: true } } as { update_id: number }, message(42, 'ok')]);
    const received: string[] = [];
    const { ctx, errors } = context(api.fetchImpl, async (u) => {
      received.push(u.message?.text ?? '');
    });
    const polling = startPolling({ token: '1:T', context: ctx, lastUpdateId: 40 });
    await expect.poll(() => api.offsets.length).toBe(2);
    await polling.stop();
    expect(received).toEqual(['ok']);
    expect(api.offsets).toEqual([41, 43]);
    expect(errors).toHaveLength(1);
  });
});
