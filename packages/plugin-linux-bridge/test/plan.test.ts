// os-vif's decision tree (LinuxBridgePlugin.plug) as data, without a host.
import { InvalidBridgeInputError, LINUX_BRIDGE_OPTIONS, LinuxBridgeConfig, planPlug } from '@osvif/plugin-linux-bridge';
import { bridgeVif } from './helpers';

const defaults = Object.fromEntries(
  Object.entries(LINUX_BRIDGE_OPTIONS).map(([k, v]) => [
    k,
    (v as { default?: unknown }).default ?? (v.type === 'bool' ? false : undefined),
  ]),
) as unknown as LinuxBridgeConfig;
const config = (o: Partial<Record<keyof LinuxBridgeConfig, unknown>> = {}): LinuxBridgeConfig =>
  ({ ...defaults, ...o }) as LinuxBridgeConfig;

describe('planPlug', () => {
  it('does nothing for multi_host networks or when the network does not ask for a bridge', () => {
    expect(planPlug(bridgeVif({ multiHost: true }), config())).toEqual({ kind: 'none', reason: 'multi_host' });
    expect(planPlug(bridgeVif({ provideBridge: false }), config())).toEqual({ kind: 'none', reason: 'should_provide_bridge is false' });
  });

  it('flat: flat_interface before network.bridge_interface (an empty value counts as unset); MTU from the network, else the config, 0 = leave alone', () => {
    expect(planPlug(bridgeVif({ bridgeInterface: 'eth9', mtu: 9000, filtering: true }), config({ flat_interface: 'eth8' }))).toEqual({
      kind: 'flat',
      bridge: 'brq1',
      iface: { name: 'eth8', source: 'flat_interface' },
      mtu: 9000,
      filtering: false,
    });
    expect(planPlug(bridgeVif({ bridgeInterface: 'eth9' }), config({ flat_interface: '' }))).toMatchObject({
      iface: { name: 'eth9', source: 'network.bridge_interface' },
      mtu: 1500,
      filtering: true,
    });
    expect(planPlug(bridgeVif({ mtu: 0 }), config({ network_device_mtu: 1450 }))).toMatchObject({ mtu: 1450 });
    const alone = planPlug(bridgeVif({ mtu: null }), config({ network_device_mtu: 0 }));
    expect(alone).toEqual({ kind: 'flat', bridge: 'brq1', mtu: undefined, filtering: true });
  });

  it('vlan: vlan_interface before network.bridge_interface, device vlan<N>, id checked', () => {
    expect(
      planPlug(
        bridgeVif({ provideVlan: true, vlan: 42, bridgeInterface: 'eth9', filtering: false }),
        config({ vlan_interface: 'bond0', flat_interface: 'eth8' }),
      ),
    ).toEqual({
      kind: 'vlan',
      bridge: 'brq1',
      vlanId: 42,
      vlanDevice: 'vlan42',
      parent: { name: 'bond0', source: 'vlan_interface' },
      mtu: 1500,
      filtering: true,
    });
    expect(() => planPlug(bridgeVif({ provideVlan: true, vlan: 42, bridge: 'vlan42', bridgeInterface: 'eth9' }), config())).toThrow(
      InvalidBridgeInputError,
    );
    expect(() => planPlug(bridgeVif({ provideVlan: true, vlan: 42, bridge: 'eth9', bridgeInterface: 'eth9' }), config())).toThrow(
      /cannot be the bridge itself/,
    );
  });

  it('refuses an interface that is the bridge itself, and a missing bridge name', () => {
    expect(() => planPlug(bridgeVif({ bridgeInterface: 'brq1' }), config())).toThrow(/cannot be the bridge itself/);
    const vif = bridgeVif();
    vif.unset('bridge_name');
    expect(() => planPlug(vif, config())).toThrow(expect.objectContaining({ field: 'vif.bridge_name' }));
  });
});
