// One VIF of each kind the sandbox can carry here. Each names the plugin it
// needs; kinds whose plugin is not installed are reported and skipped.
import { VIFBase, VIFVHostUser, Network } from '@osvif/objects';
import { hybridVif, linuxBridgeVif, macFor, ovsVif, vhostUserVif, vifId, NETWORK_ID } from '@osvif/conformance';
import { UPLINK } from './environment';

export interface DemoVif {
  /** Short label for the operator. */
  readonly label: string;
  readonly plugin: string;
  readonly vif: VIFBase;
  /** What the operator should expect to see. */
  readonly expect: string;
}

const TAG = '5b';

export function demoVifs(): DemoVif[] {
  return [
    {
      label: 'OVS generic',
      plugin: 'ovs',
      vif: ovsVif({ n: 1, idPrefix: TAG, createPort: true, createTap: true }),
      expect: 'tap on br-int, created by the plugin (create_port + create_tap)',
    },
    {
      label: 'OVS hybrid',
      plugin: 'ovs',
      vif: hybridVif({ n: 2, idPrefix: TAG }),
      expect: 'qbr Linux bridge + qvb/qvo veth, qvo on br-int',
    },
    {
      label: 'OVS vhost-user',
      plugin: 'ovs',
      vif: vhostUserVif({ n: 3, idPrefix: TAG, mode: 'server', socketDir: '/run/osvif-sandbox' }),
      expect: 'dpdkvhostuserclient port on br-int (no DPDK here: OVS reports the type unsupported, the row is what counts)',
    },
    {
      label: 'Linux bridge flat',
      plugin: 'linux_bridge',
      vif: linuxBridgeVif({ n: 4, idPrefix: TAG, bridge: 'brq-sandbox', bridgeInterface: UPLINK }),
      expect: `Linux bridge brq-sandbox with ${UPLINK} enslaved, FORWARD rules`,
    },
    {
      label: 'noop',
      plugin: 'noop',
      vif: new VIFVHostUser({
        id: vifId(5, TAG),
        address: macFor(5),
        plugin: 'noop',
        vif_name: 'vhu-noop',
        mode: 'client',
        path: '/run/osvif-sandbox/vhu-noop',
        network: new Network({ id: NETWORK_ID, bridge: 'br-int' }),
      }),
      expect: 'nothing (the noop plugin accepts and does nothing)',
    },
  ];
}
