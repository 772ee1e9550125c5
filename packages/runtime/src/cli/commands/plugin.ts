// `osvif plugin check <dir>`: validates a plugin package directory before it is installed (plugin-check/).
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { globalFlags, startRuntime, writeJson } from '../context';
import { UsageError } from '../errors';
import { EXIT } from '../exit-codes';

export function registerPluginCommand(program: Command): void {
  const plugin = program.command('plugin').description('work on a plugin package');
  plugin
    .command('check')
    .argument('<dir>', 'the plugin package directory (the one holding package.json)')
    .description(
      "validate a plugin package without installing it: declaration, entry, SDK range, loading, @VifPlugin classes, names; runs the package's code in a child process",
    )
    .action(async (dirArg: string, _opts: unknown, cmd: Command) => {
      const flags = globalFlags(cmd);
      const dir = resolve(dirArg);
      if (!isDirectory(dir)) throw new UsageError(`plugin check ${JSON.stringify(dirArg)}: not a directory`);
      const { checkPluginPackage } = require('../plugin-check/run') as typeof import('../plugin-check/run');
      const { errorLine } = require('@osvif/objects') as typeof import('@osvif/objects');
      const checks = await checkPluginPackage(dir, {
        runtimeSdkVersion: runtimeSdkVersion(),
        installed: async () => {
          try {
            const runtime = await startRuntime(flags, { reportsLoadFailures: true });
            try {
              return runtime.loadedPlugins();
            } finally {
              await runtime.close();
            }
          } catch (e) {
            return { error: errorLine(e) };
          }
        },
      });
      const passed = checks.every((c) => c.status !== 'FAILED');
      if (flags.json) writeJson({ ok: passed, dir, checks });
      else
        for (const c of checks) process.stdout.write(`${c.status.padEnd(7)} ${c.check}: ${c.message}${c.fix ? ` (fix: ${c.fix})` : ''}\n`);
      if (!passed) process.exitCode = EXIT.FAILED;
    });
}

/** The version of the @osvif/sdk this runtime loads plugins with. */
function runtimeSdkVersion(): string {
  return (JSON.parse(readFileSync(require.resolve('@osvif/sdk/package.json'), 'utf8')) as { version: string }).version;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
