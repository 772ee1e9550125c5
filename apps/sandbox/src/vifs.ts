// One VIF of each kind the sandbox can carry here. Each names the plugin it
// needs; kinds whose plugin is not installed are reported and skipped.
import { VIFBase } from '@osvif/objects';
import { testHybridVif, testLinuxBridgeVif, testOvsVif, testVhostUserVif } from '@osvif/testkit';
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
      vif: testOvsVif({ n: 1, idPrefix: TAG, createPort: true, createTap: true }),
      expect: 'tap on br-int, created by the plugin (create_port + create_tap)',
    },
    {
      label: 'OVS hybrid',
      plugin: 'ovs',
      vif: testHybridVif({ n: 2, idPrefix: TAG }),
      expect: 'qbr Linux bridge + qvb/qvo veth, qvo on br-int',
    },
    {
      label: 'OVS vhost-user',
      plugin: 'ovs',
      vif: testVhostUserVif({ n: 3, idPrefix: TAG, mode: 'server', socketDir: '/run/osvif-sandbox' }),
      expect: 'dpdkvhostuserclient port on br-int (no DPDK here: OVS reports the type unsupported, the row is what counts)',
    },
    {
      label: 'Linux bridge flat',
      plugin: 'linux_bridge',
      vif: testLinuxBridgeVif({ n: 4, idPrefix: TAG, bridge: 'brq-sandbox', bridgeInterface: UPLINK }),
      expect: `Linux bridge brq-sandbox with ${UPLINK} enslaved, FORWARD rules`,
    },
    {
      label: 'noop',
      plugin: 'noop',
      vif: testVhostUserVif({
        n: 5,
        idPrefix: TAG,
        plugin: 'noop',
        vifName: 'vhu-noop',
        mode: 'client',
        path: '/run/osvif-sandbox/vhu-noop',
        profile: null,
      }),
      expect: 'nothing (the noop plugin accepts and does nothing)',
    },
  ];
}
