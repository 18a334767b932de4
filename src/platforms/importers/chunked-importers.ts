import { importTelegramChunks } from './telegram/telegram.importer.js';
import type { ImportedEvent, ImportFormat, ImportSource } from '../../kernel/event-log/event.types.js';

/**
 * An importer that hands over its events a chunk of the file at a time, for the parse worker:
 * one asynchronous step per chunk instead of one per event. Formats without one are read through
 * their plain importer.
 */
export type ChunkedImporter = (source: ImportSource) => AsyncIterable<ImportedEvent[]>;

export const chunkedImporters: Partial<Record<ImportFormat, ChunkedImporter>> = {
  telegram: importTelegramChunks,
};
