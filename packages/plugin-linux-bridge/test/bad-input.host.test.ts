// Bad input gets a typed error before anything changes; a failure the kernel
// reports half-way is rolled back. Everything inside fresh namespaces.
import { HostCommandFailedError, LinkError, LinkKindMismatchError } from '@osvif/sdk';
import { PlugFailedError, PluginNotLoadedError } from '@osvif/runtime';
import { createNetns, disposeAllNetns, NetnsCommandRunner, TestNetns, withNetns } from '@osvif/testkit';
import {
  InvalidBridgeInputError,
  LinuxBridgeConfigError,
  MtuOutOfRangeError,
  PhysicalInterfaceNotFoundError,
} from '@osvif/plugin-linux-bridge';
import { bridgeVif, hostState, INSTANCE, physicalInterface, runtimeIn, VifSpec } from './helpers';

afterAll(disposeAllNetns);

/** A host with an interface to bridge and a foreign rule: what must survive a refused plug. */
async function populated(ns: TestNetns): Promise<void> {
  await physicalInterface(ns, 'eth9', { secondary: true });
  await ns.check('iptables', ['-A', 'FORWARD', '-i', 'foreign0', '-j', 'ACCEPT']);
}

async function plugError(
  ns: TestNetns,
  spec: VifSpec,
  options: Record<string, string | number | boolean | string[]> = {},
): Promise<unknown> {
  const rt = await runtimeIn(ns, options);
  try {
    await rt.plug(bridgeVif(spec), INSTANCE);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(PlugFailedError);
    return (e as PlugFailedError).cause;
  } finally {
    await rt.close();
  }
}

describe('linux_bridge plug refuses bad input before any change', () => {
  // Nothing may change, so one namespace serves every case (and proves it stays as it was).
  let ns: TestNetns;
  let before: Record<string, unknown>;
  beforeAll(async () => {
    ns = await createNetns();
    await populated(ns);
    before = await hostState(ns);
  });
  afterAll(() => ns?.dispose());

  it.each([
    ['a shell command as bridge name', { bridge: 'br0; rm -rf /' }, 'vif.bridge_name'],
    ['an iptables option as bridge name', { bridge: '-j ACCEPT' }, 'vif.bridge_name'],
    ['a bridge name with a space', { bridge: 'br 0' }, 'vif.bridge_name'],
    ['a bridge name with a newline', { bridge: 'br\n0' }, 'vif.bridge_name'],
    ['an iptables wildcard bridge name', { bridge: 'brq+' }, 'vif.bridge_name'],
    ['a bridge name starting with "-"', { bridge: '-brq1' }, 'vif.bridge_name'],
    ['a 16-character bridge name', { bridge: 'brq0123456789abc' }, 'vif.bridge_name'],
    ['a hostile bridge_interface', { bridgeInterface: 'eth9 -j ACCEPT' }, 'network.bridge_interface'],
    ['VLAN 0', { provideVlan: true, vlan: 0, bridgeInterface: 'eth9' }, 'network.vlan'],
    ['VLAN 4095', { provideVlan: true, vlan: 4095, bridgeInterface: 'eth9' }, 'network.vlan'],
    ['no VLAN id', { provideVlan: true, bridgeInterface: 'eth9' }, 'network.vlan'],
    ['a VLAN network without interface', { provideVlan: true, vlan: 100 }, 'network.bridge_interface'],
    ['MTU 67', { mtu: 67, bridgeInterface: 'eth9' }, 'network.mtu'],
    ['MTU 65536', { mtu: 65536, bridgeInterface: 'eth9' }, 'network.mtu'],
    ['a negative MTU', { mtu: -1500, bridgeInterface: 'eth9' }, 'network.mtu'],
  ] as Array<[string, VifSpec, string]>)('%s', async (_what, spec, field) => {
    const cause = await plugError(ns, { filtering: false, ...spec });
    expect(cause).toBeInstanceOf(InvalidBridgeInputError);
    expect(cause).toMatchObject({ field });
    expect(await hostState(ns)).toEqual(before);
  });
});

describe('linux_bridge plug refuses missing or unusable devices before any change', () => {
  it('refuses an interface that does not exist, a device of the wrong kind and an MTU the device cannot take', async () => {
    await withNetns(async (ns) => {
      await populated(ns);
      await ns.check('ip', ['link', 'add', 'brq1', 'type', 'veth', 'peer', 'name', 'brq1p']);
      const before = await hostState(ns);
      expect(await plugError(ns, { bridge: 'brq2', bridgeInterface: 'eth7' })).toBeInstanceOf(PhysicalInterfaceNotFoundError);
      expect(await plugError(ns, { bridge: 'brq2' }, { flat_interface: 'eth7' })).toMatchObject({
        ifname: 'eth7',
        source: 'flat_interface',
      });
      expect(await plugError(ns, { bridge: 'brq1', bridgeInterface: 'eth9' })).toBeInstanceOf(LinkKindMismatchError);
      // A VLAN device cannot be larger than its parent (the kernel answers ERANGE): checked before any change.
      const mtu = await plugError(ns, { bridge: 'brq2', provideVlan: true, vlan: 100, bridgeInterface: 'eth9', mtu: 9000 });
      expect(mtu).toBeInstanceOf(MtuOutOfRangeError);
      expect(mtu).toMatchObject({ ifname: 'vlan100', mtu: 9000, max: 1500 });
      expect(await hostState(ns)).toEqual(before);
    });
  });

  it('refuses bad config values when the plugin is built (typed, the plugin is not loaded)', async () => {
    await withNetns(async (ns) => {
      for (const [option, value] of [
        ['iptables_binary_name', 'nova compute'],
        ['iptables_binary_name', 'a-name-longer-than-16'],
        ['iptables_drop_action', 'DROP -j ACCEPT'],
        ['forward_bridge_interface', 'eth0;reboot'],
        ['flat_interface', 'eth0 -j ACCEPT'],
        ['vlan_interface', '-x'],
        ['network_device_mtu', 20],
        ['iptables_top_regex', '(unclosed'],
      ] as Array<[string, string | number]>) {
        const rt = await runtimeIn(ns, { [option]: value });
        try {
          const [failure] = rt.failures();
          expect(failure?.cause).toBeInstanceOf(LinuxBridgeConfigError);
          expect(failure?.cause).toMatchObject({ option, value });
          await expect(rt.plug(bridgeVif(), INSTANCE)).rejects.toBeInstanceOf(PluginNotLoadedError);
        } finally {
          await rt.close();
        }
      }
    });
  });
});

describe('linux_bridge plug rolls back when the kernel or iptables fails half-way', () => {
  it('undoes the bridge and the enslaving when the kernel refuses the MTU', async () => {
    await withNetns(async (ns) => {
      await populated(ns);
      // A macvlan reports max_mtu 65535 but cannot exceed its parent's MTU: EINVAL only when set.
      await ns.check('ip', ['link', 'add', 'mv0', 'link', 'eth9p', 'type', 'macvlan']);
      const before = await hostState(ns);
      const cause = await plugError(ns, { bridgeInterface: 'mv0', mtu: 9000, filtering: false });
      expect(cause).toBeInstanceOf(LinkError);
      expect(cause).toMatchObject({ operation: 'set', ifname: 'mv0' });
      expect(await hostState(ns)).toEqual(before);
    });
  });

  it('moves addresses and routes back and removes the bridge when iptables-restore fails', async () => {
    await withNetns(async (ns) => {
      await populated(ns);
      const before = await hostState(ns);
      const real = new NetnsCommandRunner(ns.name);
      const failingRestore = {
        run: (file: string, args: readonly string[], o?: { input?: string }) =>
          file === 'iptables-restore'
            ? Promise.resolve({ stdout: '', stderr: 'iptables-restore: line 2 failed', exitCode: 2 })
            : real.run(file, args, o),
      };
      const rt = await runtimeIn(ns, {}, { services: { commandRunner: failingRestore } });
      try {
        const err = await rt.plug(bridgeVif({ bridgeInterface: 'eth9', mtu: 1400 }), INSTANCE).catch((e: unknown) => e);
        expect((err as PlugFailedError).cause).toBeInstanceOf(HostCommandFailedError);
      } finally {
        await rt.close();
      }
      expect(await hostState(ns)).toEqual(before);
    });
  });
});
