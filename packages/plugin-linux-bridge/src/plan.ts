// Everything the VIF and the config ask for, checked before anything changes:
// os-vif's decision tree of LinuxBridgePlugin.plug, as data.
import { InvalidLinkNameError, validateLinkName } from '@osvif/sdk';
import { VIFBridge } from '@osvif/objects';
import { InvalidBridgeInputError } from './errors';
import { InvalidIptablesNameError } from './iptables/errors';
import { validateRuleInterface } from './iptables/names';
import type { LinuxBridgeConfig } from './options';

/** A host interface the plug creates or uses, by name. */
export interface NamedInterface {
  readonly name: string;
  /** Where the name came from: 'flat_interface', 'vlan_interface' or 'network.bridge_interface'. */
  readonly source: string;
}

/** What plugging a VIFBridge will do (bridge, VLAN or physical interface, iptables), decided before any host change. */
export type PlugPlan =
  | { readonly kind: 'none'; readonly reason: 'multi_host' | 'should_provide_bridge is false' }
  | {
      readonly kind: 'flat';
      readonly bridge: string;
      readonly iface?: NamedInterface;
      /** undefined: leave MTUs alone (os-vif: a 0/None MTU is not set). */
      readonly mtu?: number;
      readonly filtering: boolean;
    }
  | {
      readonly kind: 'vlan';
      readonly bridge: string;
      readonly vlanId: number;
      readonly vlanDevice: string;
      readonly parent: NamedInterface;
      readonly mtu?: number;
      readonly filtering: boolean;
    };

export const MIN_MTU = 68;
export const MAX_MTU = 65535;

/**
 * Reads and validates a VIFBridge and the plugin config into a PlugPlan; throws before anything on the host
 * changes.
 */
export function planPlug(vif: VIFBridge, config: LinuxBridgeConfig): PlugPlan {
  const vifId = vif.getIfSet('id');
  const bad = (field: string, value: unknown, reason: string): InvalidBridgeInputError =>
    new InvalidBridgeInputError(vifId, field, value, reason);
  const network = vif.getIfSet('network');
  if (!network) throw bad('vif.network', undefined, 'the VIF has no network');
  // Network() fills these like os-vif; a hydrated primitive may still lack them.
  if (network.getIfSet('multi_host') === true) return { kind: 'none', reason: 'multi_host' };
  if (network.getIfSet('should_provide_bridge') !== true) return { kind: 'none', reason: 'should_provide_bridge is false' };

  const bridge = vif.getIfSet('bridge_name');
  if (bridge === undefined || bridge === null) throw bad('vif.bridge_name', bridge, 'the VIF names no bridge');
  checkName(bridge, 'vif.bridge_name', bad);
  const mtu = pickMtu(network.getIfSet('mtu'), config.network_device_mtu, bad);
  // os-vif reads has_traffic_filtering unguarded (NotImplementedError when unset, differences.md D9): unset means false.
  const filtering = vif.getIfSet('has_traffic_filtering') !== true;

  if (network.getIfSet('should_provide_vlan') === true) {
    const parent = pickInterface(config.vlan_interface, 'vlan_interface', network.getIfSet('bridge_interface'));
    if (!parent)
      throw bad(
        'network.bridge_interface',
        network.getIfSet('bridge_interface') ?? null,
        'a VLAN network needs an interface: set vlan_interface or network.bridge_interface',
      );
    checkName(parent.name, parent.source, bad);
    const vlanId = network.getIfSet('vlan');
    if (typeof vlanId !== 'number' || !Number.isInteger(vlanId) || vlanId < 1 || vlanId > 4094) {
      throw bad('network.vlan', vlanId ?? null, 'expected a VLAN id 1..4094');
    }
    const vlanDevice = `vlan${vlanId}`;
    if (vlanDevice === bridge) throw bad('vif.bridge_name', bridge, 'the bridge cannot have the name of its VLAN device');
    if (parent.name === bridge) throw bad(parent.source, parent.name, 'the VLAN interface cannot be the bridge itself');
    return { kind: 'vlan', bridge, vlanId, vlanDevice, parent, mtu, filtering };
  }

  const iface = pickInterface(config.flat_interface, 'flat_interface', network.getIfSet('bridge_interface'));
  if (iface) {
    checkName(iface.name, iface.source, bad);
    if (iface.name === bridge) throw bad(iface.source, iface.name, 'the interface to bridge cannot be the bridge itself');
  }
  return { kind: 'flat', bridge, ...(iface ? { iface } : {}), mtu, filtering };
}

/** `config_value or network.bridge_interface`, as os-vif (an empty string counts as unset). */
function pickInterface(configured: string | undefined, option: string, fromNetwork: string | null | undefined): NamedInterface | undefined {
  if (configured) return { name: configured, source: option };
  if (fromNetwork) return { name: fromNetwork, source: 'network.bridge_interface' };
  return undefined;
}

/** `network.mtu or network_device_mtu`; 0 or null on both sides means "leave MTUs alone". */
function pickMtu(
  fromNetwork: number | null | undefined,
  configured: number,
  bad: (field: string, value: unknown, reason: string) => InvalidBridgeInputError,
): number | undefined {
  const [mtu, field] = fromNetwork ? [fromNetwork, 'network.mtu'] : [configured, 'network_device_mtu'];
  if (!mtu) return undefined;
  if (!Number.isInteger(mtu) || mtu < MIN_MTU || mtu > MAX_MTU) throw bad(field, mtu, `expected an MTU ${MIN_MTU}..${MAX_MTU}`);
  return mtu;
}

/** Kernel naming rules plus the plain characters that are safe inside iptables rules and `ip` arguments. */
function checkName(name: unknown, field: string, bad: (field: string, value: unknown, reason: string) => InvalidBridgeInputError): void {
  if (typeof name !== 'string') throw bad(field, name, 'expected an interface name');
  try {
    validateLinkName(name);
    validateRuleInterface(name);
  } catch (e) {
    if (e instanceof InvalidLinkNameError || e instanceof InvalidIptablesNameError) throw bad(field, name, e.reason);
    throw e;
  }
}
