// The `osvif` command. Only commander is loaded up front; each command
// requires what it needs when it runs, to keep cold start short.
import { Command, CommanderError } from 'commander';
import { registerConfigCommand } from './commands/config';
import { registerHostInfoCommand } from './commands/host-info';
import { registerObjectsCommand } from './commands/objects';
import { registerPlugCommands } from './commands/plug';
import { registerPluginsCommand } from './commands/plugins';

export function buildProgram(): Command {
  const program = new Command('osvif')
    .description('Plug and unplug VIFs with osvif plugins; negotiate HostInfo like os-vif.')
    .option('--debug', 'print stack traces of errors')
    .option('--log-json', 'write the structured log as JSON lines on stderr')
    .option('--log-level <level>', 'debug, info, warning or error')
    .showHelpAfterError()
    .exitOverride();
  registerPluginsCommand(program);
  registerHostInfoCommand(program);
  registerPlugCommands(program);
  registerConfigCommand(program);
  registerObjectsCommand(program, { debug: () => program.opts<{ debug?: boolean }>().debug === true });
  return program;
}

/** One line on stderr (errorLine; stack with --debug), exit status 1. */
function fail(e: unknown, debug: boolean): void {
  // Loaded only on failure (keeps `osvif --help` fast).
  const { errorLine } = require('@osvif/objects') as typeof import('@osvif/objects');
  process.stderr.write(`osvif: error: ${errorLine(e)}\n`);
  if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  if (debug && e instanceof Error && e.cause instanceof Error && e.cause.stack) process.stderr.write(`caused by: ${e.cause.stack}\n`);
  process.exitCode = 1;
}

export async function main(argv: readonly string[] = process.argv): Promise<void> {
  const program = buildProgram();
  for (const cmd of program.commands) cmd.exitOverride();
  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; usage errors were already printed by commander.
      process.exitCode = e.exitCode;
      return;
    }
    fail(e, argv.includes('--debug'));
  }
}

if (require.main === module) void main();
