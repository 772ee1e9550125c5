// `osvif list`, `osvif check`, `osvif gc`, `osvif status`: CNI's CHECK and GC for osvif (docs/ownership.md).
// Text for people by default, one JSON document on stdout with --json; the exit status says the outcome.
import type { Command } from 'commander';
import { globalFlags, readJson, readVifAndInstance, startOperations, vifAndInstanceOptions, writeJson } from '../context';
import { InputFileError } from '../errors';
import { EXIT } from '../exit-codes';
import { holdTerminationSignals } from '../signals';

export function registerHostStateCommands(program: Command): void {
  program
    .command('list')
    .description('list the VIFs osvif has plugged on this host, found from its ownership marks')
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = globalFlags(cmd);
      const runtime = await startOperations(flags);
      try {
        const vifs = await runtime.list();
        if (flags.json) {
          writeJson(
            vifs.map((v) => ({
              vif_id: v.vifId,
              plugin: v.plugin,
              vif_class: v.vifClass ?? null,
              devices: v.resources.filter((r) => r.kind === 'link').map((r) => r.name),
              ovs_ports: v.resources.filter((r) => r.kind === 'ovs-port').map((r) => ({ name: r.name, bridge: r.bridge ?? null })),
              resources: v.resources,
            })),
          );
        } else {
          for (const v of vifs)
            process.stdout.write(`${v.vifId}  ${v.plugin}  ${v.vifClass ?? '-'}  ${v.resources.map(describe).join(' ')}\n`);
        }
      } finally {
        await runtime.close();
      }
    });

  vifAndInstanceOptions(
    program.command('check').description("exit 0 when the VIF's host state is what plug makes, else exit 1 naming each discrepancy"),
  ).action(async (opts: { vif: string; instance: string }, cmd: Command) => {
    const { vif, instance } = readVifAndInstance(opts);
    const flags = globalFlags(cmd);
    const runtime = await startOperations(flags);
    try {
      const report = await runtime.check(vif, instance);
      if (flags.json) writeJson({ ok: report.ok, vif_id: report.vifId, plugin: report.plugin, discrepancies: report.discrepancies });
      else if (report.ok) process.stdout.write(`${report.vifId}: ok\n`);
      else for (const d of report.discrepancies) process.stdout.write(`${report.vifId}: ${d.resource}: ${d.problem}\n`);
      if (!report.ok) process.exitCode = EXIT.FAILED;
    } finally {
      await runtime.close();
    }
  });

  program
    .command('gc')
    .description('remove everything osvif owns that belongs to VIFs not in the valid set, and nothing else')
    .requiredOption('--valid <file>', "JSON array of the VIF ids to keep, '-' for stdin")
    .option('--dry-run', 'print what would be removed and change nothing')
    .action(async (opts: { valid: string; dryRun?: boolean }, cmd: Command) => {
      const valid = readValidIds(opts.valid);
      const flags = globalFlags(cmd);
      const runtime = await startOperations(flags);
      try {
        if (!opts.dryRun) holdTerminationSignals('gc');
        const report = await runtime.gc(valid, { dryRun: opts.dryRun === true });
        if (flags.json) {
          writeJson({
            ok: report.failed.length === 0,
            dry_run: report.dryRun,
            removed: report.removed.map((r) => ({ vif_id: r.vifId, plugin: r.plugin, killed_plug: r.killedPlug, resources: r.resources })),
            failed: report.failed.map((f) => ({ vif_id: f.vifId, plugin: f.plugin, error: f.error })),
            kept: report.kept,
            unsupported: report.unsupported,
          });
        } else {
          const verb = report.dryRun ? 'would remove' : 'removed';
          for (const r of report.removed)
            process.stdout.write(`${verb} ${r.vifId} (${r.plugin}): ${r.resources.map(describe).join(' ') || 'nothing left'}\n`);
          for (const f of report.failed) process.stdout.write(`FAILED ${f.vifId} (${f.plugin}): ${f.error.code}: ${f.error.message}\n`);
          if (report.removed.length === 0 && report.failed.length === 0) process.stdout.write('nothing to remove\n');
        }
        // The others were collected; the exit status says not all of it was.
        if (report.failed.length > 0) process.exitCode = EXIT.FAILED;
      } finally {
        await runtime.close();
      }
    });

  program
    .command('status')
    .description('exit 0 when every plugin loaded and can serve (OVSDB reachable, netlink usable), else 1 with why')
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = globalFlags(cmd);
      const runtime = await startOperations(flags);
      try {
        const report = await runtime.status();
        if (flags.json) writeJson(report);
        else {
          for (const p of report.plugins)
            for (const c of p.checks)
              process.stdout.write(`${p.plugin} ${c.name}: ${c.ok ? 'ok' : 'FAILED'}${c.detail ? ` (${c.detail})` : ''}\n`);
          for (const f of report.failures) process.stdout.write(`${f.package}: failed to load: ${f.reason}\n`);
        }
        if (!report.ok) process.exitCode = EXIT.FAILED;
      } finally {
        await runtime.close();
      }
    });
}

function describe(r: { kind: string; name: string; bridge?: string; via: string }): string {
  return `${r.kind}:${r.bridge ? `${r.bridge}/` : ''}${r.name}${r.via === 'mark' ? '' : `(${r.via})`}`;
}

/** --valid: a JSON array of VIF id strings; anything else is an InputFileError naming what is wrong. */
function readValidIds(file: string): string[] {
  const value = readJson(file);
  if (!Array.isArray(value))
    throw new InputFileError(file, `expected a JSON array of VIF ids, got ${value === null ? 'null' : typeof value}`);
  value.forEach((v, i) => {
    if (typeof v !== 'string' || v.length === 0)
      throw new InputFileError(file, `element ${i} is not a non-empty string: ${JSON.stringify(v)}`);
  });
  return value as string[];
}
