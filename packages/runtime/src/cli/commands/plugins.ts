// `osvif plugins`: what was loaded, what each consumes, where it came from.
import type { Command } from 'commander';
import { globalFlags, startRuntime, writeJson } from '../context';

export function registerPluginsCommand(program: Command): void {
  program
    .command('plugins')
    .description('list loaded plugins, the VIF classes and version ranges they accept, and where they came from')
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = globalFlags(cmd);
      const runtime = await startRuntime(flags);
      try {
        const plugins = runtime.loadedPlugins().map((p) => ({
          name: p.name,
          package: p.origin.packageName,
          version: p.origin.version,
          location: p.origin.dir,
          vifs: p.definition.vifs.map((v) => ({
            vif: v.objName,
            range: v.range,
            versions: v.versions,
            port_profiles: v.profiles.map((pp) => ({ profile: pp.objName, range: pp.range, versions: pp.versions })),
          })),
          options: Object.keys(p.definition.options),
        }));
        const failures = runtime.failures().map((f) => ({ package: f.packageName, location: f.location, reason: f.reason }));
        if (flags.json) return writeJson({ plugins, failures });
        const out: string[] = [];
        for (const p of plugins) {
          out.push(`${p.name}  (${p.package ?? 'embedded'}${p.version ? `@${p.version}` : ''}${p.location ? `, ${p.location}` : ''})`);
          for (const v of p.vifs) {
            const profiles = v.port_profiles.map((pp) => `${pp.profile} ${pp.range}`).join(', ');
            out.push(`  ${v.vif} ${v.range} [${v.versions.join(', ')}]${profiles ? `  profiles: ${profiles}` : '  profiles: none'}`);
          }
        }
        for (const f of failures) out.push(`FAILED ${f.package} (${f.location}): ${f.reason}`);
        process.stdout.write(`${out.join('\n')}\n`);
      } finally {
        await runtime.close();
      }
    });
}
