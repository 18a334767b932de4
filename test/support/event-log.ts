import type { DatabaseHandle } from '../../src/kernel/db/database.js';
import type { EventLog } from '../../src/kernel/event-log/event-log.js';
import { wiredEventLog } from '../../src/server/event-subscribers.js';

/** The event log with every subscriber, as the CLI and the server append through it. */
export function eventLogOf(handle: DatabaseHandle): EventLog {
  return wiredEventLog(handle);
}
