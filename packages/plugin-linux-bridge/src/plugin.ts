// The linux_bridge plugin: os-vif 3.0.0's LinuxBridgePlugin (VIFBridge, no
// port profiles). Plug makes the bridge a VIF needs; unplug, as in os-vif,
// has nothing to remove (the bridge may serve other VIFs).
import {
  Clock,
  CLOCK,
  COMMAND_RUNNER,
  CommandRunner,
  Consumes,
  inject,
  LINK_API,
  LinkApi,
  LOCKS,
  LockService,
  LOGGER,
  Logger,
  Plug,
  PLUGIN_CONFIG,
  Sysctl,
  SYSCTL,
  typedConfig,
  Unplug,
  VifPlugin,
} from '@osvif/sdk';
import { InstanceInfo, VIFBridge } from '@osvif/objects';
import type { LinuxNet } from './bridge/linux-net';
import { LinuxBridgeConfigError } from './errors';
import type { IptablesManager } from './iptables/manager';
import { InvalidIptablesNameError } from './iptables/errors';
import { validateBinaryName, validateRuleInterface, validateTarget } from './iptables/names';
import { LINUX_BRIDGE_OPTIONS, LinuxBridgeConfig } from './options';
import { MAX_MTU, MIN_MTU, planPlug } from './plan';

/**
 * The linux_bridge plugin (os-vif's vif_plug_linux_bridge): plugs VIFBridge into a Linux bridge, with VLAN
 * and iptables handling.
 */
@VifPlugin({
  name: 'linux_bridge',
  options: LINUX_BRIDGE_OPTIONS,
  description: 'Linux bridges (flat or on a VLAN device) with the FORWARD rules os-vif installs.',
})
@Consumes(VIFBridge, '1.0')
export class LinuxBridgePlugin {
  readonly config: LinuxBridgeConfig;
  private readonly topRegex?: RegExp;
  private readonly bottomRegex?: RegExp;
  private net?: LinuxNet;
  private iptablesManager?: IptablesManager;

  constructor(
    @inject(LOGGER) private readonly log: Logger,
    @inject(PLUGIN_CONFIG) raw: Readonly<Record<string, unknown>>,
    @inject(LINK_API) private readonly links: LinkApi,
    @inject(SYSCTL) private readonly sysctl: Sysctl,
    @inject(LOCKS) private readonly locks: LockService,
    @inject(COMMAND_RUNNER) private readonly runner: CommandRunner,
    @inject(CLOCK) private readonly clock: Clock,
  ) {
    this.config = typedConfig(LINUX_BRIDGE_OPTIONS, raw);
    // Cheap checks only (no I/O): a value that would break rules or names fails the load, clearly.
    const c = this.config;
    checkConfig('iptables_binary_name', c.iptables_binary_name, validateBinaryName);
    checkConfig('iptables_drop_action', c.iptables_drop_action, validateTarget);
    for (const f of c.forward_bridge_interface)
      if (f !== 'all' && f !== '') checkConfig('forward_bridge_interface', f, validateRuleInterface);
    if (c.flat_interface) checkConfig('flat_interface', c.flat_interface, validateRuleInterface);
    if (c.vlan_interface) checkConfig('vlan_interface', c.vlan_interface, validateRuleInterface);
    if (c.network_device_mtu !== 0 && (c.network_device_mtu < MIN_MTU || c.network_device_mtu > MAX_MTU)) {
      throw new LinuxBridgeConfigError(
        'network_device_mtu',
        c.network_device_mtu,
        `expected 0 (leave MTUs alone) or ${MIN_MTU}..${MAX_MTU}`,
      );
    }
    this.topRegex = compileRegex('iptables_top_regex', c.iptables_top_regex);
    this.bottomRegex = compileRegex('iptables_bottom_regex', c.iptables_bottom_regex);
  }

  /** Makes sure the VIF's bridge exists (flat, or on a VLAN device) when this host provides it; the hypervisor adds the tap. */
  @Plug(VIFBridge)
  async plug(vif: VIFBridge, _instance: InstanceInfo): Promise<void> {
    const plan = planPlug(vif, this.config);
    switch (plan.kind) {
      case 'none':
        this.log.debug('nothing to plug: the bridge is not ours to provide', { vif_id: vif.getIfSet('id'), reason: plan.reason });
        return;
      case 'flat':
        return this.linuxNet().ensureFlatBridge(plan);
      case 'vlan':
        return this.linuxNet().ensureVlanBridge(plan);
    }
  }

  /** os-vif: "Nothing required to unplug a port for a VIF using standard Linux bridge device". */
  @Unplug(VIFBridge)
  async unplug(vif: VIFBridge, _instance: InstanceInfo): Promise<void> {
    this.log.debug('unplug: nothing to remove (the bridge and its rules stay for other VIFs)', { vif_id: vif.getIfSet('id') });
  }

  /** The iptables manager (one per plugin instance, like os-vif's module global). */
  private iptables(): IptablesManager {
    if (!this.iptablesManager) {
      const { IptablesManager: Manager } = require('./iptables/manager') as typeof import('./iptables/manager');
      this.iptablesManager = new Manager({
        binaryName: this.config.iptables_binary_name,
        useIpv6: this.config.use_ipv6,
        topRegex: this.topRegex,
        bottomRegex: this.bottomRegex,
        dropAction: this.config.iptables_drop_action,
        forwardBridgeInterfaces: this.config.forward_bridge_interface,
        runner: this.runner,
        locks: this.locks,
        clock: this.clock,
        logger: this.log.child({ component: 'iptables' }),
      });
    }
    return this.iptablesManager;
  }

  private linuxNet(): LinuxNet {
    if (!this.net) {
      // Required on first plug only: `osvif host-info` never loads them.
      const { LinuxNet: Net } = require('./bridge/linux-net') as typeof import('./bridge/linux-net');
      const { IpCommand } = require('./bridge/ip-command') as typeof import('./bridge/ip-command');
      this.net = new Net({
        links: this.links,
        sysctl: this.sysctl,
        locks: this.locks,
        ip: new IpCommand(this.runner),
        iptables: () => this.iptables(),
        log: this.log,
      });
    }
    return this.net;
  }
}

function checkConfig(option: string, value: string, validate: (v: string) => void): void {
  try {
    validate(value);
  } catch (e) {
    if (e instanceof InvalidIptablesNameError) throw new LinuxBridgeConfigError(option, value, e.reason);
    throw e;
  }
}

/** Empty means "no regex", as os-vif. Patterns are JavaScript regular expressions. */
function compileRegex(option: string, pattern: string): RegExp | undefined {
  if (!pattern) return undefined;
  try {
    return new RegExp(pattern);
  } catch (e) {
    throw new LinuxBridgeConfigError(option, pattern, `not a valid regular expression: ${(e as Error).message}`);
  }
}
