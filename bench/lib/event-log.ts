import type { DatabaseHandle } from '../../src/kernel/db/database.js';
import { createEventLog, type EventLog } from '../../src/kernel/event-log/event-log.js';
import { eventSubscribers } from '../../src/server/event-subscribers.js';
import { createMemberFigureRefresh } from '../../src/server/member-figures.js';

/**
 * The event log as the benchmarks import through it: every subscriber's work inside the import's
 * transaction (the service desk's questions), none of the work after the commit (member figures),
 * which the benchmarks have never timed (the CLI did it after the import).
 */
export function importLog(handle: DatabaseHandle): EventLog {
  const inTransaction = eventSubscribers({ memberFigures: createMemberFigureRefresh() }).map(
    ({ name, inTransaction }) => ({
      name,
      inTransaction,
    }),
  );
  return createEventLog(handle, inTransaction);
}
