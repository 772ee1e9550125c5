// `osvif objects convert [--to VERSION] [--lines] [--manifest JSON]`: reads
// object primitives on stdin, validates them, writes them back (backlevelled).
// The logic lives in ../convert.ts; this is wiring only.
import type { Command } from 'commander';

interface ConvertFlags {
  readonly to?: string;
  readonly lines?: boolean;
  readonly manifest?: string;
}

export function registerObjectsCommand(program: Command): void {
  const objects = program.command('objects').description('work with os-vif versioned object primitives (JSON)');
  objects
    .command('convert')
    .description(
      'read one object primitive (JSON) on stdin, validate it and write it back on stdout, ' +
        'backlevelled to --to when given; with --lines, one primitive per line (JSON Lines, streaming)',
    )
    .option('--to <version>', 'write the top object at this version of its history')
    .option('--lines', 'JSON Lines: answer each input line with one output line; bad lines get {"error": "..."}')
    .option('--manifest <json>', 'JSON object of object name -> version for nested objects (oslo version_manifest)')
    .action(async (flags: ConvertFlags) => {
      process.exitCode = await runConvert(flags);
    });
}

/**
 * Returns the exit status: 0, or 1 when a line of --lines input was invalid. A bad option (exit 2) or a bad
 * document throws: main reports it as every command's failures (one line, --json, exit status).
 */
async function runConvert(flags: ConvertFlags): Promise<number> {
  // Loaded when the command runs (keeps `osvif --help` fast).
  const sdk = require('../convert') as typeof import('../convert');
  sdk.checkTargetOption(flags.to);
  const options = { to: flags.to, manifest: flags.manifest === undefined ? undefined : sdk.parseManifestOption(flags.manifest) };
  if (flags.lines) {
    const { failed } = await sdk.convertLines(process.stdin, process.stdout, options);
    return failed > 0 ? 1 : 0;
  }
  const text = await sdk.readDocument(process.stdin);
  process.stdout.write(`${sdk.convertToText(text, options)}\n`);
  return 0;
}
