import { join } from 'node:path';
import { bootstrapOwner } from '../accounts/account.service.js';
import { inProcessCheckinWriter, startCheckinThread, type CheckinWriter } from '../camps/checkin/checkin-writer.js';
import { seedDemoIfEmpty } from '../demo/demo.service.js';
import { openDatabase, sqliteFile, type DatabaseConfig, type DatabaseHandle } from '../kernel/db/database.js';
import { startWalCheckpointer, type WalCheckpointer } from '../kernel/db/wal-checkpointer.js';
import { loggableError } from '../kernel/jobs/ticker.js';
import { blobStoreFromEnv, defaultFilesDir } from '../kernel/storage/store-from-env.js';
import { buildApp } from '../server/app.js';
import { publicBase, publicBaseOf, setPublicBase } from '../kernel/config.js';
import { wiredEventLog } from '../server/event-subscribers.js';
import { createMemberFigureRefresh } from '../server/member-figures.js';
import { startSchedules } from '../server/schedules.js';
import { wireRooms } from '../server/rooms.js';
import { postgresRoomBus } from '../platforms/connectors/web/room-bus.js';
import { maxImageBytes } from '../kernel/storage/image.rules.js';
import { optionalString, type CommandContext } from './context.js';
import { t } from './i18n/messages.js';

const CONSOLE_DIR = join(import.meta.dirname, '..', '..', 'web', 'dist');
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
  const uploadDir = join(ctx.config.dataDir, 'uploads');
  // One store for the routes that keep photos, the chat check-ins and the schedule that sweeps them.
  const files = blobStoreFromEnv(process.env, defaultFilesDir(uploadDir));
  // A process that stopped before refreshing figures left durable marks (member_figure_marks): the
  // first schedule run refreshes those communities, not every community.
  const memberFigures = createMemberFigureRefresh();
  const eventLog = wiredEventLog(handle, { memberFigures, files });
  if (process.env.SHEQUN_DEMO !== '0') {
    const seeded = await seedDemoIfEmpty(eventLog, Date.now());
    if (seeded)
      process.stdout.write(
        `${t(ctx.lang, 'demoSeeded', { members: String(seeded.members), events: String(seeded.events) })}\n`,
      );
  }
  const checkins = await checkinWriterFor(handle, database);
  // Room frames reach every process on one PostgreSQL database by LISTEN/NOTIFY; SQLite has one process.
  const roomBus = ctx.config.databaseUrl ? await postgresRoomBus(ctx.config.databaseUrl) : undefined;
  const rooms = wireRooms({ handle, eventLog, files, maxImageBytes: maxImageBytes(process.env), bus: roomBus });
  const app = await buildApp({
    handle,
    logger: true,
    consoleDir: CONSOLE_DIR,
    uploadDir,
    files,
    checkins,
    eventLog,
    rooms,
  });
  const schedule = startSchedules({
    handle,
    files,
    memberFigures,
    log: app.log,
    dispatchers: app.outboxDispatchers(),
  });
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
      .then(() => roomBus?.close())
      .then(() => handle.close());
    return closing;
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  await app.listen({ port, host });
  // Connection-based connectors belong to one process of several (docs/connectors.md).
  if (process.env.SHEQUN_CONNECTORS !== '0') await app.connectors.startAll();
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const listening = `http://${host === '0.0.0.0' ? 'localhost' : host}:${boundPort}`;
  process.stdout.write(`${t(ctx.lang, 'listening', { url: listening })}\n`);
  // Without SHEQUN_PUBLIC_URL, links are built on the listening address (and the console warns).
  if (!publicBase().configured) {
    setPublicBase(publicBaseOf(undefined, listening));
    process.stdout.write(`${t(ctx.lang, 'publicUrlUnset', { url: listening })}\n`);
  }
  if (owner) {
    const key = owner.generatedPassword ? 'ownerCreatedGenerated' : 'ownerCreated';
    process.stdout.write(`${t(ctx.lang, key, { email: owner.email, password: owner.generatedPassword ?? '' })}\n`);
  }
  await new Promise<void>((resolve) => app.server.once('close', resolve));
  await closing;
}
