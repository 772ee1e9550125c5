// VIFOpenVSwitch, default mode: bridge ensured with the profile's datapath,
// port only with create_port, tap only with create_tap; both drivers.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { VIFPortProfileOpenVSwitch } from '@osvif/objects';
import type { LinkApi, LinkChanges } from '@osvif/sdk';
import { disposeAllNetns } from '@osvif/testkit';
import { DRIVERS, OvsTestEnv, startEnv } from './helpers/env';
import { expectForeign, identifyAsOsVif, linkAlias, ovsMarks } from './helpers/ownership';
import { instance, INSTANCE_UUID, MAC, ovsProfile, ovsVif } from './helpers/vifs';

afterAll(disposeAllNetns);

describe.each(DRIVERS)('VIFOpenVSwitch generic plug with the %s driver', (driver) => {
  let env: OvsTestEnv;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(async () => env?.dispose());

  it('without create_port: ensures the bridge (datapath from the profile) and creates no port', async () => {
    const rt = await env.runtime(driver);
    const vif = ovsVif({ bridge: 'br-gen1', profile: ovsProfile({ datapath_type: 'netdev' }) });
    await rt.plug(vif, instance());
    expect(await env.db.getBridge('br-gen1')).toMatchObject({ datapathType: 'netdev' });
    expect(await env.db.listPorts('br-gen1')).toEqual([]);
    await rt.unplug(vif, instance());
  });

  it('with create_port: the port with os-vif external_ids, kernel MTU on an existing tap; unplug removes port and tap', async () => {
    const rt = await env.runtime(driver);
    const vif = ovsVif({ mtu: 1442 });
    await env.ns.links.createTap(vif.vif_name); // as libvirt would have
    await rt.plug(vif, instance());
    const iface = await env.db.getInterface(vif.vif_name);
    expect(iface!.externalIds).toEqual({
      'iface-id': 'e65867e0-9340-4a7f-a256-09af6eb7a3aa',
      'iface-status': 'active',
      'attached-mac': MAC,
      'vm-uuid': INSTANCE_UUID,
      // osvif's ownership mark: the row is this VIF's
      'osvif-vif-id': vif.id,
      'osvif-plugin': 'ovs',
      'osvif-vif-class': 'VIFOpenVSwitch',
    });
    expect(await env.db.getPort(vif.vif_name)).toMatchObject({ bridge: 'br-int' });
    expect((await env.db.getPort(vif.vif_name))!.externalIds).toEqual(ovsMarks(vif)); // the Port row is marked too
    // The hypervisor's tap is used, not marked: osvif did not make it.
    expect((await env.ns.links.get(vif.vif_name))?.alias).toBeUndefined();
    expect(await env.ns.links.get(vif.vif_name)).toMatchObject({ mtu: 1442 });
    await rt.plug(vif, instance()); // idempotent
    expect(await env.db.listPorts('br-int')).toContain(vif.vif_name);
    await rt.unplug(vif, instance());
    expect(await env.db.getPort(vif.vif_name)).toBeUndefined();
    expect(await env.ns.links.exists(vif.vif_name)).toBe(false);
    await rt.unplug(vif, instance());
  });

  it('with create_port and no device: no MTU is set on the absent device (D61); a device found gets it', async () => {
    const sets: Array<[string, LinkChanges]> = [];
    const links = env.ns.links;
    const spy: LinkApi = Object.assign(Object.create(links) as LinkApi, {
      set: (name: string, changes: LinkChanges) => (sets.push([name, changes]), links.set(name, changes)),
    });
    const rt = await env.runtime(driver, {}, { linkApi: spy });
    const vif = ovsVif({ mtu: 1442 });
    await rt.plug(vif, instance());
    expect(await env.db.getPort(vif.vif_name)).toMatchObject({ bridge: 'br-int' });
    expect(sets).toEqual([]);
    await links.createTap(vif.vif_name); // libvirt's tap, made after the port
    await rt.plug(vif, instance());
    expect(sets).toEqual([[vif.vif_name, { mtu: 1442 }]]);
    expect(await links.get(vif.vif_name)).toMatchObject({ mtu: 1442 });
    await rt.unplug(vif, instance());
  });

  it("unplug of a port on another bridge fails (foreign unless it is this VIF's, then port on other bridge) and leaves that port and its device alone", async () => {
    const rt = await env.runtime(driver);
    const vif = ovsVif();
    await env.ns.links.createTap(vif.vif_name); // the hypervisor's tap
    await env.ovs.vsctl(['--may-exist', 'add-br', 'br-int', '--', 'set', 'Bridge', 'br-int', 'datapath_type=netdev']);
    await env.ovs.vsctl([
      '--may-exist',
      'add-br',
      'br-gen-other',
      '--',
      'set',
      'Bridge',
      'br-gen-other',
      'datapath_type=netdev',
      '--',
      'add-port',
      'br-gen-other',
      vif.vif_name,
    ]);
    const unplugCause = (): Promise<unknown> =>
      rt.unplug(vif, instance()).then(
        () => undefined,
        (e: unknown) => (e as { cause?: unknown }).cause ?? e,
      );
    // An unmarked port that nothing identifies as this VIF's is not its own: refused before any change.
    expectForeign(await unplugCause(), vif.id, 'ovs-port', vif.vif_name);
    expect(await env.db.getPort(vif.vif_name)).toMatchObject({ bridge: 'br-gen-other' });
    expect(await env.ns.links.exists(vif.vif_name)).toBe(true);
    // The port is this VIF's the os-vif way (iface-id and attached-mac), but on another bridge than the VIF names.
    await identifyAsOsVif(env, vif.vif_name);
    expect(String(await unplugCause())).toMatch(/port on other bridge/);
    expect(await env.db.getPort(vif.vif_name)).toMatchObject({ bridge: 'br-gen-other' });
    expect(await env.ns.links.exists(vif.vif_name)).toBe(true);
    await env.ovs.vsctl(['del-br', 'br-gen-other']);
    await env.ns.links.delete(vif.vif_name);
  });

  it('create_tap: pre-creates the tap with MAC, MTU, up (and multiqueue); unplug deletes it', async () => {
    const rt = await env.runtime(driver);
    const vif = ovsVif({
      mtu: 1400,
      profile: ovsProfile({ datapath_type: 'netdev', create_port: true, create_tap: true, multiqueue: true }),
    });
    await rt.plug(vif, instance());
    // The tap osvif made carries its ownership mark (IFLA_IFALIAS).
    expect(await env.ns.links.get(vif.vif_name)).toMatchObject({
      kind: 'tun',
      up: true,
      mtu: 1400,
      mac: MAC,
      alias: linkAlias(vif.id),
    });
    // IFF_TAP 0x0002 | IFF_NO_PI 0x1000 | IFF_MULTI_QUEUE 0x0100
    expect(Number(await env.ns.readSysfs(vif.vif_name, 'tun_flags')) & 0x0100).toBe(0x0100);
    expect(await env.db.getPort(vif.vif_name)).toMatchObject({ bridge: 'br-int' });
    await rt.unplug(vif, instance());
    expect(await env.ns.links.exists(vif.vif_name)).toBe(false);
    expect(await env.db.getPort(vif.vif_name)).toBeUndefined();
  });

  it('ovs_vsctl_timeout = 0 waits "forever" (os-vif help) instead of failing at once', async () => {
    const rt = await env.runtime(driver, { ovs_vsctl_timeout: 0 });
    const vif = ovsVif();
    await rt.plug(vif, instance());
    expect(await env.db.getPort(vif.vif_name)).toMatchObject({ bridge: 'br-int' });
    await rt.unplug(vif, instance());
  });

  it('profile 1.2 (no create_port field) creates no port even if the sender had create_port', async () => {
    const rt = await env.runtime(driver);
    const vif = ovsVif({ bridge: 'br-gen2', profile: ovsProfile({ datapath_type: 'netdev', create_port: true }) });
    const prim = vif.toPrimitive(undefined, { VIFPortProfileOpenVSwitch: '1.2' });
    await rt.plug(prim, instance());
    expect(await env.db.listPorts('br-gen2')).toEqual([]);
  });

  it('profile 1.3 (no create_tap field): port yes, tap no', async () => {
    const rt = await env.runtime(driver);
    const vif = ovsVif({ profile: ovsProfile({ datapath_type: 'netdev', create_port: true, create_tap: true }) });
    await rt.plug(vif.toPrimitive(undefined, { VIFPortProfileOpenVSwitch: '1.3' }), instance());
    expect(await env.db.getPort(vif.vif_name)).toMatchObject({ bridge: 'br-int' });
    expect(await env.ns.links.exists(vif.vif_name)).toBe(false);
    await rt.unplug(vif, instance());
  });

  it('profile 1.0 (no datapath_type) means datapath system', async () => {
    const rt = await env.runtime(driver);
    const vif = ovsVif({
      bridge: 'br-gen3',
      profile: new VIFPortProfileOpenVSwitch({ interface_id: 'e65867e0-9340-4a7f-a256-09af6eb7a3aa', profile_id: 'p' }),
    });
    await rt.plug(vif.toPrimitive(undefined, { VIFPortProfileOpenVSwitch: '1.0' }), instance());
    expect(await env.db.getBridge('br-gen3')).toMatchObject({ datapathType: 'system' });
  });
});
