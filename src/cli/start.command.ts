import { openDatabase } from '../kernel/db/database.js';
import { buildApp } from '../server/app.js';
import { optionalString, type CommandContext } from './context.js';
import { t } from './i18n/messages.js';

/** `shequn start [--port N] [--host H]`: serves the API until SIGTERM/SIGINT, then shuts down cleanly. */
export async function runStart(ctx: CommandContext): Promise<void> {
  const port = Number(optionalString(ctx, 'port') ?? process.env.PORT ?? 3000);
  const host = optionalString(ctx, 'host') ?? process.env.HOST ?? '127.0.0.1';
  const handle = await openDatabase({ databaseUrl: ctx.config.databaseUrl, dataDir: ctx.config.dataDir });
  const app = await buildApp({ handle, apiToken: process.env.SHEQUN_API_TOKEN, logger: true });
  let closing: Promise<void> | null = null;
  const shutdown = () => {
    // Fastify's close() stops accepting connections and waits for in-flight requests.
    closing ??= app.close().then(() => handle.close());
    return closing;
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  await app.listen({ port, host });
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(t(ctx.lang, 'listening', { url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${boundPort}` }) + '\n');
  await new Promise<void>((resolve) => app.server.once('close', resolve));
  await closing;
}
