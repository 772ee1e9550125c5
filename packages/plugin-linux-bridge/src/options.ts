// [os_vif_linux_bridge] options: os-vif 3.0.0's names, types, defaults and
// deprecated group DEFAULT, plus `iptables_binary_name` (ours; see README).
import { ConfigValues, defineOptions } from '@osvif/sdk';

/** The options of the linux_bridge plugin, read from [os_vif_linux_bridge] (os-vif's names and defaults). */
export const LINUX_BRIDGE_OPTIONS = defineOptions({
  use_ipv6: { type: 'bool', default: false, deprecatedGroup: 'DEFAULT', help: 'Use IPv6' },
  iptables_top_regex: {
    type: 'str',
    default: '',
    deprecatedGroup: 'DEFAULT',
    help: 'Regular expression to match the iptables rule that should always be on the top.',
  },
  iptables_bottom_regex: {
    type: 'str',
    default: '',
    deprecatedGroup: 'DEFAULT',
    help: 'Regular expression to match the iptables rule that should always be on the bottom.',
  },
  iptables_drop_action: {
    type: 'str',
    default: 'DROP',
    deprecatedGroup: 'DEFAULT',
    help: 'The table that iptables to jump to when a packet is to be dropped.',
  },
  forward_bridge_interface: {
    type: 'multi-str',
    default: ['all'],
    deprecatedGroup: 'DEFAULT',
    help: 'An interface that bridges can forward to. If this is set to all then all traffic will be forwarded. Can be specified multiple times.',
  },
  vlan_interface: { type: 'str', deprecatedGroup: 'DEFAULT', help: 'VLANs will bridge into this interface if set' },
  flat_interface: { type: 'str', deprecatedGroup: 'DEFAULT', help: 'FlatDhcp will bridge into this interface if set' },
  network_device_mtu: { type: 'int', default: 1500, deprecatedGroup: 'DEFAULT', help: 'MTU setting for network interface.' },
  iptables_binary_name: {
    type: 'str',
    default: 'osvif',
    help:
      'Prefix of the iptables chains this plugin owns (<name>-FORWARD, ...). os-vif uses the name of the ' +
      'program it runs in (nova-compute under Nova); set nova-compute to take over the rules os-vif left. ' +
      'At most 16 characters: letters, digits, "_", "." and "-".',
  },
});

/** The typed values of the [os_vif_linux_bridge] options. */
export type LinuxBridgeConfig = ConfigValues<typeof LINUX_BRIDGE_OPTIONS>;
