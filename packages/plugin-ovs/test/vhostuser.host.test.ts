// VIFVHostUser: vhu… port, client/server modes, netdev default, mtu_request; both drivers.
// (No DPDK here: ovs-vswitchd cannot open the vhost-user interface, the OVSDB rows are what we check.)
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { NativeOvsDriver, OvsBridgeDatapathMismatchError } from '../src/ovsdb';
import type { CommandRunner } from '@osvif/sdk';
import { ExecFileCommandRunner } from '@osvif/runtime';
import { disposeAllNetns } from '@osvif/testkit';
import { OvsPlugin } from '@osvif/plugin-ovs';
import { vhostUserPortName } from './helpers/names';
import { DRIVERS, OvsTestEnv, startEnv } from './helpers/env';
import { ovsMarks } from './helpers/ownership';
import { instance, INSTANCE_UUID, MAC, ovsProfile, representorProfile, vhostUserVif } from './helpers/vifs';

afterAll(disposeAllNetns);

/** The real command runner, remembering every command line (the vsctl driver's ovs-vsctl runs). */
function recordingRunner(): { runs: string[][]; commandRunner: CommandRunner } {
  const runs: string[][] = [];
  const real = new ExecFileCommandRunner();
  const commandRunner: CommandRunner = { run: (file, args, o) => (runs.push([file, ...args]), real.run(file, args, o)) };
  return { runs, commandRunner };
}

describe.each(DRIVERS)('vhost-user with the %s driver', (driver) => {
  let env: OvsTestEnv;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(async () => env?.dispose());

  it('server mode (QEMU server): dpdkvhostuserclient + vhost-server-path, bridge netdev by default, mtu_request', async () => {
    const rt = await env.runtime(driver);
    const vif = vhostUserVif({ bridge: 'br-vhu', mode: 'server', mtu: 9000, profile: ovsProfile({}) });
    const dev = vhostUserPortName(vif.id);
    await rt.plug(vif, instance());
    expect(await env.db.getBridge('br-vhu')).toMatchObject({ datapathType: 'netdev' });
    const iface = await env.db.getInterface(dev);
    expect(iface).toMatchObject({ type: 'dpdkvhostuserclient', options: { 'vhost-server-path': vif.path }, mtuRequest: 9000 });
    expect(iface!.externalIds).toEqual({
      'iface-id': 'e65867e0-9340-4a7f-a256-09af6eb7a3aa',
      'iface-status': 'active',
      'attached-mac': MAC,
      'vm-uuid': INSTANCE_UUID,
      // osvif's ownership mark: the row is this VIF's
      'osvif-vif-id': vif.id,
      'osvif-plugin': 'ovs',
      'osvif-vif-class': 'VIFVHostUser',
    });
    expect((await env.db.getPort(dev))!.externalIds).toEqual(ovsMarks(vif));
    await rt.plug(vif, instance());
    await rt.unplug(vif, instance());
    expect(await env.db.getPort(dev)).toBeUndefined();
    await rt.unplug(vif, instance());
  });

  it('a VIF naming no datapath_type uses an existing bridge as it is (netdev is only the default of a new bridge); one naming another is refused', async () => {
    const rt = await env.runtime(driver);
    await env.ovs.vsctl(['add-br', 'br-vhs', '--', 'set', 'Bridge', 'br-vhs', 'datapath_type=system']);
    const vif = vhostUserVif({ bridge: 'br-vhs', mode: 'server', profile: ovsProfile({}) });
    const dev = vhostUserPortName(vif.id);
    await rt.plug(vif, instance());
    expect(await env.db.getBridge('br-vhs')).toMatchObject({ datapathType: 'system' });
    expect(await env.db.getPort(dev)).toMatchObject({ bridge: 'br-vhs' });
    await rt.unplug(vif, instance());
    const netdev = vhostUserVif({ bridge: 'br-vhs', mode: 'server', profile: ovsProfile({ datapath_type: 'netdev' }) });
    const err = await rt.plug(netdev, instance()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as { cause?: unknown }).cause).toMatchObject({
      constructor: OvsBridgeDatapathMismatchError,
      code: 'OVS_BRIDGE_DATAPATH_MISMATCH',
      bridge: 'br-vhs',
      actual: 'system',
      wanted: 'netdev',
    });
    expect(await env.db.getBridge('br-vhs')).toMatchObject({ datapathType: 'system' });
    expect(await env.db.getPort(vhostUserPortName(netdev.id))).toBeUndefined();
    await env.ovs.vsctl(['del-br', 'br-vhs']);
  });

  it('client mode (QEMU client): dpdkvhostuser without a server path; config MTU; representor profile accepted', async () => {
    const rt = await env.runtime(driver, { network_device_mtu: 1600 });
    const vif = vhostUserVif({ mode: 'client', profile: representorProfile() });
    const dev = vhostUserPortName(vif.id);
    await rt.plug(vif, instance());
    const iface = await env.db.getInterface(dev);
    expect(iface).toMatchObject({ type: 'dpdkvhostuser', options: {}, mtuRequest: 1600 });
    await rt.unplug(vif, instance());
    expect(await env.db.getPort(dev)).toBeUndefined();
  });

  it('VIFVHostUser 1.0 from the wire plugs the same way', async () => {
    const rt = await env.runtime(driver);
    const vif = vhostUserVif({ mode: 'server' });
    await rt.plug(vif.toPrimitive('1.0', { VIFPortProfileOpenVSwitch: '1.4', Network: '1.1' }), instance());
    expect(await env.db.getInterface(vhostUserPortName(vif.id))).toMatchObject({ type: 'dpdkvhostuserclient' });
    await rt.unplug(vif, instance());
  });

  it('asks OVSDB whether Interface.mtu_request exists once, not on every plug (differences.md D17)', async () => {
    const { runs, commandRunner } = recordingRunner();
    const rt = await env.runtime(driver, {}, { commandRunner });
    const a = vhostUserVif({ mtu: 9000 });
    const b = vhostUserVif({ mtu: 9000 });
    await rt.plug(a, instance());
    await rt.plug(b, instance());
    expect(await env.db.getInterface(vhostUserPortName(b.id))).toMatchObject({ mtuRequest: 9000 });
    const probes = runs.filter((r) => r.includes('--columns=mtu_request'));
    expect(probes).toHaveLength(driver === 'vsctl' ? 1 : 0); // native: answered from the schema
    await rt.unplug(a, instance());
    await rt.unplug(b, instance());
  });

  it('mtu_request goes in the same OVSDB transaction as the port (os-vif 3.1.0, bug 1959586: no mempool sized for the default MTU)', async () => {
    const { runs, commandRunner } = recordingRunner();
    const rt = await env.runtime(driver, {}, { commandRunner });
    const vif = vhostUserVif({ mtu: 9000 });
    const dev = vhostUserPortName(vif.id);
    if (driver === 'vsctl') {
      await rt.plug(vif, instance());
      // One ovs-vsctl write: the add-port line carries mtu_request, no later `set Interface … mtu_request`.
      const writes = runs.filter((r) => r.includes('add-port') || r.some((a) => a.startsWith('mtu_request=')));
      expect(writes).toHaveLength(1);
      expect(writes[0]).toEqual(expect.arrayContaining(['add-port', dev, 'mtu_request=9000']));
    } else {
      const ovs = (rt.loadedPlugins()[0].instance as OvsPlugin).ovs() as NativeOvsDriver;
      const sent = jest.spyOn(ovs.client, 'transact');
      const before = ovs.batcher.stats.transactions;
      await rt.plug(vif, instance());
      expect(ovs.batcher.stats.transactions - before).toBe(1);
      const txn = sent.mock.calls.map(([ops]) => ops).find((ops) => ops.some((o) => o.op === 'insert' && o.table === 'Port'));
      expect(txn).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ op: 'insert', table: 'Interface', row: expect.objectContaining({ name: dev, mtu_request: 9000 }) }),
          expect.objectContaining({ op: 'insert', table: 'Port', row: expect.objectContaining({ name: dev }) }),
        ]),
      );
      sent.mockRestore();
    }
    expect(await env.db.getInterface(dev)).toMatchObject({ mtuRequest: 9000 });
    await rt.unplug(vif, instance());
  });
});
