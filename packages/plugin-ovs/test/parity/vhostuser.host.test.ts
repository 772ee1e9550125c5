// Parity: vhost-user VIFs (QEMU client => dpdkvhostuser, QEMU server =>
// dpdkvhostuserclient + vhost-server-path), bridge created in the port
// transaction with its datapath_type, Interface.mtu_request from the network or
// from config. Upstream moved mtu_request INTO the port transaction (3.1.0);
// 3.0.0 writes it right after: the final rows are the same, so no difference.
import { disposeAllNetns } from '@osvif/testkit';
import { derivedNames, vhostUserVif } from '@osvif/conformance';
import { createOvsPair, DRIVERS, OvsPair } from './pair';

afterAll(disposeAllNetns);

describe.each(DRIVERS)('vhost-user parity (%s driver)', (driver) => {
  let pair: OvsPair;
  beforeAll(async () => {
    pair = await createOvsPair(driver, { network_device_mtu: 1600 });
  });
  afterEach(async () => {
    await pair?.cleanup();
  });
  afterAll(async () => {
    await pair?.dispose();
  });

  it('QEMU server mode: dpdkvhostuserclient with vhost-server-path and the network MTU', async () => {
    const vif = vhostUserVif({ n: 20, mode: 'server', mtu: 9000, bridge: 'br-vhu', socketDir: '/run/vhu' });
    const name = derivedNames(vif.id).vhu;
    const s = await pair.step('plug', [vif]);
    expect(s.referenceState.ovs?.bridges['br-vhu']?.datapath_type).toBe('netdev');
    expect(s.referenceState.ovs?.interfaces[name]).toMatchObject({
      type: 'dpdkvhostuserclient',
      options: { 'vhost-server-path': `/run/vhu/${name}` },
      mtu_request: 9000,
    });
    expect(s.report).toBe('(no differences)');
    const u = await pair.step('unplug', [vif]);
    expect(u.referenceState.ovs?.ports[name]).toBeUndefined();
    expect(u.report).toBe('(no differences)');
  });

  it('QEMU client mode: dpdkvhostuser, MTU from network_device_mtu', async () => {
    const vif = vhostUserVif({ n: 21, mode: 'client' });
    const name = derivedNames(vif.id).vhu;
    const s = await pair.step('plug', [vif]);
    expect(s.referenceState.ovs?.interfaces[name]).toMatchObject({ type: 'dpdkvhostuser', options: {}, mtu_request: 1600 });
    expect(s.report).toBe('(no differences)');
    expect((await pair.step('unplug', [vif])).report).toBe('(no differences)');
  });

  it('re-plug with a new network MTU updates mtu_request alike', async () => {
    const vif = vhostUserVif({ n: 22, mode: 'server', mtu: 1500 });
    await pair.step('plug', [vif]);
    const again = await pair.step('plug', [vhostUserVif({ n: 22, mode: 'server', mtu: 2000 })]);
    expect(again.referenceState.ovs?.interfaces[derivedNames(vif.id).vhu]?.mtu_request).toBe(2000);
    expect(again.report).toBe('(no differences)');
    expect((await pair.step('unplug', [vif])).report).toBe('(no differences)');
  });
});
