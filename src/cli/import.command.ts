import { basename } from 'node:path';
import { getCommunity } from '../communities/community.service.js';
import { refreshMemberStats } from '../members/stats/member-stats.service.js';
import { importExport } from '../communities/imports/import.service.js';
import { importerFor } from '../platforms/importers/registry.js';
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
  const summary = await withDatabase(ctx, async (handle) => {
    const imported = await importExport(handle, {
      path,
      format,
      community,
      timezone: optionalString(ctx, 'timezone'),
      groupName: optionalString(ctx, 'group'),
      onProgress: progress.update,
    }).finally(progress.finish);
    // Tiers, figures and rule tags the console filters members by.
    await refreshMemberStats(handle.db, (await getCommunity(handle.db, community)).id);
    return imported;
  });
  process.stdout.write(`${t(ctx.lang, 'imported', { ...summary })}\n`);
}
