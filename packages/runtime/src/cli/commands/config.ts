// `osvif config show`: every option of [osvif], Nova's [DEFAULT] logging options, and of each loaded plugin's
// group, its effective value (after $-interpolation) and where it came from (default, file:line, env), with the
// value as written when interpolation changed it.
import type { Command } from 'commander';
import { globalFlags, startRuntime, writeJson } from '../context';

export function registerConfigCommand(program: Command): void {
  const config = program.command('config').description('inspect the effective configuration');
  config
    .command('show')
    .description('show each option with its value and its source (default, file:line, env)')
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = globalFlags(cmd);
      const { describeSource } = require('../../config/config') as typeof import('../../config/config');
      const { RUNTIME_GROUP, RUNTIME_OPTIONS, NOVA_LOGGING_OPTIONS, pluginGroup } =
        require('../../config/settings') as typeof import('../../config/settings');
      const runtime = await startRuntime(flags);
      try {
        const rows = [
          ...runtime.config.resolveGroup(RUNTIME_GROUP, RUNTIME_OPTIONS),
          // Nova's (oslo.log's) [DEFAULT] logging options, which the command honours too.
          ...runtime.config.resolveGroup('DEFAULT', NOVA_LOGGING_OPTIONS),
          ...runtime.loadedPlugins().flatMap((p) => runtime.config.resolveGroup(pluginGroup(p.name), p.definition.options)),
        ].map((r) => ({
          group: r.group,
          option: r.name,
          type: r.type,
          value: r.value ?? null,
          source: describeSource(r.source),
          ...(r.raw !== undefined ? { raw: r.raw } : {}),
        }));
        if (flags.json) return writeJson({ files: runtime.config.files, options: rows });
        const lines: string[] = [];
        let group = '';
        for (const r of rows) {
          if (r.group !== group) {
            group = r.group;
            lines.push(`[${group}]`);
          }
          const from = r.raw !== undefined ? ` (written ${JSON.stringify(r.raw)})` : '';
          lines.push(`${r.option} = ${JSON.stringify(r.value)}    # ${r.source}${from}`);
        }
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        await runtime.close();
      }
    });
}
