// Short, readable summaries of what the sandbox did, for an operator.
import type { HostInfo } from '@osvif/objects';
import type { StateSnapshot } from '@osvif/conformance';

export interface OperationResult {
  readonly label: string;
  readonly plugin: string;
  readonly vifId: string;
  readonly vifClass: string;
  readonly ok: boolean;
  readonly skipped?: string;
  readonly durationMs?: number;
  readonly error?: { readonly type: string; readonly message: string; readonly cause?: string };
}

export function hostInfoLines(info: HostInfo): string[] {
  const out: string[] = [];
  for (const p of info.plugin_info) {
    let first = true;
    for (const v of p.vif_info) {
      const profiles = v.supported_port_profiles.map((pp) => `${pp.profile_object_name} ${pp.min_version}-${pp.max_version}`).join(', ');
      out.push(
        `  ${(first ? p.plugin_name : '').padEnd(13)} ${`${v.vif_object_name} ${v.min_version}-${v.max_version}`.padEnd(22)} ${profiles ? `profiles: ${profiles}` : 'no port profile'}`,
      );
      first = false;
    }
  }
  return out;
}

export function operationLines(op: string, results: readonly OperationResult[]): string[] {
  return results.map((r) => {
    if (r.skipped) return `  -  ${r.label.padEnd(18)} skipped: ${r.skipped}`;
    const head = `  ${r.ok ? 'ok' : 'FAILED'} ${r.label.padEnd(18)} ${r.vifClass.padEnd(14)} ${r.vifId}`;
    return r.ok
      ? `${head}  ${op} ${r.durationMs?.toFixed(1)} ms`
      : `${head}\n       ${r.error?.type}: ${r.error?.message}${r.error?.cause ? `\n       cause: ${r.error.cause}` : ''}`;
  });
}

/** OVS bridges with their ports, then links (name, kind, master, mtu, up). */
export function stateLines(s: StateSnapshot): string[] {
  const out: string[] = [];
  const ovs = s.ovs;
  if (ovs) {
    for (const [name, br] of Object.entries(ovs.bridges)) {
      out.push(`  OVS bridge ${name} (datapath ${br.datapath_type || 'system'})`);
      const ports = br.ports.filter((p) => p !== name);
      if (ports.length === 0) out.push('    (no ports)');
      for (const p of ports) {
        const port = ovs.ports[p];
        const iface = ovs.interfaces[p];
        const bits = [
          iface?.type ? `type=${iface.type}` : 'type=system',
          iface?.external_ids['iface-id'] ? `iface-id=${iface.external_ids['iface-id']}` : '',
          port?.tag !== null && port?.tag !== undefined ? `tag=${port.tag}` : '',
          iface?.mtu_request ? `mtu_request=${iface.mtu_request}` : '',
          iface?.options['vhost-server-path'] ? `vhost-server-path=${iface.options['vhost-server-path']}` : '',
        ].filter(Boolean);
        out.push(`    ${p.padEnd(16)} ${bits.join(' ')}`);
      }
    }
    if (Object.keys(ovs.bridges).length === 0) out.push('  OVS: no bridges');
  }
  out.push(`  ${'link'.padEnd(16)} ${'kind'.padEnd(7)} ${'master'.padEnd(16)} ${'mtu'.padStart(5)}  state`);
  for (const [name, l] of Object.entries(s.links)) {
    if (name === 'lo') continue;
    out.push(
      `  ${name.padEnd(16)} ${(l.kind || '-').padEnd(7)} ${(l.master ?? '-').padEnd(16)} ${String(l.mtu).padStart(5)}  ${l.up ? 'UP' : 'down'}${l.promisc ? ' promisc' : ''}`,
    );
  }
  return out;
}
