import { FileTooLargeError, FileUnavailableError } from '../../connector.js';
import { networkFailure, TELEGRAM_API, type BotApiAnswer } from './telegram.api.js';

export interface FileFetchDeps {
  /** The bot token. */
  token: string;
  /** Larger files are refused (`FileTooLargeError`), before or while downloading. */
  maxBytes: number;
  /** Injected in tests. */
  fetch?: typeof fetch;
}

type GetFileAnswer = BotApiAnswer<{ file_path?: string; file_size?: number }>;

/** A failed download, told without the URL: it holds the bot token. */
export class TelegramFileError extends Error {}

/**
 * Downloads a file a message carries by its `file_id`: `getFile` names its path, then the file
 * comes from the Bot API's file endpoint. Refused past `maxBytes`, as Telegram states the size
 * and again while the bytes arrive (a size it does not state); a file_id Telegram refuses is
 * `FileUnavailableError`, any other failure `TelegramFileError` (worth asking again). Errors never
 * carry the token.
 *
 * @example
 * const bytes = await fetchTelegramFile(photo.at(-1)!.ref, { token, maxBytes: 5 * 1024 * 1024 });
 */
export async function fetchTelegramFile(fileId: string, deps: FileFetchDeps): Promise<Buffer> {
  const get = deps.fetch ?? fetch;
  const info = await get(`${TELEGRAM_API}/bot${deps.token}/getFile?file_id=${encodeURIComponent(fileId)}`).catch(
    networkError,
  );
  const answer = (await info.json().catch(() => ({ ok: false }))) as GetFileAnswer;
  const path = answer.result?.file_path;
  if (!info.ok || !answer.ok || !path) {
    const status = answer.error_code ?? info.status;
    const description = `Telegram getFile ${status}: ${answer.description ?? info.statusText}`;
    // 400: a file_id Telegram does not know (or no longer keeps); anything else may pass.
    throw status === 400 ? new FileUnavailableError(description) : new TelegramFileError(description);
  }
  if ((answer.result?.file_size ?? 0) > deps.maxBytes) throw new FileTooLargeError(deps.maxBytes);
  const file = await get(`${TELEGRAM_API}/file/bot${deps.token}/${path}`).catch(networkError);
  if (!file.ok || !file.body) throw new TelegramFileError(`Telegram file download ${file.status}`);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of file.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > deps.maxBytes) throw new FileTooLargeError(deps.maxBytes);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

const networkError = (error: unknown): never => {
  throw new TelegramFileError(networkFailure(error));
};
