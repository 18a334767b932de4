import { timingSafeEqual } from 'node:crypto';
import { digest } from '../../../kernel/crypto/secrets.js';
import type { Connector } from '../../connector.js';
import { createTelegramDispatcher } from './telegram.dispatcher.js';
import { fetchTelegramFile } from './telegram.files.js';
import { parseTelegramUpdate } from './telegram.update.js';

/** Telegram sends the `secret_token` given to `setWebhook` in this header with every update. */
export const TELEGRAM_SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/**
 * The Telegram Bot API connector: webhook updates in (verified by the secret token header),
 * `sendMessage` out, and the files messages carry (`getFile`).
 */
export const telegramConnector: Connector = {
  platform: 'telegram',
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
  createDispatcher: createTelegramDispatcher,
  fetchFile: fetchTelegramFile,
};
