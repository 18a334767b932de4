import type { ImportedEvent } from '../../kernel/event-log/event.types.js';
import type { TextEncoding } from './text-decoding.js';

export interface ImportSource {
  /** A file or a folder (Slack exports may be a folder or a .zip; IRC logs a folder or a file). */
  path: string;
  /** `--group`: names the group for single-chat formats; for Slack, selects one channel. */
  groupName?: string;
  /** The community's IANA time zone, for formats whose times are local (IRC, WeChat CSV). */
  timezone: string;
  /** Called as input is consumed, for the progress bar. */
  onProgress?: (done: number, total: number) => void;
  /** Called when a file of the export turns out to be text in an encoding (text-decoding.ts). */
  onEncoding?: (encoding: TextEncoding) => void;
}

/**
 * An importer streams one export. It throws `ImportFormatError` (file, line or message index,
 * field) on bad input; ingest rolls the whole import back when it does.
 */
export type Importer = (source: ImportSource) => AsyncIterable<ImportedEvent>;

export type ImportFormat = 'telegram' | 'slack' | 'wechat-csv' | 'discord' | 'irc';

/**
 * An importer that hands over its events a chunk of the file at a time, for the parse worker:
 * one asynchronous step per chunk instead of one per event. Formats without one are read through
 * their plain importer.
 */
export type ChunkedImporter = (source: ImportSource) => AsyncIterable<ImportedEvent[]>;
