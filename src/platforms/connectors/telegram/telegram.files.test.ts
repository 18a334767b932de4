import { describe, expect, it } from 'vitest';
import { FileTooLargeError, FileUnavailableError } from '../../connector.js';
import { fetchTelegramFile, TelegramFileError } from './telegram.files.js';

const TOKEN = '123456:secret-bot-token';

/** The Bot API's two endpoints as Telegram answers them, recording the URLs asked for. */
function botApi(files: Record<string, { path: string; bytes: Buffer; statedSize?: number }>) {
  const asked: string[] = [];
  const fetchImpl = (async (input: string | URL | Request) => {
    const url = String(input);
    asked.push(url);
    const getFile = /\/bot([^/]+)\/getFile\?file_id=(.+)$/.exec(url);
    if (getFile) {
      const file = files[decodeURIComponent(getFile[2])];
      if (!file)
        return Response.json(
          { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' },
          { status: 400 },
        );
      return Response.json({
        ok: true,
        result: {
          file_id: getFile[2],
          file_path: file.path,
          ...(file.statedSize === undefined ? {} : { file_size: file.statedSize }),
        },
      });
    }
    const download = /\/file\/bot[^/]+\/(.+)$/.exec(url);
    const file = Object.values(files).find((f) => f.path === download?.[1]);
    return file ? new Response(new Uint8Array(file.bytes)) : new Response('not found', { status: 404 });
  }) as typeof fetch;
  return { fetchImpl, asked };
}

describe('fetchTelegramFile', () => {
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);

  it('asks getFile for the path, then downloads the file from the file endpoint', async () => {
    const { fetchImpl, asked } = botApi({
      'AgAD-1': { path: 'photos/file_1.jpg', bytes: jpeg, statedSize: jpeg.length },
    });
    const bytes = await fetchTelegramFile('AgAD-1', { token: TOKEN, maxBytes: 10_000, fetch: fetchImpl });
    expect(bytes.equals(jpeg)).toBe(true);
    expect(asked).toEqual([
      `https://api.telegram.org/bot${TOKEN}/getFile?file_id=AgAD-1`,
      `https://api.telegram.org/file/bot${TOKEN}/photos/file_1.jpg`,
    ]);
  });

  it('refuses a file over the limit, by its stated size before downloading and by its bytes when no size is stated', async () => {
    const stated = botApi({ big: { path: 'photos/big.jpg', bytes: jpeg, statedSize: jpeg.length } });
    await expect(
      fetchTelegramFile('big', { token: TOKEN, maxBytes: 1000, fetch: stated.fetchImpl }),
    ).rejects.toBeInstanceOf(FileTooLargeError);
    expect(stated.asked).toHaveLength(1);
    const unstated = botApi({ big: { path: 'photos/big.jpg', bytes: jpeg } });
    await expect(
      fetchTelegramFile('big', { token: TOKEN, maxBytes: 1000, fetch: unstated.fetchImpl }),
    ).rejects.toBeInstanceOf(FileTooLargeError);
  });

  it('says what Telegram answered when it fails, never the token', async () => {
    const { fetchImpl } = botApi({});
    const failure = await fetchTelegramFile('unknown', { token: TOKEN, maxBytes: 1000, fetch: fetchImpl }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(FileUnavailableError);
    expect((failure as Error).message).toBe('Telegram getFile 400: Bad Request: invalid file_id');
    const busy = (async () =>
      Response.json({ ok: false, error_code: 502, description: 'Bad Gateway' }, { status: 502 })) as typeof fetch;
    const retryable = await fetchTelegramFile('x', { token: TOKEN, maxBytes: 1000, fetch: busy }).catch(
      (error: unknown) => error,
    );
    expect(retryable).toBeInstanceOf(TelegramFileError);
    expect((retryable as Error).message).toBe('Telegram getFile 502: Bad Gateway');
    const offline = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const network = await fetchTelegramFile('x', { token: TOKEN, maxBytes: 1000, fetch: offline }).catch(
      (error: unknown) => error,
    );
    expect((network as Error).message).toBe('network error (TypeError)');
    expect(String((network as Error).message)).not.toContain('secret');
  });
});
