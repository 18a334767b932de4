import { importTelegramChunks } from './telegram/telegram.importer.js';
import type { ChunkedImporter, ImportFormat } from './importer.types.js';

export const chunkedImporters: Partial<Record<ImportFormat, ChunkedImporter>> = {
  telegram: importTelegramChunks,
};
