import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { bootstrapOwner } from '../accounts/account.service.js';
import { runCampSchedule } from '../camps/schedule/camp-schedule.service.js';
import { inProcessCheckinWriter, startCheckinThread, type CheckinWriter } from '../camps/checkin/checkin-writer.js';
import { hourlyImageSweep } from '../camps/images/image-sweep.service.js';
import { seedDemoIfEmpty } from '../demo/demo.service.js';
import { openDatabase, sqliteFile, type DatabaseConfig, type DatabaseHandle } from '../kernel/db/database.js';
import { startWalCheckpointer, type WalCheckpointer } from '../kernel/db/wal-checkpointer.js';
import { drainOutbox } from '../kernel/outbox/outbox.service.js';
import { loggableError, startTicker } from '../kernel/outbox/ticker.js';
import { blobStoreFromEnv, defaultFilesDir, type BlobStore } from '../kernel/storage/blob-store.js';
import { dispatchersFromEnv } from '../platforms/connectors/registry.js';
import { buildApp } from '../server/app.js';
import { optionalString, type CommandContext } from './context.js';
import { t } from './i18n/messages.js';

const CONSOLE_DIR = join(import.meta.dirname, '..', '..', 'web', 'dist');
/** How often reminders and praise are looked for and the outbox is drained. */
const SCHEDULE_INTERVAL_MS = 60_000;
/**
 * Every minute: enqueue the camps' due reminders and praise, then send what the outbox holds
 * through the platforms this process has credentials for (SHEQUN_TELEGRAM_BOT_TOKEN …); once an
 * hour, after those, delete check-in photos no check-in names. Failures are logged by error class
 * only — messages can quote member data — and never stop the server.
 */
function startSchedule(handle: DatabaseHandle, files: BlobStore, log: FastifyBaseLogger) {
  const dispatchers = dispatchersFromEnv(handle.db, process.env);
  const sweepImages = hourlyImageSweep(handle.db, files, {
    info: (counts, message) => log.info(counts, message),
    error: (error, message) => log.error(loggableError(error), message),
  });
  return startTicker(
    SCHEDULE_INTERVAL_MS,
    async () => {
      await runCampSchedule(handle, Date.now(), {
        onError: (campId, error) => log.error({ campId, ...loggableError(error) }, 'camp schedule failed for one camp'),
      });
      await drainOutbox(handle, dispatchers, Date.now());
      await sweepImages(Date.now());
    },
    (error) => log.error(loggableError(error), 'camp schedule run failed'),
  );
}

/**
 * Check-ins are written by a thread of their own (with its own connections), so a morning surge
 * of them does not hold up the thread that parses requests: on SQLite the writes themselves, on
 * PostgreSQL the query building and round trips, about a millisecond of JavaScript per check-in.
 * An in-memory SQLite database cannot be shared with a thread; SHEQUN_CHECKIN_THREAD=0 opts out.
 */
async function checkinWriterFor(handle: DatabaseHandle, database: DatabaseConfig): Promise<CheckinWriter> {
  const shareable = !handle.sqlite || database.dataDir !== ':memory:';
  return shareable && process.env.SHEQUN_CHECKIN_THREAD !== '0'
    ? startCheckinThread(database)
    : inProcessCheckinWriter(handle);
}

/**
 * On a SQLite file, the WAL is checkpointed by a thread of its own (wal-checkpointer.ts), so no
 * commit — a check-in batch's above all — waits for a checkpoint's fsyncs.
 */
const checkpointsInBackground = (config: { databaseUrl?: string; dataDir: string }) =>
  !config.databaseUrl && config.dataDir !== ':memory:';

/**
 * `shequn start [--port N] [--host H]`: creates the first owner and the demo community on an empty
 * database, then serves the API and the console — and runs the camps' schedule every minute —
 * until SIGTERM/SIGINT, and shuts down cleanly.
 */
export async function runStart(ctx: CommandContext): Promise<void> {
  const port = Number(optionalString(ctx, 'port') ?? process.env.PORT ?? 3000);
  const host = optionalString(ctx, 'host') ?? process.env.HOST ?? '127.0.0.1';
  const database: DatabaseConfig = {
    databaseUrl: ctx.config.databaseUrl,
    dataDir: ctx.config.dataDir,
    checkpointInBackground: checkpointsInBackground(ctx.config),
  };
  const handle = await openDatabase(database);
  const owner = await bootstrapOwner(
    handle.db,
    { email: process.env.SHEQUN_ADMIN_EMAIL, password: process.env.SHEQUN_ADMIN_PASSWORD },
    Date.now(),
  );
  if (process.env.SHEQUN_DEMO !== '0') {
    const seeded = await seedDemoIfEmpty(handle, Date.now());
    if (seeded)
      process.stdout.write(
        `${t(ctx.lang, 'demoSeeded', { members: String(seeded.members), events: String(seeded.events) })}\n`,
      );
  }
  const checkins = await checkinWriterFor(handle, database);
  const uploadDir = join(ctx.config.dataDir, 'uploads');
  // One store for the routes that keep photos and the schedule that sweeps them.
  const files = blobStoreFromEnv(process.env, defaultFilesDir(uploadDir));
  const app = await buildApp({ handle, logger: true, consoleDir: CONSOLE_DIR, uploadDir, files, checkins });
  const schedule = startSchedule(handle, files, app.log);
  const checkpointer: WalCheckpointer | null = database.checkpointInBackground
    ? await startWalCheckpointer(sqliteFile(ctx.config.dataDir), {
        onError: (error) => app.log.error(loggableError(error), 'WAL checkpoint'),
      })
    : null;
  let closing: Promise<void> | null = null;
  const shutdown = () => {
    // Fastify's close() stops accepting connections and waits for in-flight requests; the
    // schedule finishes the run in progress. Only then does the database close, its connection
    // last: the last one to close checkpoints what is left and removes the WAL.
    closing ??= Promise.all([schedule.stop(), app.close()])
      .then(() => checkins.close())
      .then(() => checkpointer?.stop())
      .then(() => handle.close());
    return closing;
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  await app.listen({ port, host });
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(
    `${t(ctx.lang, 'listening', { url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${boundPort}` })}\n`,
  );
  if (owner) {
    const key = owner.generatedPassword ? 'ownerCreatedGenerated' : 'ownerCreated';
    process.stdout.write(`${t(ctx.lang, key, { email: owner.email, password: owner.generatedPassword ?? '' })}\n`);
  }
  await new Promise<void>((resolve) => app.server.once('close', resolve));
  await closing;
}
