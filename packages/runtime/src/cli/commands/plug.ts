// `osvif plug` / `osvif unplug`: primitives in (files or '-' for stdin), exit status out.
import type { Command } from 'commander';
import { addConfigOptions } from '../config-sources';
import { globalFlags, readJson, startRuntime } from '../context';
import { UsageError } from '../errors';
import { withSignalsHeld } from '../signals';

export function registerPlugCommands(program: Command): void {
  for (const operation of ['plug', 'unplug'] as const) {
    addConfigOptions(program.command(operation).description(`${operation} a VIF given as its os-vif primitive (JSON)`))
      .requiredOption('--vif <file>', "VIF primitive JSON file, '-' for stdin")
      .requiredOption('--instance <file>', "InstanceInfo primitive JSON file, '-' for stdin")
      .action(async (opts: { vif: string; instance: string }, cmd: Command) => {
        if (opts.vif === '-' && opts.instance === '-') throw new UsageError('only one of --vif and --instance can read standard input');
        const vif = readJson(opts.vif);
        const instance = readJson(opts.instance);
        const runtime = await startRuntime(globalFlags(cmd));
        try {
          await withSignalsHeld(operation, () => runtime[operation](vif, instance));
        } finally {
          await runtime.close();
        }
      });
  }
}
