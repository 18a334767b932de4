import { join } from 'node:path';
import { bootstrapOwner } from '../accounts/account.service.js';
import { seedDemoIfEmpty } from '../communities/demo/demo.service.js';
import { openDatabase } from '../kernel/db/database.js';
import { buildApp } from '../server/app.js';
import { optionalString, type CommandContext } from './context.js';
import { t } from './i18n/messages.js';

const CONSOLE_DIR = join(import.meta.dirname, '..', '..', 'web', 'dist');

/**
 * `shequn start [--port N] [--host H]`: creates the first owner and the demo community on an empty
 * database, then serves the API and the console until SIGTERM/SIGINT, and shuts down cleanly.
 */
export async function runStart(ctx: CommandContext): Promise<void> {
  const port = Number(optionalString(ctx, 'port') ?? process.env.PORT ?? 3000);
  const host = optionalString(ctx, 'host') ?? process.env.HOST ?? '127.0.0.1';
  const handle = await openDatabase({ databaseUrl: ctx.config.databaseUrl, dataDir: ctx.config.dataDir });
  const owner = await bootstrapOwner(handle.db, { email: process.env.SHEQUN_ADMIN_EMAIL, password: process.env.SHEQUN_ADMIN_PASSWORD }, Date.now());
  if (process.env.SHEQUN_DEMO !== '0') {
    const seeded = await seedDemoIfEmpty(handle, Date.now());
    if (seeded) process.stdout.write(t(ctx.lang, 'demoSeeded', { members: String(seeded.members), events: String(seeded.events) }) + '\n');
  }
  const app = await buildApp({ handle, logger: true, consoleDir: CONSOLE_DIR, uploadDir: join(ctx.config.dataDir, 'uploads') });
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
  if (owner) {
    const key = owner.generatedPassword ? 'ownerCreatedGenerated' : 'ownerCreated';
    process.stdout.write(t(ctx.lang, key, { email: owner.email, password: owner.generatedPassword ?? '' }) + '\n');
  }
  await new Promise<void>((resolve) => app.server.once('close', resolve));
  await closing;
}
