import { timingSafeEqual } from 'node:crypto';
import { digest } from '../../../kernel/crypto/secrets.js';
import { CredentialsRejectedError, type Connector } from '../../connector.js';
import { botCall } from './telegram.api.js';
import { TELEGRAM_ACTIONS, TELEGRAM_LIMITS, telegramSender } from './telegram.dispatcher.js';
import { fetchTelegramFile } from './telegram.files.js';
import { startPolling } from './telegram.polling.js';
import { parseTelegramUpdate } from './telegram.update.js';

/** Telegram sends the `secret_token` given to `setWebhook` in this header with every update. */
export const TELEGRAM_SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/**
 * The Telegram Bot API connector: one bot per connector, its token in the connector's sealed
 * credentials. Updates come by webhook (verified by the secret token header) or by long polling
 * (`inbound: connection`, for servers the internet cannot reach); outbox items go out through
 * `sendMessage` and friends; files messages carry come through `getFile`.
 */
export const telegramConnector: Connector = {
  platform: 'telegram',
  inbound: ['webhook', 'connection'],
  actions: TELEGRAM_ACTIONS,
  limits: TELEGRAM_LIMITS,
  fields: [
    {
      name: 'token',
      secret: true,
      required: true,
      label: { 'zh-CN': '机器人令牌', en: 'Bot token' },
      hint: { 'zh-CN': '在 Telegram 中向 @BotFather 创建机器人后获得', en: 'From @BotFather in Telegram' },
    },
  ],
  webhook: {
    secretHeader: TELEGRAM_SECRET_HEADER,
    verify(headers, secretDigest) {
      const value = headers[TELEGRAM_SECRET_HEADER];
      if (typeof value !== 'string' || value.length === 0 || value.length > 256) return false;
      // Digests have one length, so comparing them in constant time reveals nothing about the secret.
      const given = Buffer.from(digest(value));
      const stored = Buffer.from(secretDigest);
      return given.length === stored.length && timingSafeEqual(given, stored);
    },
    parse: parseTelegramUpdate,
  },
  async check(settings, fetchImpl) {
    try {
      const me = await botCall<{ username?: string; first_name: string }>(settings.token, 'getMe', {}, fetchImpl);
      return { account: me.username ? `@${me.username}` : me.first_name };
    } catch (error) {
      throw new CredentialsRejectedError(error instanceof Error ? error.message : 'Telegram refused', 'token');
    }
  },
  open(context) {
    const token = context.settings.token;
    let polling: { stop(): Promise<void> } | null = null;
    return {
      async start() {
        if (context.settings.inbound === 'connection')
          polling = startPolling({ token, context, lastUpdateId: context.lastUpdateId });
      },
      async stop() {
        await polling?.stop();
        polling = null;
      },
      send: telegramSender({ token, addresses: context, fetch: context.fetch }),
      fetchFile: (ref, maxBytes) => fetchTelegramFile(ref, { token, maxBytes, fetch: context.fetch }),
    };
  },
};
