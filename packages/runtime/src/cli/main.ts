// The `osvif` command. Only commander is loaded up front; each command
// requires what it needs when it runs, to keep cold start short.
// Global options (config sources, --json, logging) work before or after the command name.
import { Command, CommanderError } from 'commander';
import { registerCompletionCommands } from './commands/completion';
import { registerConfigCommand } from './commands/config';
import { registerHostInfoCommand } from './commands/host-info';
import { registerHostStateCommands } from './commands/host-state';
import { registerNegotiateCommand } from './commands/negotiate';
import { registerObjectsCommand } from './commands/objects';
import { registerPlugCommands } from './commands/plug';
import { registerPluginCommand } from './commands/plugin';
import { registerPluginsCommand } from './commands/plugins';
import { registerServeCommand } from './commands/serve';
import { addConfigOptions } from './config-sources';
import { EXIT, EXIT_HELP, exitCodeFor } from './exit-codes';
import { ENVIRONMENT_HELP, EXAMPLES_HELP } from './help-text';
import { cliVersion } from './version';

export function buildProgram(): Command {
  const program = new Command('osvif')
    .description('Plug and unplug VIFs with osvif plugins; negotiate HostInfo like os-vif.')
    .version(cliVersion(), '-V, --version', 'print the version and exit')
    .option('--json', 'machine-readable output on stdout (every command; failures too)')
    .option('--debug', 'print stack traces of errors')
    .option('--log-json', 'write the structured log as JSON lines on stderr')
    .option('--log-level <level>', 'debug, info, warning (warn), error (critical, fatal); any case, as oslo.log')
    .option(
      '--socket <path>',
      'send plug, unplug, check, list, gc, status, host-info and negotiate to the osvif daemon there (env OSVIF_SOCKET)',
    )
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(osvif --help lists the commands, options and exit statuses)')
    .exitOverride();
  addConfigOptions(program);
  registerPluginsCommand(program);
  registerPluginCommand(program);
  registerHostInfoCommand(program);
  registerPlugCommands(program);
  registerNegotiateCommand(program);
  registerHostStateCommands(program);
  registerConfigCommand(program);
  registerServeCommand(program);
  registerObjectsCommand(program);
  registerCompletionCommands(program);
  program.addHelpText('after', `\n${EXAMPLES_HELP}\n\n${ENVIRONMENT_HELP}\n\n${EXIT_HELP}\n`);
  return program;
}

/** One line on stderr (errorLine; stack with --debug); with --json also {"error": ...} on stdout; the exit status says what kind. */
function fail(e: unknown, argv: readonly string[]): void {
  // Loaded only on failure (keeps `osvif --help` fast).
  const { describeError, errorLine } = require('@osvif/objects') as typeof import('@osvif/objects');
  const debug = argv.includes('--debug');
  const description = describeError(e);
  const status = exitCodeFor(description);
  process.stderr.write(`osvif: error: ${errorLine(e)}\n`);
  if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  if (debug && e instanceof Error && e.cause instanceof Error && e.cause.stack) process.stderr.write(`caused by: ${e.cause.stack}\n`);
  if (argv.includes('--json')) process.stdout.write(`${JSON.stringify({ ok: false, exit_status: status, error: description })}\n`);
  process.exitCode = status;
}

export async function main(argv: readonly string[] = process.argv): Promise<void> {
  const program = buildProgram();
  for (const cmd of program.commands) cmd.exitOverride();
  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; usage errors were already printed by commander (and, with --json, are
      // also said on stdout as every failure is).
      process.exitCode = e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
      if (e.exitCode !== 0 && argv.includes('--json')) {
        const error = { code: 'USAGE', name: 'UsageError', message: e.message.replace(/^error: /, ''), commander_code: e.code };
        process.stdout.write(`${JSON.stringify({ ok: false, exit_status: EXIT.USAGE, error })}\n`);
      }
      return;
    }
    fail(e, argv);
  }
}

if (require.main === module) void main();
