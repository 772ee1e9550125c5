// Bad VIFs get typed errors before anything changes; a device or OVS port named
// by the VIF that is not this VIF's is refused (ForeignResourceError) before any
// change; a plug whose OVS step fails (dead ovsdb-server, this VIF's port name
// taken on another bridge) leaves no qbr,
// veth, tap or per-port bridge behind (and a representor down again); a failed
// tap takes back its OVS port; OVSDB failures are never swallowed.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InvalidLinkNameError, LinkError, LinkKindMismatchError } from '@osvif/sdk';
import { VIFDirect, VIFOpenVSwitch, VIFPortProfileFPBridge } from '@osvif/objects';
import { OvsdbConnectionError, OvsdbError, OvsdbInvalidArgumentError, OvsdbTransactionError } from '@osvif/ovsdb';
import { OvsPortOnOtherBridgeError } from '../src/ovsdb';
import { PlugFailedError, UnplugFailedError, VifClassNotAcceptedError } from '@osvif/runtime';
import { disposeAllNetns, TEST_INTERFACE_ID } from '@osvif/testkit';
import {
  MissingPortProfileError,
  OvsPlugin,
  TapCreationNotSupportedError,
  VifFieldRequiredError,
  WrongPortProfileError,
} from '@osvif/plugin-ovs';
import { hybridNames, perPortBridgeNames } from './helpers/names';
import { DRIVERS, OvsTestEnv, startEnv } from './helpers/env';
import { buildFakeSysfs, VF_PCI } from './helpers/fake-sysfs';
import { expectForeign, identifyAsOsVif, markLink } from './helpers/ownership';
import { hostDeviceVif, hybridVif, instance, MAC, network, ovsProfile, ovsVif, vhostUserVif } from './helpers/vifs';

afterAll(disposeAllNetns);

async function causeOf(p: Promise<unknown>): Promise<unknown> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeDefined();
  expect(e instanceof PlugFailedError || e instanceof UnplugFailedError).toBe(true);
  return (e as PlugFailedError).cause;
}

/**
 * Kernel links of the namespace, without the integration bridge's own port and
 * vswitchd's ovs-netdev: ensuring the integration bridge is shared, idempotent
 * infrastructure (as os-vif), not something a failed plug takes back.
 */
async function linkNames(env: OvsTestEnv): Promise<string[]> {
  return (await env.ns.links.list())
    .map((l) => l.name)
    .filter((n) => !['lo', 'br-int', 'ovs-netdev'].includes(n))
    .sort();
}

describe.each(DRIVERS)('errors and rollback with the %s driver', (driver) => {
  let env: OvsTestEnv;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(async () => env?.dispose());

  it('typed errors for VIFs missing what the path needs, before any change', async () => {
    const rt = await env.runtime(driver);
    const before = await linkNames(env);
    const noProfile = hybridVif();
    noProfile.unset('port_profile');
    expect(await causeOf(rt.plug(noProfile, instance()))).toBeInstanceOf(MissingPortProfileError);
    expect(await causeOf(rt.unplug(noProfile, instance()))).toBeInstanceOf(MissingPortProfileError);
    const noNetwork = hybridVif();
    noNetwork.unset('network');
    expect(await causeOf(rt.plug(noNetwork, instance()))).toMatchObject({ constructor: VifFieldRequiredError, field: 'network' });
    const nullNetwork = ovsVif();
    nullNetwork.network = null;
    expect(await causeOf(rt.plug(nullNetwork, instance()))).toBeInstanceOf(VifFieldRequiredError);
    // Every device and row is marked with the VIF's id: a VIF without one is refused.
    const noId = hybridVif();
    noId.unset('id');
    expect(await causeOf(rt.plug(noId, instance()))).toMatchObject({ constructor: VifFieldRequiredError, field: 'id' });
    expect(await causeOf(rt.unplug(noId, instance()))).toMatchObject({ constructor: VifFieldRequiredError, field: 'id' });
    const noMac = hybridVif();
    noMac.address = null;
    expect(await causeOf(rt.plug(noMac, instance()))).toMatchObject({ constructor: VifFieldRequiredError, field: 'address' });
    const tap = hybridVif({ profile: ovsProfile({ datapath_type: 'netdev', create_tap: true }) });
    expect(await causeOf(rt.plug(tap, instance()))).toMatchObject({ constructor: TapCreationNotSupportedError, vifType: 'VIFBridge' });
    const tapVhu = vhostUserVif({ profile: ovsProfile({ datapath_type: 'netdev', create_tap: true }) });
    expect(await causeOf(rt.plug(tapVhu, instance()))).toBeInstanceOf(TapCreationNotSupportedError);
    expect(await linkNames(env)).toEqual(before);
    expect(await env.db.bridgeExists('br-int')).toBe(false);
    const direct = new VIFDirect({
      id: hybridVif().id,
      plugin: 'ovs',
      vif_name: 'x',
      dev_address: '0000:00:01.0',
      mode: 'passthrough',
      vlan_name: 'v',
    });
    await expect(rt.plug(direct, instance())).rejects.toBeInstanceOf(VifClassNotAcceptedError);
  });

  it('WrongPortProfile when a non-OVS profile reaches the handler (the runtime filters it first)', async () => {
    const rt = await env.runtime(driver);
    const plugin = rt.loadedPlugins()[0].instance as OvsPlugin;
    const vif = new VIFOpenVSwitch({
      id: hybridVif().id,
      address: MAC,
      plugin: 'ovs',
      vif_name: 'tapw',
      bridge_name: 'br-int',
      network: network(),
      port_profile: new VIFPortProfileFPBridge({ bridge_name: 'x' }),
    });
    await expect(plugin.plugOpenVSwitch(vif, instance())).rejects.toMatchObject({
      constructor: WrongPortProfileError,
      profile: 'VIFPortProfileFPBridge',
    });
  });

  it('hostile names are refused with typed errors, no shell, nothing made', async () => {
    const rt = await env.runtime(driver);
    const before = await linkNames(env);
    const badName = ovsVif();
    badName.vif_name = 'tap; rm -rf /';
    expect(await causeOf(rt.plug(badName, instance()))).toBeInstanceOf(InvalidLinkNameError);
    const badBridge = hybridVif({ bridge: '--help' });
    const cause = await causeOf(rt.plug(badBridge, instance()));
    expect(cause).toBeInstanceOf(OvsdbInvalidArgumentError);
    expect(await linkNames(env)).toEqual(before); // qbr/veth rolled back
  });

  it('a kernel step failing half-way (MTU the kernel refuses) rolls back the qbr and veth pair it made', async () => {
    const rt = await env.runtime(driver);
    const vif = hybridVif({ mtu: 70000 });
    const { qbr, qvb, qvo } = hybridNames(vif.id);
    const before = await linkNames(env);
    expect(await causeOf(rt.plug(vif, instance()))).toBeInstanceOf(LinkError);
    for (const dev of [qbr, qvb, qvo]) expect(await env.ns.links.exists(dev)).toBe(false);
    expect(await linkNames(env)).toEqual(before);
    expect(await env.db.getPort(qvo)).toBeUndefined();
  });

  it('generic plug: an MTU the device refuses fails the plug and takes back the port row written alongside', async () => {
    const rt = await env.runtime(driver);
    const vif = ovsVif({ mtu: 70000 });
    await env.ns.links.createTap(vif.vif_name); // a device there, so the MTU is set on it
    expect(await causeOf(rt.plug(vif, instance()))).toBeInstanceOf(LinkError);
    expect(await env.db.getPort(vif.vif_name)).toBeUndefined();
    expect(await env.ns.links.get(vif.vif_name)).toMatchObject({ mtu: 1500 }); // the device is not ours to delete
    // A port that was there before is updated, not taken back.
    await rt.plug(ovsVif({ id: vif.id, mtu: 1400 }), instance());
    expect(await causeOf(rt.plug(vif, instance()))).toBeInstanceOf(LinkError);
    expect(await env.db.getPort(vif.vif_name)).toMatchObject({ bridge: 'br-int' });
    await rt.unplug(vif, instance());
  });

  it('a bridge_name naming an existing non-bridge device is neither used nor deleted (foreign; LinkKindMismatch even when marked for this VIF)', async () => {
    const rt = await env.runtime(driver);
    await env.ns.links.createVeth('notabr0', 'notabr0p');
    const vif = hybridVif();
    vif.bridge_name = 'notabr0';
    const before = await linkNames(env);
    // Unmarked and not identified as this VIF's: another's device, refused before any change.
    expectForeign(await causeOf(rt.plug(vif, instance())), vif.id, 'link', 'notabr0');
    expectForeign(await causeOf(rt.unplug(vif, instance())), vif.id, 'link', 'notabr0');
    expect(await linkNames(env)).toEqual(before);
    expect((await env.ns.links.get('notabr0'))?.alias).toBeUndefined();
    // Marked for this VIF, it is still no bridge: the kind check refuses it, and the veth made meanwhile is taken back.
    await markLink(env, 'notabr0', vif.id);
    expect(await causeOf(rt.plug(vif, instance()))).toMatchObject({
      constructor: LinkKindMismatchError,
      code: 'LINK_KIND_MISMATCH',
      ifname: 'notabr0',
      expected: 'bridge',
      actual: 'veth',
      message: expect.stringMatching(/^notabr0 exists but is a veth, not a bridge; refusing to use or delete it/),
    });
    expect(await causeOf(rt.unplug(vif, instance()))).toBeInstanceOf(LinkKindMismatchError);
    expect(await linkNames(env)).toEqual(before);
    await env.ns.links.delete('notabr0');
  });

  it("port name taken on another bridge: refused as foreign, or (this VIF's row) the port write fails; no qbr/veth left, the other port untouched", async () => {
    const rt = await env.runtime(driver);
    const vif = hybridVif();
    const { qbr, qvb, qvo } = hybridNames(vif.id);
    await env.ovs.vsctl([
      'add-br',
      'br-other',
      '--',
      'set',
      'Bridge',
      'br-other',
      'datapath_type=netdev',
      '--',
      'add-port',
      'br-other',
      qvo,
    ]);
    const before = await linkNames(env);
    // Another's port (unmarked, no iface-id): refused before anything is made.
    expectForeign(await causeOf(rt.plug(vif, instance())), vif.id, 'ovs-port', qvo);
    for (const dev of [qbr, qvb, qvo]) expect(await env.ns.links.exists(dev)).toBe(false);
    expect(await linkNames(env)).toEqual(before);
    expect((await env.db.getInterface(qvo))!.externalIds).toEqual({});
    // This VIF's row (os-vif's iface-id and attached-mac) on another bridge: the OVS write fails and the plug rolls back.
    await identifyAsOsVif(env, qvo);
    const cause = await causeOf(rt.plug(vif, instance()));
    expect(cause).toBeInstanceOf(OvsdbTransactionError);
    expect((cause as OvsdbTransactionError).error).toBe('port on other bridge');
    for (const dev of [qbr, qvb, qvo]) expect(await env.ns.links.exists(dev)).toBe(false);
    expect(await linkNames(env)).toEqual(before);
    expect(await env.db.getPort(qvo)).toMatchObject({ bridge: 'br-other' });
    expect((await env.db.getInterface(qvo))!.externalIds).toEqual({ 'iface-id': TEST_INTERFACE_ID, 'attached-mac': MAC });
    await env.ovs.vsctl(['del-br', 'br-other']);
  });

  it('per-port bridge: a failing patch port rolls back the pb… bridge it made', async () => {
    const rt = await env.runtime(driver, { per_port_bridge: true });
    const vif = ovsVif({ bridge: 'br-ppbx' });
    const n = perPortBridgeNames(vif.id);
    await env.ovs.vsctl([
      'add-br',
      'br-other2',
      '--',
      'set',
      'Bridge',
      'br-other2',
      'datapath_type=netdev',
      '--',
      'add-port',
      'br-other2',
      n.intPatch,
    ]);
    // Another's ibp… (unmarked, no iface-id): refused before pb… is made.
    expectForeign(await causeOf(rt.plug(vif, instance())), vif.id, 'ovs-port', n.intPatch);
    expect(await env.db.bridgeExists(n.bridge)).toBe(false);
    expect(await env.db.getPort(vif.vif_name)).toBeUndefined();
    expect((await env.db.getInterface(n.intPatch))!.externalIds).toEqual({});
    // This VIF's ibp… (os-vif's iface-id and attached-mac) left on another bridge: the patch pair fails, pb… is rolled back.
    await identifyAsOsVif(env, n.intPatch);
    expect(await causeOf(rt.plug(vif, instance()))).toBeInstanceOf(OvsdbTransactionError);
    expect(await env.db.bridgeExists(n.bridge)).toBe(false);
    expect(await env.db.getPort(vif.vif_name)).toBeUndefined();
    expect(await env.db.getPort(n.intPatch)).toMatchObject({ bridge: 'br-other2' });
    await env.ovs.vsctl(['del-br', 'br-other2']);
  });

  it('generic plug with create_tap: a tap the kernel refuses (its MTU) takes back the OVS port this plug made', async () => {
    const rt = await env.runtime(driver);
    const vif = ovsVif({ mtu: 70000, profile: ovsProfile({ datapath_type: 'netdev', create_port: true, create_tap: true }) });
    // No device before the plug: the port's own MTU step skips it, the failure is createTap's.
    expect(await causeOf(rt.plug(vif, instance()))).toBeInstanceOf(LinkError);
    expect(await env.db.getPort(vif.vif_name)).toBeUndefined();
    expect(await env.ns.links.exists(vif.vif_name)).toBe(false);
  });

  it('VIFHostDevice (system): a failing port write sets the representor it brought up back down', async () => {
    const fake = buildFakeSysfs();
    try {
      await env.ns.links.createVeth(fake.representor, `${fake.representor}-p`); // down, as a free representor is
      // Its name is taken on another bridge (system datapath: vswitchd leaves the device alone), so the port write fails.
      await env.ovs.vsctl([
        'add-br',
        'br-other3',
        '--',
        'set',
        'Bridge',
        'br-other3',
        'datapath_type=system',
        '--',
        'add-port',
        'br-other3',
        fake.representor,
      ]);
      const rt = await env.runtime(driver, {}, { sysfsRoot: fake.root });
      const vif = hostDeviceVif({ pci: VF_PCI, bridge: 'br-hdx', profile: ovsProfile({ datapath_type: 'system' }) });
      // Another's port (unmarked, no iface-id) for the representor: refused before the representor is brought up.
      expectForeign(await causeOf(rt.plug(vif, instance())), vif.id, 'ovs-port', fake.representor);
      expect(await env.ns.links.get(fake.representor)).toMatchObject({ up: false });
      expect(await env.db.bridgeExists('br-hdx')).toBe(false);
      // This VIF's row (os-vif's iface-id and attached-mac) on another bridge: the port write fails after the set-up.
      await identifyAsOsVif(env, fake.representor);
      expect(await causeOf(rt.plug(vif, instance()))).toMatchObject({
        constructor: OvsPortOnOtherBridgeError,
        error: 'port on other bridge',
      });
      expect(await env.ns.links.get(fake.representor)).toMatchObject({ up: false });
      expect(await env.db.getPort(fake.representor)).toMatchObject({ bridge: 'br-other3' });
    } finally {
      fake.remove();
    }
    await env.ovs.vsctl(['del-br', 'br-other3']);
    await env.ns.links.delete(fake.representor);
  });

  it('ovsdb-server down: plug fails (never a silent success) and leaves no qbr/veth; unplug fails too; works again after restart', async () => {
    const rt = await env.runtime(driver, { ovs_vsctl_timeout: 2 });
    const warm = ovsVif({ profile: ovsProfile({ datapath_type: 'netdev' }) });
    await rt.plug(warm, instance()); // native: connection established before the crash
    const vif = hybridVif();
    const { qbr, qvb, qvo } = hybridNames(vif.id);
    const before = await linkNames(env);
    await env.ovs.stopDb();
    try {
      const cause = await causeOf(rt.plug(vif, instance()));
      expect(cause).toBeInstanceOf(OvsdbError);
      if (driver === 'native') expect(cause).toBeInstanceOf(OvsdbConnectionError);
      for (const dev of [qbr, qvb, qvo]) expect(await env.ns.links.exists(dev)).toBe(false);
      expect(await linkNames(env)).toEqual(before);
      expect(await causeOf(rt.unplug(ovsVif(), instance()))).toBeInstanceOf(OvsdbError);
    } finally {
      await env.ovs.startDb();
    }
    await rt.plug(vif, instance());
    expect(await env.ns.links.get(qvb)).toMatchObject({ master: qbr });
    await rt.unplug(vif, instance());
  });
});
