import { join } from 'node:path';
import { getCommunity } from '../communities/community.service.js';
import { blobStoreFromEnv, defaultFilesDir } from '../kernel/storage/store-from-env.js';
import { eraseMember, exportMember } from '../members/data/member-data.service.js';
import { memberDataParts } from '../server/member-data.js';
import { CliUsageError, requireString, withDatabase, type CommandContext } from './context.js';
import { t } from './i18n/messages.js';

const positiveId = (ctx: CommandContext, option: string): number => {
  const value = requireString(ctx, option);
  if (!/^[1-9][0-9]{0,15}$/.test(value)) throw new CliUsageError('badOption', { message: t(ctx.lang, 'memberUsage') });
  return Number(value);
};

/**
 * `shequn member export|anonymise|delete --community … --member … [--confirm …]`
 * (docs/member-data.md): the export is JSON on stdout; an erasure needs `--confirm` to repeat the
 * member id, is recorded without an account, and prints what it changed.
 */
export async function runMember(ctx: CommandContext): Promise<void> {
  const [action] = ctx.positionals;
  if (action !== 'export' && action !== 'anonymise' && action !== 'delete')
    throw new CliUsageError('badOption', { message: t(ctx.lang, 'memberUsage') });
  const slug = requireString(ctx, 'community');
  const memberId = positiveId(ctx, 'member');
  const confirm = action === 'export' ? memberId : positiveId(ctx, 'confirm');
  await withDatabase(ctx, async (handle) => {
    const community = await getCommunity(handle.db, slug);
    if (action === 'export') {
      const data = await exportMember(handle.db, memberDataParts, community, memberId, Date.now());
      process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      return;
    }
    const files = blobStoreFromEnv(process.env, defaultFilesDir(join(ctx.config.dataDir, 'uploads')));
    const result = await eraseMember(
      handle.db,
      files,
      memberDataParts,
      action,
      { community, memberId, confirm, accountId: null },
      Date.now(),
    );
    const rows = Object.values(result.counts).reduce((a, b) => a + b, 0);
    process.stdout.write(
      `${t(ctx.lang, action === 'delete' ? 'memberDeleted' : 'memberAnonymised', { member: memberId, rows, files: result.filesRemoved })}\n`,
    );
  });
}
