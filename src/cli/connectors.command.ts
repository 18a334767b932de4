import { rekeyConnectors } from '../communities/connectors/connectors.service.js';
import { keyringFromEnv } from '../kernel/crypto/credentials.js';
import { CliUsageError, withDatabase, type CommandContext } from './context.js';
import { t } from './i18n/messages.js';

/**
 * `shequn connectors rekey`: seals every connector's credentials with SHEQUN_SECRET_KEY, opening
 * them with it or a key in SHEQUN_SECRET_KEYS_PREVIOUS (docs/connectors.md, "Rotating the key").
 */
export async function runConnectors(ctx: CommandContext): Promise<void> {
  const [action] = ctx.positionals;
  if (action !== 'rekey') throw new CliUsageError('badOption', { message: t(ctx.lang, 'connectorsUsage') });
  const keyring = keyringFromEnv(process.env);
  if (!keyring) throw new CliUsageError('badOption', { message: t(ctx.lang, 'noSecretKey') });
  const { resealed, total } = await withDatabase(ctx, (handle) => rekeyConnectors(handle.db, keyring));
  process.stdout.write(`${t(ctx.lang, 'rekeyed', { resealed, total })}\n`);
}
