// per_port_bridge: pb… bridge with the VM port, patch pair pbp…/ibp…; both drivers.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { disposeAllNetns } from '@osvif/testkit';
import { perPortBridgeNames, qosIdFor } from './helpers/names';
import { DRIVERS, OvsTestEnv, startEnv } from './helpers/env';
import { linkAlias, ovsMarks } from './helpers/ownership';
import { instance, INSTANCE_UUID, MAC, ovsProfile, ovsVif } from './helpers/vifs';

afterAll(disposeAllNetns);

describe.each(DRIVERS)('per-port bridge with the %s driver', (driver) => {
  let env: OvsTestEnv;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(async () => env?.dispose());

  it('plugs the VM port on pb…, patches pb… to the integration bridge, isolates new ports; unplug removes all', async () => {
    const rt = await env.runtime(driver, { per_port_bridge: true, isolate_vif: true });
    const vif = ovsVif({ bridge: 'br-ppb', profile: ovsProfile({ datapath_type: 'netdev' }) });
    const n = perPortBridgeNames(vif.id);
    expect(n.bridge).toHaveLength(14);
    await rt.plug(vif, instance());

    expect(await env.db.getBridge('br-ppb')).toMatchObject({ datapathType: 'netdev' });
    expect(await env.db.getBridge(n.bridge)).toMatchObject({ datapathType: 'netdev' });
    expect(await env.db.listPorts(n.bridge)).toEqual([n.bridgePatch, vif.vif_name].sort());
    expect(await env.db.listPorts('br-ppb')).toEqual([n.intPatch]);
    // VM port: no os-vif external_ids (only osvif's ownership mark, on Interface and Port), dead VLAN triple (new port)
    expect((await env.db.getInterface(vif.vif_name))!.externalIds).toEqual(ovsMarks(vif));
    expect((await env.db.getPort(vif.vif_name))!.externalIds).toEqual(ovsMarks(vif));
    expect(await env.db.getPort(vif.vif_name)).toMatchObject({ tag: 4095, vlanMode: 'trunk', trunks: [4095] });
    // ibp…: the VIF's identity on the integration bridge, tag 4095 only
    const ibp = await env.db.getInterface(n.intPatch);
    expect(ibp).toMatchObject({ type: 'patch', options: { peer: n.bridgePatch } });
    expect(ibp!.externalIds).toEqual({
      'iface-id': 'e65867e0-9340-4a7f-a256-09af6eb7a3aa',
      'iface-status': 'active',
      'attached-mac': MAC,
      'vm-uuid': INSTANCE_UUID,
      ...ovsMarks(vif), // osvif's ownership mark: the patch port is this VIF's
    });
    expect(await env.db.getPort(n.intPatch)).toMatchObject({ tag: 4095 });
    expect(await env.db.getInterface(n.bridgePatch)).toMatchObject({ type: 'patch', options: { peer: n.intPatch }, externalIds: {} });

    await rt.plug(vif, instance()); // idempotent
    expect(await env.db.listPorts(n.bridge)).toHaveLength(2);

    await rt.unplug(vif, instance());
    expect(await env.db.bridgeExists(n.bridge)).toBe(false);
    expect(await env.db.listPorts('br-ppb')).toEqual([]);
    expect(await env.db.getPort(vif.vif_name)).toBeUndefined();
    await rt.unplug(vif, instance());
  });

  it('isolate_vif: a re-plug leaves the ibp… patch port in the VLAN Neutron gave it (isolation is for new ports only)', async () => {
    const rt = await env.runtime(driver, { per_port_bridge: true, isolate_vif: true });
    const vif = ovsVif({ bridge: 'br-ppi', profile: ovsProfile({ datapath_type: 'netdev' }) });
    const n = perPortBridgeNames(vif.id);
    await rt.plug(vif, instance());
    expect(await env.db.getPort(n.intPatch)).toMatchObject({ tag: 4095 });
    await env.ovs.vsctl(['set', 'Port', n.intPatch, 'tag=5']); // as the Neutron agent does once it wired the port
    await rt.plug(vif, instance());
    expect(await env.db.getPort(n.intPatch)).toMatchObject({ tag: 5 });
    await rt.unplug(vif, instance());
  });

  it('QoS for the VM port is decided on the bridge it really goes on (pb…, upstream fix 1c0a741)', async () => {
    const rt = await env.runtime(driver, { per_port_bridge: true });
    const vif = ovsVif({ bridge: 'br-ppq', profile: ovsProfile({ datapath_type: 'system' }) });
    const n = perPortBridgeNames(vif.id);
    await rt.plug(vif, instance());
    const rows = await env.db.findQos({ id: qosIdFor(vif.vif_name) });
    expect(rows).toHaveLength(1);
    expect(rows[0].externalIds).toMatchObject(ovsMarks(vif)); // marked for the VIF as its port
    expect((await env.db.getPort(vif.vif_name))!.qos).toBe(rows[0].uuid);
    await rt.plug(vif, instance());
    expect(await env.db.findQos({ id: qosIdFor(vif.vif_name) })).toHaveLength(1);
    await rt.unplug(vif, instance());
    expect(await env.db.findQos({ id: qosIdFor(vif.vif_name) })).toHaveLength(0);
    expect(await env.db.bridgeExists(n.bridge)).toBe(false);
  });

  it('create_tap makes the tap on the per-port bridge path too', async () => {
    const rt = await env.runtime(driver, { per_port_bridge: true });
    const vif = ovsVif({ profile: ovsProfile({ datapath_type: 'netdev', create_tap: true }) });
    await rt.plug(vif, instance());
    expect(await env.ns.links.get(vif.vif_name)).toMatchObject({ kind: 'tun', up: true, mac: MAC, mtu: 1500, alias: linkAlias(vif.id) });
    await rt.unplug(vif, instance());
    expect(await env.ns.links.exists(vif.vif_name)).toBe(false);
  });
});
