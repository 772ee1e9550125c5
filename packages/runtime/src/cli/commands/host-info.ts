// `osvif host-info`: the HostInfo primitive on stdout, as os_vif.host_info().obj_to_primitive().
import type { Command } from 'commander';
import { globalFlags, startOperations } from '../context';
import { UsageError } from '../errors';

export function registerHostInfoCommand(program: Command): void {
  program
    .command('host-info')
    .description('print the HostInfo primitive (plugins sorted by name) as JSON')
    .option('--permitted <names>', 'comma-separated VIF class names to keep (HostInfo.filterVifTypes); empty keeps none')
    .option('--to <version>', 'serialise HostInfo at this older version')
    .action(async (opts: { permitted?: string; to?: string }, cmd: Command) => {
      if (opts.to !== undefined && !/^\d+\.\d+$/.test(opts.to))
        throw new UsageError(`--to ${JSON.stringify(opts.to)} is not a version such as 1.0`);
      const runtime = await startOperations(globalFlags(cmd));
      try {
        const permitted =
          opts.permitted === undefined
            ? undefined
            : opts.permitted
                .split(',')
                .map((s) => s.trim())
                .filter((s) => s !== '');
        const info = await runtime.hostInfo(permitted);
        process.stdout.write(`${JSON.stringify(info.toPrimitive(opts.to))}\n`);
      } finally {
        await runtime.close();
      }
    });
}
