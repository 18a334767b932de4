import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig } from '../kernel/config.js';
import { ImportFileError, isInputError } from '../kernel/errors.js';
import { resolveLang, t, type Lang, type MessageKey } from './i18n/messages.js';
import { CliUsageError, type CommandContext } from './context.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options of every command, before or after the command's name. */
const globalOptions = {
  data: { type: 'string' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

// A command's module (and the database driver, the server …) is loaded only when it runs, so
// that `shequn --help` and a mistyped command line are answered at once.
const commands: Record<string, { options: Options; run: (ctx: CommandContext) => Promise<void> }> = {
  import: {
    options: {
      format: { type: 'string' },
      community: { type: 'string' },
      timezone: { type: 'string' },
      group: { type: 'string' },
    },
    run: async (ctx) => (await import('./import.command.js')).runImport(ctx),
  },
  report: {
    options: {
      community: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean' },
      html: { type: 'string' },
    },
    run: async (ctx) => (await import('./report.command.js')).runReport(ctx),
  },
  start: {
    options: { port: { type: 'string' }, host: { type: 'string' } },
    run: async (ctx) => (await import('./start.command.js')).runStart(ctx),
  },
  admin: {
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      'instance-owner': { type: 'boolean' },
      community: { type: 'string' },
      role: { type: 'string' },
    },
    run: async (ctx) => (await import('./admin.command.js')).runAdmin(ctx),
  },
  member: {
    options: { community: { type: 'string' }, member: { type: 'string' }, confirm: { type: 'string' } },
    run: async (ctx) => (await import('./member.command.js')).runMember(ctx),
  },
  connectors: {
    options: {},
    run: async (ctx) => (await import('./connectors.command.js')).runConnectors(ctx),
  },
};

/** The options of all commands together (no two give one name different types). */
const anyCommandOptions: Options = Object.assign({}, globalOptions, ...Object.values(commands).map((c) => c.options));

/**
 * Runs `shequn [global options] <command> [arguments and options]`; options, global ones included,
 * may stand before or after the command's name. Exit codes the CLI promises: 0 success, 2 bad
 * input or arguments, 1 anything else.
 */
export async function main(argv: string[]): Promise<number> {
  // Until the arguments are parsed, a complaint about them speaks the language --lang seems to ask for.
  const langFlag =
    argv.find((_arg, i) => argv[i - 1] === '--lang') ?? argv.find((a) => a.startsWith('--lang='))?.slice(7);
  let lang: Lang = resolveLang(langFlag);
  try {
    // The command's name is the first positional argument. Knowing every option and whether it
    // takes a value tells it apart from option values (`--data DIR import …`); an option no
    // command knows is refused here.
    const { values: found, tokens } = parseArgs({
      args: argv,
      options: anyCommandOptions,
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
    lang = resolveLang(found.lang as string | undefined);
    const nameToken = tokens.find((token) => token.kind === 'positional');
    if (!nameToken) {
      if (found.help) {
        process.stdout.write(`${t(lang, 'usage')}\n`);
        return 0;
      }
      process.stderr.write(`${t(lang, 'usage')}\n`);
      return 2;
    }
    const commandName = nameToken.value;
    const command = Object.hasOwn(commands, commandName) ? commands[commandName] : undefined;
    if (!command) {
      process.stderr.write(`${t(lang, 'errorPrefix')}: ${t(lang, 'unknownCommand', { command: commandName })}\n`);
      return 2;
    }
    // Then the command's own options, and the global ones, wherever they stand.
    const { values, positionals } = parseArgs({
      args: argv.filter((_arg, i) => i !== nameToken.index),
      options: { ...globalOptions, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      process.stdout.write(`${t(lang, 'usage')}\n`);
      return 0;
    }
    const config = loadConfig({ data: values.data as string | undefined });
    await command.run({ lang, config, values: values as Record<string, string | boolean | undefined>, positionals });
    return 0;
  } catch (error) {
    return reportError(error, lang);
  }
}

const IMPORT_FILE_KEYS = {
  missing: 'importFileMissing',
  directory: 'importFileIsFolder',
  unreadable: 'importFileUnreadable',
} as const satisfies Record<ImportFileError['problem'], MessageKey>;

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
  if (error instanceof ImportFileError) {
    process.stderr.write(`${prefix}: ${t(lang, IMPORT_FILE_KEYS[error.problem], { path: error.path })}\n`);
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
