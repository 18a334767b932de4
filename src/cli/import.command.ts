import { basename } from 'node:path';
import { importExport } from '../communities/imports/import.service.js';
import { importerFor } from '../platforms/importers/registry.js';
import { wiredEventLog } from '../server/event-subscribers.js';
import { CliUsageError, optionalString, requireString, withDatabase, type CommandContext } from './context.js';
import { t } from './i18n/messages.js';
import { createProgressBar } from './progress.js';

/** `shequn import <path> --format … --community … [--timezone …] [--group …]` */
export async function runImport(ctx: CommandContext): Promise<void> {
  const [path, extra] = ctx.positionals;
  if (!path) throw new CliUsageError('missingPath');
  if (extra) throw new CliUsageError('badOption', { message: `unexpected argument "${extra}"` });
  const format = requireString(ctx, 'format');
  importerFor(format); // reject an unknown format before touching the database
  const community = requireString(ctx, 'community');
  const progress = createProgressBar(t(ctx.lang, 'importing', { file: basename(path), format, community }));
  // The event log's subscribers bring the service desk's questions and the member figures (tiers,
  // totals, rule tags the console filters members by) up to date before this resolves.
  const summary = await withDatabase(ctx, (handle) =>
    importExport(wiredEventLog(handle), {
      path,
      format,
      community,
      timezone: optionalString(ctx, 'timezone'),
      groupName: optionalString(ctx, 'group'),
      onProgress: progress.update,
    }).finally(progress.finish),
  );
  process.stdout.write(`${t(ctx.lang, 'imported', { ...summary })}\n`);
  if (summary.repaired > 0)
    process.stdout.write(`${t(ctx.lang, 'importRepaired', { repaired: String(summary.repaired) })}\n`);
  if (summary.encoding)
    process.stdout.write(`${t(ctx.lang, 'readAsEncoding', { encoding: summary.encoding.toUpperCase() })}\n`);
}
