import { ValidationError } from '../../kernel/errors.js';
import { importDiscord } from './discord/discord.importer.js';
import { importIrc } from './irc/irc.importer.js';
import { importSlack } from './slack/slack.importer.js';
import { importTelegram } from './telegram/telegram.importer.js';
import type { ImportFormat, Importer } from './importer.types.js';
import { importWechatCsv } from './wechat-csv/wechat-csv.importer.js';

/** Every import format and its importer; a format missing here does not compile. */
export const importers: Record<ImportFormat, Importer> = {
  telegram: importTelegram,
  slack: importSlack,
  'wechat-csv': importWechatCsv,
  discord: importDiscord,
  irc: importIrc,
};

/** Formats whose export may be a folder (a Slack workspace unpacked, a folder of IRC day logs). */
export const FOLDER_FORMATS: ReadonlySet<ImportFormat> = new Set(['slack', 'irc']);

export const IMPORT_FORMATS = Object.keys(importers) as ImportFormat[];

export function importerFor(format: string): Importer {
  if (!(format in importers)) {
    throw new ValidationError('format', `unknown format "${format}"; expected one of ${IMPORT_FORMATS.join(', ')}`);
  }
  return importers[format as ImportFormat];
}
