import { createAccount } from '../accounts/account.service.js';
import { randomSecret } from '../kernel/crypto/secrets.js';
import { CliUsageError, optionalString, requireString, withDatabase, type CommandContext } from './context.js';
import { t } from './i18n/messages.js';

/**
 * `shequn admin create --email <e> [--name <n>] [--password <p>]`: creates an instance owner (owner
 * of every community). Without --password (or SHEQUN_ADMIN_PASSWORD) one is generated and printed once.
 */
export async function runAdmin(ctx: CommandContext): Promise<void> {
  const [action] = ctx.positionals;
  if (action !== 'create') throw new CliUsageError('badOption', { message: t(ctx.lang, 'adminUsage') });
  const email = requireString(ctx, 'email');
  const given = optionalString(ctx, 'password') ?? process.env.SHEQUN_ADMIN_PASSWORD;
  const password = given || randomSecret(12);
  const account = await withDatabase(ctx, (handle) =>
    createAccount(handle.db, { email, name: optionalString(ctx, 'name'), password, instanceOwner: true }, Date.now()),
  );
  process.stdout.write(
    `${t(ctx.lang, given ? 'accountCreated' : 'accountCreatedGenerated', { email: account.email, password })}\n`,
  );
}
