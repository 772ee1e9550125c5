// One nova.conf-style text configures both sides of a parity run: os-vif 3.0.0
// reads it with oslo.config, osvif with Config.fromText. Options 3.0.0 does not
// know (e.g. [os_vif_ovs] default_qos_type) are ignored by oslo.config.
import { OsvifError } from '@osvif/objects';
import { ConfigRenderError, mergeConfig, renderConfig } from '@osvif/testkit';
import type { TestConfigValue } from '@osvif/testkit';

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

/** A parity option that cannot be written into the nova.conf text. */
export class ParityConfigError extends OsvifError {
  static readonly code = 'PARITY_CONFIG';
  constructor(
    readonly group: string,
    readonly option: string,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(ParityConfigError.code, `[${group}] ${option} = ${JSON.stringify(value)}: ${reason}`);
  }
}

/** Typed option interfaces have no index signature; their values are all TestConfigValue. */
const options = (o: OvsParityOptions | LinuxBridgeParityOptions): Readonly<Record<string, TestConfigValue>> =>
  o as unknown as Readonly<Record<string, TestConfigValue>>;

/** Renders the config as nova.conf text (both sides read exactly this), with the test kit's renderConfig. */
export function renderNovaConf(config: ParityConfig): string {
  try {
    return renderConfig(
      mergeConfig(
        {
          ...(config.ovs ? { os_vif_ovs: options(config.ovs) } : {}),
          ...(config.linux_bridge ? { os_vif_linux_bridge: options(config.linux_bridge) } : {}),
          ...(config.lockPath !== undefined ? { oslo_concurrency: { lock_path: config.lockPath } } : {}),
        },
        config.extra,
      ),
    );
  } catch (e) {
    if (e instanceof ConfigRenderError) throw new ParityConfigError(e.group, e.option, e.value, e.reason);
    throw e;
  }
}
