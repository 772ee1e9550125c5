// The [os_vif_ovs] options: os-vif's names, types and defaults (upstream HEAD,
// incl. default_qos_type), nothing else. (Where sysfs is read is the host's SYSFS_ROOT service, not an option.)
import { ConfigValues, defineOptions } from '@osvif/sdk';

/** QoS types upstream offers for default_qos_type (there is no "off"). */
export const QOS_TYPES = ['linux-htb', 'linux-hfsc', 'linux-sfq', 'linux-codel', 'linux-fq_codel', 'linux-noop'] as const;

/** The options of the ovs plugin, read from [os_vif_ovs] (os-vif's names and defaults). */
export const OVS_OPTIONS = defineOptions({
  network_device_mtu: { type: 'int', default: 1500, deprecatedGroup: 'DEFAULT', help: 'MTU setting for network interface.' },
  ovs_vsctl_timeout: {
    type: 'int',
    default: 120,
    min: 0,
    deprecatedGroup: 'DEFAULT',
    help: 'Amount of time, in seconds, that ovs_vsctl should wait for a response from the database. 0 is to wait forever.',
  },
  ovsdb_connection: {
    type: 'str',
    default: 'tcp:127.0.0.1:6640',
    help: 'The connection string for the OVSDB backend. When executing commands using the native or vsctl ovsdb interface drivers this config option defines the ovsdb endpoint used.',
  },
  ovsdb_interface: {
    type: 'str',
    default: 'native',
    choices: ['vsctl', 'native'],
    deprecatedForRemoval: true,
    help: 'The interface for interacting with the OVSDB',
  },
  isolate_vif: {
    type: 'bool',
    default: false,
    help: 'Controls if VIF should be isolated when plugged to the ovs bridge. This should only be set to True when using the neutron ovs ml2 agent.',
  },
  per_port_bridge: {
    type: 'bool',
    default: false,
    help: 'Controls if VIF should be plugged into a per-port bridge. This is experimental and controls the plugging behavior when not using hybrid-plug.This is only used on linux and should be set to false in all other cases such as ironic smartnic ports.',
  },
  default_qos_type: {
    type: 'str',
    default: 'linux-noop',
    choices: QOS_TYPES,
    help: 'The default qos type to apply to ovs ports. linux-noop is the default. ovs will not modify the qdisc on the port if linux-noop is specified. This allows operators to manage QOS out of band of OVS. For more information see the ovs man pages https://manpages.debian.org/testing/openvswitch-common/ovs-vswitchd.conf.db.5.en.html#type~4 Note: This will only be used when a port is first created. Only applies to system datapath ports.',
  },
});

/** The typed values of the [os_vif_ovs] options. */
export type OvsConfig = ConfigValues<typeof OVS_OPTIONS>;
