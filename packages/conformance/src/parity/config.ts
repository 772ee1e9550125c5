// One nova.conf-style text configures both sides of a parity run: os-vif 3.0.0
// reads it with oslo.config, osvif with Config.fromText. Options 3.0.0 does not
// know (e.g. [os_vif_ovs] default_qos_type) are ignored by oslo.config.

export interface OvsParityOptions {
  /** `unix:<private OVS socket>`. */
  readonly ovsdb_connection: string;
  readonly ovsdb_interface?: 'native' | 'vsctl';
  readonly isolate_vif?: boolean;
  readonly per_port_bridge?: boolean;
  readonly network_device_mtu?: number;
  readonly ovs_vsctl_timeout?: number;
  /** Upstream only (3.2.0+); os-vif 3.0.0 ignores it. */
  readonly default_qos_type?: string;
}

export interface LinuxBridgeParityOptions {
  readonly use_ipv6?: boolean;
  readonly iptables_top_regex?: string;
  readonly iptables_bottom_regex?: string;
  readonly iptables_drop_action?: string;
  readonly forward_bridge_interface?: readonly string[];
  readonly vlan_interface?: string;
  readonly flat_interface?: string;
  readonly network_device_mtu?: number;
}

export interface ParityConfig {
  readonly ovs?: OvsParityOptions;
  readonly linux_bridge?: LinuxBridgeParityOptions;
  /** [oslo_concurrency] lock_path (os-vif's external locks). The runner fills in a temp dir when absent. */
  readonly lockPath?: string;
  /** Any other groups/options, written as given (lists repeat the key, like oslo multi-str). */
  readonly extra?: Readonly<Record<string, Readonly<Record<string, string | number | boolean | readonly string[]>>>>;
}

export class ParityConfigError extends Error {
  constructor(
    readonly group: string,
    readonly option: string,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(`[${group}] ${option} = ${JSON.stringify(value)}: ${reason}`);
    this.name = 'ParityConfigError';
  }
}

type Value = string | number | boolean | readonly string[] | undefined;

function line(group: string, key: string, value: string | number | boolean): string {
  const text = String(value);
  // INI has no escaping: a newline would inject options.
  if (/[\r\n]/.test(text)) throw new ParityConfigError(group, key, value, 'values must be one line');
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new ParityConfigError(group, key, value, 'bad option name');
  return `${key} = ${text}`;
}

function section(group: string, values: Readonly<Record<string, Value>>): string[] {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(group)) throw new ParityConfigError(group, '', '', 'bad group name');
  const out = [`[${group}]`];
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) out.push(line(group, key, v));
    else out.push(line(group, key, value as string | number | boolean));
  }
  return out;
}

/** Renders the config as nova.conf text (both sides read exactly this). */
export function renderNovaConf(config: ParityConfig): string {
  const parts: string[][] = [];
  if (config.ovs) parts.push(section('os_vif_ovs', config.ovs as unknown as Record<string, Value>));
  if (config.linux_bridge) parts.push(section('os_vif_linux_bridge', config.linux_bridge as unknown as Record<string, Value>));
  if (config.lockPath !== undefined) parts.push(section('oslo_concurrency', { lock_path: config.lockPath }));
  for (const [group, values] of Object.entries(config.extra ?? {})) parts.push(section(group, values));
  return parts.map((p) => p.join('\n')).join('\n\n') + '\n';
}
