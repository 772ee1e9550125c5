// Hybrid plug (VIFBridge): qbr/veth in the test namespace, qvo… port in the
// private OVS, with both OVSDB drivers.
import { afterAll, describe, expect, it } from '@jest/globals';
import { VIFOpenVSwitch } from '@osvif/objects';
import { disposeAllNetns } from '@osvif/testkit';
import { hybridNames } from '@osvif/plugin-ovs';
import { DRIVERS, startEnv, OvsTestEnv } from './helpers/env';
import { linkAlias } from './helpers/ownership';
import { hybridVif, instance, INSTANCE_UUID, MAC, ovsProfile } from './helpers/vifs';

afterAll(disposeAllNetns);

describe.each(DRIVERS)('hybrid plug (VIFBridge) with the %s driver', (driver) => {
  let env: OvsTestEnv;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(async () => env?.dispose());

  it('creates qbr, the veth pair and the OVS port, then unplug removes them all', async () => {
    const rt = await env.runtime(driver);
    const vif = hybridVif({ mtu: 1450 });
    const { qbr, qvb, qvo } = hybridNames(vif.id);
    await rt.plug(vif, instance());

    const br = await env.ns.links.get(qbr);
    expect(br).toMatchObject({ kind: 'bridge', up: true });
    expect(await env.ns.readSysfs(qbr, 'bridge', 'ageing_time')).toBe('0');
    expect(await env.ns.readSysfs(qbr, 'bridge', 'forward_delay')).toBe('0');
    expect(await env.ns.readSysfs(qbr, 'bridge', 'stp_state')).toBe('0');
    expect(await env.ns.readSysfs(qbr, 'bridge', 'multicast_snooping')).toBe('0');
    expect(await env.ns.sysctl.read(['net', 'ipv6', 'conf', qbr, 'disable_ipv6'])).toBe('1');
    expect(await env.ns.sysctl.read(['net', 'ipv4', 'conf', qbr, 'arp_ignore'])).toBe('1');
    expect(await env.ns.sysctl.read(['net', 'ipv4', 'conf', qbr, 'arp_announce'])).toBe('2');
    expect(await env.ns.links.get(qvb)).toMatchObject({ kind: 'veth', up: true, promisc: true, mtu: 1450, master: qbr });
    expect(await env.ns.links.get(qvo)).toMatchObject({ kind: 'veth', up: true, promisc: true, mtu: 1450 });

    expect(await env.db.getBridge('br-int')).toMatchObject({ datapathType: 'netdev' });
    expect(await env.db.getPort(qvo)).toMatchObject({ bridge: 'br-int', trunks: [] });
    expect((await env.db.getPort(qvo))!.tag).toBeUndefined();
    expect((await env.db.getInterface(qvo))!.externalIds).toEqual({
      'iface-id': 'e65867e0-9340-4a7f-a256-09af6eb7a3aa',
      'iface-status': 'active',
      'attached-mac': MAC,
      'vm-uuid': INSTANCE_UUID,
      // osvif's ownership mark: the row is this VIF's
      'osvif-vif-id': vif.id,
      'osvif-plugin': 'ovs',
      'osvif-vif-class': 'VIFBridge',
    });
    expect((await env.db.getPort(qvo))!.externalIds).toEqual({
      'osvif-vif-id': vif.id,
      'osvif-plugin': 'ovs',
      'osvif-vif-class': 'VIFBridge',
    });
    // The links it made carry the mark too (IFLA_IFALIAS).
    for (const dev of [qbr, qvb, qvo]) expect((await env.ns.links.get(dev))?.alias).toBe(linkAlias(vif.id));

    await rt.unplug(vif, instance());
    for (const dev of [qbr, qvb, qvo]) expect(await env.ns.links.exists(dev)).toBe(false);
    expect(await env.db.getPort(qvo)).toBeUndefined();
    expect(await env.db.bridgeExists('br-int')).toBe(true);
  });

  it('is idempotent: a second plug converges (MTU, enslaving) and a second unplug succeeds', async () => {
    const rt = await env.runtime(driver);
    const vif = hybridVif();
    const { qbr, qvb, qvo } = hybridNames(vif.id);
    await rt.plug(vif, instance());
    await env.ns.links.set(qvb, { master: null });
    await env.ns.links.set(qvo, { mtu: 1400 });
    await rt.plug(vif, instance());
    expect(await env.ns.links.get(qvb)).toMatchObject({ master: qbr, mtu: 1500 });
    expect(await env.ns.links.get(qvo)).toMatchObject({ mtu: 1500 });
    expect(await env.db.listPorts('br-int')).toContain(qvo);
    await rt.unplug(vif, instance());
    await rt.unplug(vif, instance());
    expect(await env.ns.links.exists(qbr)).toBe(false);
  });

  it('a VIFOpenVSwitch whose qbr exists is unplugged the hybrid way', async () => {
    const rt = await env.runtime(driver);
    const vif = hybridVif({ profile: ovsProfile() });
    await rt.plug(vif, instance());
    const { qbr, qvo } = hybridNames(vif.id);
    const asOvs = new VIFOpenVSwitch({
      id: vif.id,
      address: MAC,
      plugin: 'ovs',
      vif_name: 'tapx',
      bridge_name: 'br-int',
      network: vif.network,
      port_profile: vif.port_profile,
    });
    await rt.unplug(asOvs, instance());
    expect(await env.ns.links.exists(qbr)).toBe(false);
    expect(await env.ns.links.exists(qvo)).toBe(false);
    expect(await env.db.getPort(qvo)).toBeUndefined();
  });
});
