import { join } from 'node:path';
import type { ImportedEvent } from '../../src/kernel/event-log/event.types.js';
import type { Importer, ImportSource } from '../../src/platforms/importers/importer.types.js';

export const fixturesDir = join(import.meta.dirname, '..', 'fixtures');

/**
 * Returns a function that runs `importer` on a fixture (relative to test/fixtures/<folder>) and
 * collects its events; the zone defaults to Asia/Shanghai.
 */
export function fixtureCollector(importer: Importer, folder: string) {
  return async (path: string, options: Partial<ImportSource> = {}): Promise<ImportedEvent[]> => {
    const out: ImportedEvent[] = [];
    for await (const event of importer({
      path: join(fixturesDir, folder, path),
      timezone: 'Asia/Shanghai',
      ...options,
    }))
      out.push(event);
    return out;
  };
}

/** One line per event, for table-style expectations. */
export const eventSummary = (e: ImportedEvent) => [e.sourceId, e.kind, e.author.externalId, e.occurredAt, e.text];
export const utc = (iso: string) => Date.parse(iso);
