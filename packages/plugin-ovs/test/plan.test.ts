// Reading the VIF (src/plan.ts): pure, no host needed. Every input is checked here, so a bad VIF fails
// before any host change, and each handler acts on the plan alone.
import { typedConfig } from '@osvif/sdk';
import { Network } from '@osvif/objects';
import { OVS_OPTIONS, TapCreationNotSupportedError, VifFieldRequiredError } from '@osvif/plugin-ovs';
import { planPlug, planUnplug } from '../src/plan';
import { hybridNames, perPortBridgeNames } from './helpers/names';
import { hostDeviceVif, hybridVif, instance, INSTANCE_UUID, MAC, ovsProfile, ovsVif, vhostUserVif } from './helpers/vifs';

/** The [os_vif_ovs] defaults, as the runtime resolves them for a config file without that group. */
const config = typedConfig(OVS_OPTIONS, Object.fromEntries(Object.entries(OVS_OPTIONS).map(([name, spec]) => [name, spec.default])));
const owner = { ifaceId: 'e65867e0-9340-4a7f-a256-09af6eb7a3aa', mac: MAC, instanceUuid: INSTANCE_UUID };

describe('planPlug / planUnplug', () => {
  it('VIFOpenVSwitch: only the bridge without create_port; the port (and the tap asked for) with it; per-port bridge', () => {
    const bare = ovsVif({ profile: ovsProfile({ datapath_type: 'netdev' }) });
    expect(planPlug(bare, instance(), config)).toEqual({ path: 'bridge-only', vifId: bare.id, bridge: 'br-int', datapath: 'netdev' });
    const vif = ovsVif({
      mtu: 1450,
      profile: ovsProfile({ datapath_type: 'netdev', create_port: true, create_tap: true, multiqueue: true }),
    });
    expect(planPlug(vif, instance(), config)).toEqual({
      path: 'direct',
      vifId: vif.id,
      bridge: 'br-int',
      datapath: 'netdev',
      dev: vif.vif_name,
      mtu: 1450,
      owner,
      tap: { mac: MAC, multiqueue: true },
    });
    const perPort = { ...config, per_port_bridge: true };
    expect(planPlug(vif, instance(), perPort)).toMatchObject({
      path: 'per-port-bridge',
      dev: vif.vif_name,
      names: perPortBridgeNames(vif.id),
    });
    expect(planUnplug(vif, perPort)).toMatchObject({ path: 'per-port-bridge', dev: vif.vif_name, tap: true });
    expect(planUnplug(vif, config)).toMatchObject({ path: 'direct-or-hybrid', dev: vif.vif_name, tap: true, hybrid: hybridNames(vif.id) });
  });

  it('VIFBridge, VIFVHostUser and VIFHostDevice plans carry what their paths need', () => {
    const hybrid = hybridVif({ mtu: 1400 });
    const { qvb, qvo } = hybridNames(hybrid.id);
    expect(planPlug(hybrid, instance(), config)).toMatchObject({
      path: 'hybrid',
      linuxBridge: hybrid.bridge_name,
      qvb,
      qvo,
      mtu: 1400,
      owner,
    });
    expect(planUnplug(hybrid, config)).toMatchObject({ path: 'hybrid', linuxBridge: hybrid.bridge_name, qvb, qvo });
    const server = vhostUserVif({ mode: 'server' });
    expect(planPlug(server, instance(), config)).toMatchObject({
      path: 'vhost-user',
      interfaceType: 'dpdkvhostuserclient',
      options: { 'vhost-server-path': server.path },
      mtu: 1500,
    });
    expect(planPlug(vhostUserVif({ mode: 'client' }), instance(), config)).not.toHaveProperty('options');
    const hd = hostDeviceVif({ pci: '0000:81:00.3', profile: ovsProfile({ datapath_type: 'system' }) });
    expect(planPlug(hd, instance(), config)).toMatchObject({ path: 'host-device', pciAddress: '0000:81:00.3', datapath: 'system' });
    expect(planUnplug(hd, config)).toMatchObject({ path: 'host-device', vfPciAddress: '0000:81:00.3' });
    // The DPDK representor is found by its derived name: no PCI lookup on unplug.
    expect(planUnplug(hostDeviceVif({ pci: '0000:81:00.3' }), config)).not.toHaveProperty('vfPciAddress');
  });

  it('refuses bad input with typed errors (a tap on a kind that cannot have one, missing fields)', () => {
    const tapOnBridge = hybridVif({ profile: ovsProfile({ datapath_type: 'netdev', create_tap: true }) });
    expect(() => planPlug(tapOnBridge, instance(), config)).toThrow(TapCreationNotSupportedError);
    const noBridge = ovsVif();
    noBridge.network = new Network({ id: '437c6db5-4e6f-4b43-b64b-ed6a11ee5ba7' });
    expect(() => planPlug(noBridge, instance(), config)).toThrow(VifFieldRequiredError);
    expect(() => planUnplug(noBridge, config)).toThrow(VifFieldRequiredError);
  });
});
