import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig } from '../kernel/config.js';
import { isInputError } from '../kernel/errors.js';
import { resolveLang, t, type Lang } from './i18n/messages.js';
import { runImport } from './import.command.js';
import { runReport } from './report.command.js';
import { runStart } from './start.command.js';
import { runAdmin } from './admin.command.js';
import { CliUsageError, type CommandContext } from './context.js';

const globalOptions = {
  data: { type: 'string' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const commands: Record<string, { options: ParseArgsConfig['options']; run: (ctx: CommandContext) => Promise<void> }> = {
  import: {
    options: {
      format: { type: 'string' },
      community: { type: 'string' },
      timezone: { type: 'string' },
      group: { type: 'string' },
    },
    run: runImport,
  },
  report: {
    options: {
      community: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean' },
      html: { type: 'string' },
    },
    run: runReport,
  },
  start: { options: { port: { type: 'string' }, host: { type: 'string' } }, run: runStart },
  admin: {
    options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
    run: runAdmin,
  },
};

/** Exit codes the CLI promises: 0 success, 2 bad input or arguments, 1 anything else. */
export async function main(argv: string[]): Promise<number> {
  const langFlag =
    argv.find((_arg, i) => argv[i - 1] === '--lang') ?? argv.find((a) => a.startsWith('--lang='))?.slice(7);
  const lang: Lang = resolveLang(langFlag);
  const [commandName] = argv.filter((a) => !a.startsWith('-'));
  const command = commandName ? commands[commandName] : undefined;
  if (!command) {
    if (!commandName && (argv.includes('--help') || argv.includes('-h'))) {
      process.stdout.write(`${t(lang, 'usage')}\n`);
      return 0;
    }
    process.stderr.write(
      commandName
        ? `${t(lang, 'errorPrefix')}: ${t(lang, 'unknownCommand', { command: commandName })}\n`
        : `${t(lang, 'usage')}\n`,
    );
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...globalOptions, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      process.stdout.write(`${t(lang, 'usage')}\n`);
      return 0;
    }
    const config = loadConfig({ data: values.data as string | undefined });
    await command.run({
      lang,
      config,
      values: values as Record<string, string | boolean | undefined>,
      positionals: positionals.slice(1),
    });
    return 0;
  } catch (error) {
    return reportError(error, lang);
  }
}

function reportError(error: unknown, lang: Lang): number {
  const prefix = t(lang, 'errorPrefix');
  if (error instanceof CliUsageError) {
    process.stderr.write(`${prefix}: ${t(lang, error.key, error.params)}\n`);
    return 2;
  }
  // parseArgs reports unknown or malformed options with these codes.
  const code = (error as { code?: string }).code;
  if (
    code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ||
    code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ||
    code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
  ) {
    process.stderr.write(`${prefix}: ${(error as Error).message}\n`);
    return 2;
  }
  if (isInputError(error)) {
    process.stderr.write(`${prefix}: ${(error as Error).message}\n`);
    return 2;
  }
  process.stderr.write(`${prefix}: ${(error as Error)?.stack ?? String(error)}\n`);
  return 1;
}

// A reader that stops early (`shequn report | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
process.exitCode = await main(process.argv.slice(2));
