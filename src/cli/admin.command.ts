import { createAccount } from '../accounts/account.service.js';
import { grantFromCli } from '../accounts/access.service.js';
import { randomSecret } from '../kernel/crypto/secrets.js';
import { getCommunity } from '../communities/community.service.js';
import { CliUsageError, optionalString, requireString, withDatabase, type CommandContext } from './context.js';
import { t } from './i18n/messages.js';

/**
 * `shequn admin create --email <e> [--name <n>] [--password <p>] [--instance-owner]`: creates an
 * account. With --instance-owner it owns every community; without, it has no role until
 * `shequn admin grant --email <e> --community <slug> --role <role>` (or an invitation) gives one.
 * Without --password (or SHEQUN_ADMIN_PASSWORD) a password is generated and printed once.
 */
export async function runAdmin(ctx: CommandContext): Promise<void> {
  const [action] = ctx.positionals;
  if (action === 'grant') return grant(ctx);
  if (action !== 'create') throw new CliUsageError('badOption', { message: t(ctx.lang, 'adminUsage') });
  const email = requireString(ctx, 'email');
  const instanceOwner = ctx.values['instance-owner'] === true;
  const given = optionalString(ctx, 'password') ?? process.env.SHEQUN_ADMIN_PASSWORD;
  const password = given || randomSecret(12);
  const account = await withDatabase(ctx, (handle) =>
    createAccount(handle.db, { email, name: optionalString(ctx, 'name'), password, instanceOwner }, Date.now()),
  );
  const key = instanceOwner
    ? given
      ? 'accountCreated'
      : 'accountCreatedGenerated'
    : given
      ? 'plainAccountCreated'
      : 'plainAccountCreatedGenerated';
  process.stdout.write(`${t(ctx.lang, key, { email: account.email, password })}\n`);
}

async function grant(ctx: CommandContext): Promise<void> {
  const email = requireString(ctx, 'email');
  const slug = requireString(ctx, 'community');
  const role = requireString(ctx, 'role');
  const granted = await withDatabase(ctx, async (handle) => {
    const community = await getCommunity(handle.db, slug);
    return grantFromCli(handle.db, { communityId: community.id, email, role }, Date.now());
  });
  process.stdout.write(`${t(ctx.lang, 'granted', { email: granted.email, role: granted.role, community: slug })}\n`);
}
