// `osvif plug` / `osvif unplug`: primitives in (files or '-' for stdin), exit status out; with --json, a result
// object on stdout.
import type { Command } from 'commander';
import { globalFlags, readVifAndInstance, startOperations, vifAndInstanceOptions, writeJson } from '../context';
import { holdTerminationSignals } from '../signals';

export function registerPlugCommands(program: Command): void {
  for (const operation of ['plug', 'unplug'] as const) {
    vifAndInstanceOptions(program.command(operation).description(`${operation} a VIF given as its os-vif primitive (JSON)`)).action(
      async (opts: { vif: string; instance: string }, cmd: Command) => {
        const { vif, instance } = readVifAndInstance(opts);
        const flags = globalFlags(cmd);
        const runtime = await startOperations(flags);
        try {
          const started = performance.now();
          holdTerminationSignals(operation);
          await runtime[operation](vif, instance);
          const duration_ms = Math.round((performance.now() - started) * 1000) / 1000;
          if (flags.json) writeJson({ ok: true, operation, ...summary(vif), duration_ms });
        } finally {
          await runtime.close();
        }
      },
    );
  }
}

/** What the result names: the VIF's id, plugin and class, read from the primitive the runtime accepted. */
function summary(primitive: unknown): { vif_id: unknown; plugin: unknown; vif_class: unknown } {
  const p = primitive as Record<string, unknown>;
  const data = (p['versioned_object.data'] ?? {}) as Record<string, unknown>;
  return { vif_id: data.id ?? null, plugin: data.plugin ?? null, vif_class: p['versioned_object.name'] ?? null };
}
