// Reading the VIF (src/plan.ts): pure, no host needed. Every input is checked here, so a bad VIF fails
// before any host change, and each handler acts on the plan alone.
import { typedConfig } from '@osvif/sdk';
import { Network } from '@osvif/objects';
import { OVS_OPTIONS, TapCreationNotSupportedError, VifFieldInvalidError, VifFieldRequiredError } from '@osvif/plugin-ovs';
import { planPlug, planUnplug } from '../src/plan';
import { hybridNames, perPortBridgeNames } from './helpers/names';
import { hostDeviceVif, hybridVif, instance, INSTANCE_UUID, MAC, ovsProfile, ovsVif, vhostUserVif } from './helpers/vifs';

/** The [os_vif_ovs] defaults, as the runtime resolves them for a config file without that group. */
const config = typedConfig(OVS_OPTIONS, Object.fromEntries(Object.entries(OVS_OPTIONS).map(([name, spec]) => [name, spec.default])));
const owner = { ifaceId: 'e65867e0-9340-4a7f-a256-09af6eb7a3aa', mac: MAC, instanceUuid: INSTANCE_UUID };

describe('planPlug / planUnplug', () => {
  it('VIFOpenVSwitch: only the bridge without create_port; the port (and the tap asked for) with it; per-port bridge', () => {
    const bare = ovsVif({ profile: ovsProfile({ datapath_type: 'netdev' }) });
    const ident = { vifId: bare.id, vifClass: 'VIFOpenVSwitch', ifaceId: owner.ifaceId, mac: MAC };
    expect(planPlug(bare, instance(), config)).toEqual({
      path: 'bridge-only',
      vifId: bare.id,
      ident,
      bridge: 'br-int',
      datapath: 'netdev',
      datapathGiven: true,
    });
    // No datapath_type: system for a new bridge, an existing one is used as it is (D56).
    expect(planPlug(ovsVif({ profile: ovsProfile({ datapath_type: null }) }), instance(), config)).toMatchObject({
      datapath: 'system',
      datapathGiven: false,
    });
    const vif = ovsVif({
      mtu: 1450,
      profile: ovsProfile({ datapath_type: 'netdev', create_port: true, create_tap: true, multiqueue: true }),
    });
    expect(planPlug(vif, instance(), config)).toEqual({
      path: 'direct',
      vifId: vif.id,
      ident: { ...ident, vifId: vif.id },
      bridge: 'br-int',
      datapath: 'netdev',
      datapathGiven: true,
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

  it.each([
    ['a relative socket path', { path: 'run/vhu.sock' }, 'path', 'not an absolute path'],
    ['a socket path with ..', { path: '/var/run/../../etc/x' }, 'path', '".." segment'],
    ['a socket path with a newline', { path: '/var/run/vhu\nx' }, 'path', 'control character'],
    ['a socket path too long for sun_path', { path: `/${'a'.repeat(107)}` }, 'path', 'longer than a unix socket path'],
    ['an mtu of 1', { mtu: 1 }, 'mtu', 'must be 68 to 65535'],
    ['an mtu of 2^31-1', { mtu: 2 ** 31 - 1 }, 'mtu', 'must be 68 to 65535'],
    ['a 1 MiB datapath_type', { datapath: 'x'.repeat(1 << 20) }, 'port_profile.datapath_type', 'not a datapath type name'],
    ['a datapath_type with a newline', { datapath: 'netdev\nother' }, 'port_profile.datapath_type', 'not a datapath type name'],
  ])('refuses vhost-user with %s (VifFieldInvalidError, before any host change)', (_name, bad, field, reason) => {
    const o = bad as { path?: string; mtu?: number; datapath?: string };
    const vif = vhostUserVif({
      mode: 'server',
      ...(o.mtu !== undefined ? { mtu: o.mtu } : {}),
      ...(o.datapath ? { profile: ovsProfile({ datapath_type: o.datapath }) } : {}),
    });
    if (o.path !== undefined) vif.path = o.path;
    const err = (() => {
      try {
        planPlug(vif, instance(), config);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(VifFieldInvalidError);
    expect(err).toMatchObject({ code: 'VIF_FIELD_INVALID', field });
    expect((err as Error).message).toContain(reason);
    expect((err as Error).message.length).toBeLessThan(400);
  });

  it('accepts the socket paths and MTUs Neutron sends, and checks the DPDK representor MTU only on netdev', () => {
    expect(planPlug(vhostUserVif({ mode: 'server', mtu: 9000 }), instance(), config)).toMatchObject({ mtu: 9000 });
    expect(planPlug(vhostUserVif({ mode: 'client', mtu: 68 }), instance(), config)).toMatchObject({ mtu: 68 });
    const kernel = hostDeviceVif({ pci: '0000:81:00.3', mtu: 70000, profile: ovsProfile({ datapath_type: 'system' }) });
    expect(planPlug(kernel, instance(), config)).toMatchObject({ mtu: 70000 }); // the kernel refuses it, atomically
    const dpdk = hostDeviceVif({ pci: '0000:81:00.3', mtu: 70000, profile: ovsProfile({ datapath_type: 'netdev' }) });
    expect(() => planPlug(dpdk, instance(), config)).toThrow(VifFieldInvalidError);
  });
});
