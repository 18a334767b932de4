import type { FastifyBaseLogger } from 'fastify';
import { communitiesWithRunningCamps } from '../camps/camp/camp.service.js';
import { hourlyImageSweep } from '../camps/images/image-sweep.service.js';
import { runCampSchedule } from '../camps/schedule/camp-schedule.service.js';
import type { DatabaseHandle } from '../kernel/db/database.js';
import { drainOutbox } from '../kernel/outbox/outbox.service.js';
import type { Dispatchers } from '../kernel/outbox/dispatcher.js';
import { createRateLimiter } from '../kernel/outbox/rate-limiter.js';
import { loggableError, startTicker, type Ticker } from '../kernel/jobs/ticker.js';
import type { BlobStore } from '../kernel/storage/blob-store.js';
import type { MemberFigureRefresh } from './member-figures.js';

/** How often reminders and praise are looked for and the outbox is drained. */
const SCHEDULE_INTERVAL_MS = 60_000;
/** How often member figures of live traffic are refreshed: a tier moves over days, not minutes. */
export const MEMBER_FIGURES_INTERVAL_MS = 10 * 60_000;

export interface ScheduleDeps {
  handle: DatabaseHandle;
  files: BlobStore;
  memberFigures: MemberFigureRefresh;
  /** What the outbox sends through: the running connectors' dispatchers (`app.connectors.dispatchers()`) and the web rooms'. */
  dispatchers: Dispatchers;
  log: FastifyBaseLogger;
}

/**
 * Every minute: enqueue the camps' due reminders and praise, then send what the outbox holds
 * through the connectors this process runs (each with its own credentials); every ten
 * minutes, refresh the member figures of communities with live messages or a running camp (whose
 * check-ins are live traffic too); once an hour, delete check-in photos no check-in names.
 * Failures are logged by error class only — messages can quote member data — and never stop the
 * server.
 */
export function startSchedules({ handle, files, memberFigures, dispatchers, log }: ScheduleDeps): Ticker {
  // The platforms' rate limits hold across drains: one set of buckets for the process.
  const limiter = createRateLimiter();
  const sweepImages = hourlyImageSweep(handle.db, files, {
    info: (counts, message) => log.info(counts, message),
    error: (error, message) => log.error(loggableError(error), message),
  });
  let figuresDueAt = 0;
  const refreshFigures = async (now: number) => {
    if (now < figuresDueAt) return;
    figuresDueAt = now + MEMBER_FIGURES_INTERVAL_MS;
    for (const communityId of await communitiesWithRunningCamps(handle.db, now)) memberFigures.markDirty(communityId);
    const refreshed = await memberFigures.refreshDirty(handle.db, now);
    if (refreshed > 0) log.info({ communities: refreshed }, 'member figures refreshed');
  };
  return startTicker(
    SCHEDULE_INTERVAL_MS,
    async () => {
      await runCampSchedule(handle, Date.now(), {
        onError: (campId, error) => log.error({ campId, ...loggableError(error) }, 'camp schedule failed for one camp'),
      });
      await drainOutbox(handle, dispatchers, Date.now(), undefined, limiter, Date.now);
      await sweepImages(Date.now());
      await refreshFigures(Date.now());
    },
    (error) => log.error(loggableError(error), 'camp schedule run failed'),
  );
}
