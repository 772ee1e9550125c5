// The recording fakes, config renderer and fixture builders of the test kit (no root needed).
import { HostCommandFailedError, InvalidLinkNameError, LinkExistsError, LinkPermissionError, NoSuchLinkError } from '@osvif/sdk';
import { Config } from '@osvif/runtime';
import { VIFBridge, VIFOpenVSwitch, VIFVHostUser } from '@osvif/objects';
import {
  ConfigRenderError,
  mergeConfig,
  RecordingCommandRunner,
  RecordingLinkApi,
  RecordingSysctl,
  renderConfig,
  TEST_INSTANCE_UUID,
  TEST_MAC,
  testHybridVif,
  testInstanceInfo,
  testLinuxBridgeVif,
  testMac,
  testOvsVif,
  testVhostUserVif,
  testVifId,
  UnexpectedCommandError,
} from '@osvif/testkit';

describe('RecordingLinkApi', () => {
  it('keeps a link table like the kernel and records every call', async () => {
    const links = new RecordingLinkApi([{ name: 'eth0', up: true }]);
    await links.createBridge('br0', { stp: false });
    await links.createVeth('v0', 'v0p');
    await links.set('v0', { master: 'br0', up: true, mtu: 9000 });
    await links.createVlan('eth0.5', 'eth0', 5);
    expect(links.names).toEqual(['br0', 'eth0', 'eth0.5', 'v0', 'v0p']);
    expect(await links.get('v0')).toMatchObject({ name: 'v0', kind: 'veth', master: 'br0', up: true, mtu: 9000 });
    await links.set('v0', { master: null });
    expect((await links.get('v0'))?.master).toBeUndefined();
    // One end of a veth takes the other; a parent takes its VLANs.
    await links.delete('v0p');
    await links.delete('eth0');
    expect(links.names).toEqual(['br0']);
    expect(await links.deleteIfExists('nope')).toBe(false);
    expect(links.methods).toEqual([
      'createBridge',
      'createVeth',
      'set',
      'createVlan',
      'get',
      'set',
      'get',
      'delete',
      'delete',
      'deleteIfExists',
    ]);
    expect(links.calls[0]).toEqual({ method: 'createBridge', args: ['br0', { stp: false }] });
  });

  it("answers with the kernel's errors and scripted failures", async () => {
    const links = new RecordingLinkApi([{ name: 'br0', kind: 'bridge' }]);
    await expect(links.createBridge('br0')).rejects.toBeInstanceOf(LinkExistsError);
    await expect(links.delete('gone')).rejects.toBeInstanceOf(NoSuchLinkError);
    await expect(links.set('br0', { master: 'gone' })).rejects.toBeInstanceOf(NoSuchLinkError);
    await expect(links.createTap('x'.repeat(16))).rejects.toBeInstanceOf(InvalidLinkNameError);
    const denied = new LinkPermissionError('create', 'tap1', 'EPERM', 'Operation not permitted');
    links.failOn('createTap', denied, { ifname: 'tap1', times: 1 });
    await expect(links.createTap('tap1')).rejects.toBe(denied);
    await links.createTap('tap1', { multiqueue: true });
    expect(links.link('tap1')).toMatchObject({ kind: 'tun', multiqueue: true });
    expect(links.calls.filter((c) => c.method === 'createTap')).toHaveLength(3);
    links.clear();
    expect(links.calls).toEqual([]);
  });
});

describe('RecordingSysctl', () => {
  it('writes only keys that exist (unless told otherwise) and records every write', async () => {
    const sysctl = new RecordingSysctl({ 'net.ipv6.conf.br0.disable_ipv6': 0 });
    expect(await sysctl.write(['net', 'ipv6', 'conf', 'br0', 'disable_ipv6'], 1)).toBe(true);
    expect(await sysctl.write(['net', 'ipv6', 'conf', 'gone', 'disable_ipv6'], 1)).toBe(false);
    expect(await sysctl.read(['net', 'ipv6', 'conf', 'br0', 'disable_ipv6'])).toBe('1');
    expect(await sysctl.read(['net', 'ipv6', 'conf', 'gone', 'disable_ipv6'])).toBeUndefined();
    expect(sysctl.writes).toEqual([
      { key: 'net.ipv6.conf.br0.disable_ipv6', value: '1', written: true },
      { key: 'net.ipv6.conf.gone.disable_ipv6', value: '1', written: false },
    ]);
    const open = new RecordingSysctl({}, { createOnWrite: true });
    expect(await open.write(['a', 'b'], 'x')).toBe(true);
    expect(open.value('a.b')).toBe('x');
  });
});

describe('RecordingCommandRunner', () => {
  it('answers from its script in order, records every call, and rejects what is not scripted', async () => {
    const runner = new RecordingCommandRunner()
      .on('iptables-save', { stdout: '*filter\nCOMMIT\n' })
      .on(/^ip link show /, { exitCode: 1, stderr: 'does not exist' }, { times: 1 })
      .on(
        (c) => c.file === 'ip',
        (c) => ({ stdout: c.args.join(',') }),
      );
    expect(await runner.run('iptables-save', ['-t', 'filter'])).toEqual({ stdout: '*filter\nCOMMIT\n', stderr: '', exitCode: 0 });
    expect(await runner.run('ip', ['link', 'show', 'x'])).toEqual({ stdout: '', stderr: 'does not exist', exitCode: 1 });
    expect((await runner.run('ip', ['link', 'show', 'x'])).stdout).toBe('link,show,x');
    const err = await runner.run('iptables-restore', [], { input: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnexpectedCommandError);
    expect((err as UnexpectedCommandError).call).toEqual({ file: 'iptables-restore', args: [], options: { input: 'x' } });
    expect(runner.commandLines).toEqual(['iptables-save -t filter', 'ip link show x', 'ip link show x', 'iptables-restore']);
    expect(runner.files).toEqual(['iptables-save', 'ip', 'ip', 'iptables-restore']);
  });

  it('scripts failures, passes the rest to an inner runner, and can share its record', async () => {
    const inner = new RecordingCommandRunner().on('true', {});
    const calls: Array<{ file: string; args: readonly string[] }> = [];
    const failure = new HostCommandFailedError('iptables-restore', [], 4, 'locked');
    const runner = new RecordingCommandRunner({ inner, calls }).fail('iptables-restore', failure);
    await expect(runner.run('iptables-restore', ['-n'])).rejects.toBe(failure);
    await expect(runner.run('true', [])).resolves.toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(calls).toEqual([
      { file: 'iptables-restore', args: ['-n'] },
      { file: 'true', args: [] },
    ]);
    expect(inner.commandLines).toEqual(['true']);
  });
});

describe('renderConfig', () => {
  it('renders groups as nova.conf text the runtime reads back', () => {
    const text = renderConfig({
      os_vif_ovs: { ovsdb_interface: 'vsctl', isolate_vif: true, network_device_mtu: 9000, unset: undefined },
      os_vif_linux_bridge: { forward_bridge_interface: ['eth0', 'eth1'] },
    });
    expect(text).toBe(
      '[os_vif_ovs]\novsdb_interface = vsctl\nisolate_vif = true\nnetwork_device_mtu = 9000\n\n' +
        '[os_vif_linux_bridge]\nforward_bridge_interface = eth0\nforward_bridge_interface = eth1\n',
    );
    expect(Config.fromText(text).sections()).toEqual(['os_vif_ovs', 'os_vif_linux_bridge']);
  });

  it('refuses what INI cannot carry, and merges groups', () => {
    expect(() => renderConfig({ g: { k: 'a\nb = c' } })).toThrow(ConfigRenderError);
    expect(() => renderConfig({ 'bad group': {} })).toThrow(ConfigRenderError);
    expect(() => renderConfig({ g: { 'bad key': 1 } })).toThrow(ConfigRenderError);
    expect(mergeConfig({ a: { x: 1, y: 2 } }, undefined, { a: { y: 3 }, b: { z: 'q' } })).toEqual({ a: { x: 1, y: 3 }, b: { z: 'q' } });
  });
});

describe('fixture builders', () => {
  it('build the VIFs Nova would pass, deterministic with n and random without', () => {
    const a = testOvsVif({ n: 1, createPort: true });
    expect(a).toBeInstanceOf(VIFOpenVSwitch);
    expect(a.id).toBe(testVifId(1));
    expect(a.address).toBe(testMac(1));
    expect(a.vif_name).toBe(`tap${testVifId(1)}`.slice(0, 14));
    expect(a.port_profile).toMatchObject({ datapath_type: 'netdev', create_port: true });
    expect(testOvsVif().id).not.toBe(testOvsVif().id);
    expect(testOvsVif().address).toBe(TEST_MAC);
    const h = testHybridVif({ n: 2, mtu: 1400, hasTrafficFiltering: true });
    expect(h).toBeInstanceOf(VIFBridge);
    expect(h.bridge_name).toBe(`qbr${testVifId(2)}`.slice(0, 14));
    expect(h.network?.mtu).toBe(1400);
    const v = testVhostUserVif({ n: 3, mode: 'client', profile: null, plugin: 'noop' });
    expect(v).toBeInstanceOf(VIFVHostUser);
    expect(v.isSet('port_profile')).toBe(false);
    expect(v.path).toBe(`/var/run/openvswitch/${v.vif_name}`);
    const lb = testLinuxBridgeVif({ n: 4, bridge: 'brq1', vlan: 5, bridgeInterface: 'eth0' });
    expect(lb.plugin).toBe('linux_bridge');
    expect(lb.has_traffic_filtering).toBe(false);
    expect(lb.network).toMatchObject({ bridge: 'brq1', vlan: 5, should_provide_vlan: true, bridge_interface: 'eth0' });
    expect(testLinuxBridgeVif({ bridge: 'b', hasTrafficFiltering: null }).isSet('has_traffic_filtering')).toBe(false);
    expect(testInstanceInfo({ name: 'x' })).toMatchObject({ uuid: TEST_INSTANCE_UUID, name: 'x' });
  });
});
