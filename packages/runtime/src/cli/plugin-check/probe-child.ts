// Run by probe.ts in a child process, never imported: loads a plugin package's entry module as the runtime
// would (the runtime's SDK first, then the entry, resolved from the package's own directory) and writes what it
// exports after a marker on stdout, so the module's own output and side effects stay out of the `osvif` process.
import { describeError } from '@osvif/objects';
import { getPluginDefinition } from '@osvif/sdk';
import { findRuntimeImport } from '../../discovery/graph';
import { PROBE_MARKER, ProbedPlugin, ProbeResult } from './probe-result';

/** True for the SDK's declaration errors, whichever copy of the SDK threw them (by class name along the chain). */
function isDeclarationError(e: unknown): boolean {
  for (let p: unknown = e && Object.getPrototypeOf(e); p; p = Object.getPrototypeOf(p)) {
    if ((p as { constructor?: { name?: string } }).constructor?.name === 'PluginDeclarationError') return true;
  }
  return false;
}

function probe(entry: string): ProbeResult {
  let exported: unknown;
  try {
    exported = require(entry);
  } catch (e) {
    const d = describeError(e);
    return { loaded: false, error: { code: d.code, name: d.name, message: d.message }, declarationError: isDeclarationError(e) };
  }
  const candidates = [exported, ...(exported && typeof exported === 'object' ? Object.values(exported) : [])];
  const plugins: ProbedPlugin[] = [];
  const seen = new Set<unknown>();
  for (const c of candidates) {
    const d = getPluginDefinition(c);
    if (!d || seen.has(d)) continue;
    seen.add(d);
    plugins.push({ name: d.name, className: d.pluginClass.name, vifs: d.vifs.map((v) => `${v.objName} ${v.range}`) });
  }
  const runtimeImport = findRuntimeImport(require.resolve(entry));
  return { loaded: true, plugins, ...(runtimeImport ? { runtimeImport } : {}) };
}

process.stdout.write(`\n${PROBE_MARKER}${JSON.stringify(probe(process.argv[2] ?? ''))}\n`);
// A module may leave timers or sockets open: the probe is done.
process.exit(0);
