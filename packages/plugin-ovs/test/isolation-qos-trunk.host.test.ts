// isolate_vif (dead VLAN triple, new ports only, never on tbr-), default_qos_type
// (QoS rows for new system-datapath ports, destroyed on unplug), trunk bridges
// (bridge_name external_id, deleted when empty): both drivers.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KeyedMutex } from '@osvif/runtime';
import { disposeAllNetns } from '@osvif/testkit';
import { hybridNames, qosIdFor, vhostUserPortName } from './helpers/names';
import { DRIVERS, OvsTestEnv, startEnv } from './helpers/env';
import { ovsMarks } from './helpers/ownership';
import { hybridVif, instance, INSTANCE_UUID, MAC, ovsProfile, ovsVif, vhostUserVif } from './helpers/vifs';

afterAll(disposeAllNetns);

describe.each(DRIVERS)('isolation, QoS and trunk bridges with the %s driver', (driver) => {
  let env: OvsTestEnv;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(async () => env?.dispose());

  it('isolate_vif puts a NEW port in the dead VLAN (tag 4095, trunk mode, trunks 4095) and leaves an existing one alone', async () => {
    const rt = await env.runtime(driver, { isolate_vif: true });
    const vif = hybridVif();
    const { qvo } = hybridNames(vif.id);
    await rt.plug(vif, instance());
    expect(await env.db.getPort(qvo)).toMatchObject({ tag: 4095, vlanMode: 'trunk', trunks: [4095] });
    // Neutron wires the port (moves it to its local VLAN); a re-plug must not re-isolate it.
    await env.ovs.vsctl(['set', 'Port', qvo, 'tag=5', 'vlan_mode=access', 'trunks=[]']);
    await rt.plug(vif, instance());
    expect(await env.db.getPort(qvo)).toMatchObject({ tag: 5, vlanMode: 'access', trunks: [] });
    await rt.unplug(vif, instance());
  });

  it('never isolates on a tbr- trunk bridge; writes bridge_name there; deletes the trunk bridge once empty', async () => {
    const rt = await env.runtime(driver, { isolate_vif: true });
    const a = ovsVif({ bridge: 'tbr-0a1b2c3d-4' });
    const b = ovsVif({ bridge: 'tbr-0a1b2c3d-4' });
    await rt.plug(a, instance());
    await rt.plug(b, instance());
    const port = await env.db.getPort(a.vif_name);
    expect(port!.tag).toBeUndefined();
    expect(port!.trunks).toEqual([]);
    expect((await env.db.getInterface(a.vif_name))!.externalIds).toEqual({
      'iface-id': 'e65867e0-9340-4a7f-a256-09af6eb7a3aa',
      'iface-status': 'active',
      'attached-mac': MAC,
      'vm-uuid': INSTANCE_UUID,
      bridge_name: 'tbr-0a1b2c3d-4',
      ...ovsMarks(a), // osvif's ownership mark: the row is a's
    });
    await rt.unplug(a, instance());
    expect(await env.db.bridgeExists('tbr-0a1b2c3d-4')).toBe(true); // b still on it
    await rt.unplug(b, instance());
    expect(await env.db.bridgeExists('tbr-0a1b2c3d-4')).toBe(false);
  });

  it('plugs and unplugs on one tbr- bridge take turns (an unplug deleting the empty bridge must not race a plug onto it)', async () => {
    const taken: string[] = [];
    const mutex = new KeyedMutex();
    // The plugin's own locks (the runtime's per-VIF osvif-vif-… locks go through LOCKS too, and are not counted).
    const record = (name: string): void => void (name.startsWith('osvif-vif-') || taken.push(name));
    const locks = { withLock: <T>(name: string, fn: () => Promise<T>): Promise<T> => (record(name), mutex.withLock(name, fn)) };
    const rt = await env.runtime(driver, {}, { locks });
    const bridge = 'tbr-race0000-1';
    let current = ovsVif({ bridge });
    await rt.plug(current, instance());
    for (let i = 0; i < 3; i++) {
      const next = ovsVif({ bridge });
      await Promise.all([rt.unplug(current, instance()), rt.plug(next, instance())]);
      expect(await env.db.getPort(next.vif_name)).toMatchObject({ bridge });
      current = next;
    }
    await rt.unplug(current, instance());
    expect(await env.db.bridgeExists(bridge)).toBe(false);
    expect(taken).toHaveLength(8);
    expect(new Set(taken)).toEqual(new Set([`osvif-ovs-trunk-bridge-${bridge}`]));
    await rt.plug(ovsVif({ bridge: 'br-notrunk' }), instance());
    expect(taken).toHaveLength(8); // other bridges are not serialized
  });

  it('default_qos_type: a QoS row for a new system-datapath port, linked from Port.qos, destroyed on unplug', async () => {
    // datapath system: the bridge row exists in OVSDB (vswitchd here cannot open a kernel datapath; rows are what we check).
    const rt = await env.runtime(driver, { default_qos_type: 'linux-fq_codel' });
    const vif = ovsVif({ bridge: 'br-sys', profile: ovsProfile({ datapath_type: 'system', create_port: true }) });
    await rt.plug(vif, instance());
    const ids = qosIdFor(vif.vif_name);
    const rows = await env.db.findQos({ id: ids });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'linux-fq_codel' });
    expect(rows[0].externalIds).toEqual({ id: ids, _type: 'linux-fq_codel', ...ovsMarks(vif) }); // marked for the VIF as its port
    expect((await env.db.getPort(vif.vif_name))!.qos).toBe(rows[0].uuid);
    // existing port: no new row on re-plug
    await rt.plug(vif, instance());
    expect(await env.db.findQos({ id: ids })).toHaveLength(1);
    await rt.unplug(vif, instance());
    expect(await env.db.findQos({ id: ids })).toHaveLength(0);
  });

  it('no QoS row on a netdev-datapath port, nor for vhost-user on its netdev default', async () => {
    const rt = await env.runtime(driver);
    const vif = ovsVif();
    const vhu = vhostUserVif({ profile: ovsProfile({}) });
    await rt.plug(vif, instance());
    await rt.plug(vhu, instance());
    expect(await env.db.findQos({ id: qosIdFor(vif.vif_name) })).toHaveLength(0);
    expect((await env.db.getPort(vif.vif_name))!.qos).toBeUndefined();
    // Ours on purpose (README): upstream would decide on the 'system' fallback and make a row here.
    const vhuDev = vhostUserPortName(vhu.id);
    expect(await env.db.findQos({ id: qosIdFor(vhuDev) })).toHaveLength(0);
    expect((await env.db.getPort(vhuDev))!.qos).toBeUndefined();
    await rt.unplug(vif, instance());
    await rt.unplug(vhu, instance());
  });
});
