// `osvif plugins`: where discovery looked, what it loaded (what each plugin consumes, where it came from), which
// plugin-like packages it skipped and why, and which failed to load. Exit 1 when one failed (docs/cli.md).
import type { Command } from 'commander';
import type { LoadedPlugin, OsVifRuntime } from '../../core/runtime';
import { globalFlags, startRuntime, writeJson } from '../context';
import { EXIT } from '../exit-codes';

export function registerPluginsCommand(program: Command): void {
  program
    .command('plugins')
    .description(
      'list the directories scanned, the plugins loaded (VIF classes, ranges, origin), the packages skipped and the failures; exit 1 when one failed',
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = globalFlags(cmd);
      const runtime = await startRuntime(flags, { reportsLoadFailures: true });
      try {
        const report = pluginsReport(runtime);
        if (flags.json) writeJson(report);
        else process.stdout.write(`${textReport(report).join('\n')}\n`);
        if (!report.ok) process.exitCode = EXIT.FAILED;
      } finally {
        await runtime.close();
      }
    });
}

type PluginsReport = ReturnType<typeof pluginsReport>;

/** The `--json` document: `{ok, scanned, plugins, skipped, failures}`. */
function pluginsReport(runtime: OsVifRuntime) {
  const { scanned, skipped } = runtime.discovery();
  const failures = runtime.failures().map((f) => ({ package: f.packageName, location: f.location, reason: f.reason }));
  return {
    ok: failures.length === 0,
    scanned,
    plugins: runtime.loadedPlugins().map(describeLoaded),
    skipped: skipped.map((s) => ({ package: s.packageName, location: s.dir, reason: s.reason })),
    failures,
  };
}

function describeLoaded(p: LoadedPlugin) {
  return {
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
  };
}

function textReport(r: PluginsReport): string[] {
  const out = ['scanned:', ...(r.scanned.length ? r.scanned.map((d) => `  ${d}`) : ['  (no directory)'])];
  out.push('plugins:');
  if (r.plugins.length === 0) out.push('  (none loaded)');
  for (const p of r.plugins) {
    out.push(`  ${p.name}  (${p.package ?? 'embedded'}${p.version ? `@${p.version}` : ''}${p.location ? `, ${p.location}` : ''})`);
    for (const v of p.vifs) {
      const profiles = v.port_profiles.map((pp) => `${pp.profile} ${pp.range}`).join(', ');
      out.push(`    ${v.vif} ${v.range} [${v.versions.join(', ')}]${profiles ? `  profiles: ${profiles}` : '  profiles: none'}`);
    }
  }
  for (const s of r.skipped) out.push(`skipped ${s.package} (${s.location}): ${s.reason}`);
  for (const f of r.failures) out.push(`FAILED ${f.package} (${f.location}): ${f.reason}`);
  return out;
}
