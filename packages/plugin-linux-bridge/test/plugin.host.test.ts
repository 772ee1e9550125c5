// The plugin's declarations beside os-vif 3.0.0's LinuxBridgePlugin (read with
// /usr/bin/python3): HostPluginInfo, config options; plus the no-op paths,
// unplug, the DEFAULT group fallback and concurrent plugs.
import { execFileSync } from 'node:child_process';
import { describePlugin, getPluginDefinition } from '@osvif/sdk';
import { VIFBridge, VIFOpenVSwitch } from '@osvif/objects';
import { VifClassNotAcceptedError } from '@osvif/runtime';
import { disposeAllNetns, startTestRuntime, withNetns } from '@osvif/testkit';
import { LINUX_BRIDGE_OPTIONS, LinuxBridgePlugin } from '@osvif/plugin-linux-bridge';
import { bridgeVif, hostState, INSTANCE, iptablesRules, linkState, physicalInterface, runtimeIn } from './helpers';

afterAll(disposeAllNetns);

const PY = `
import json
import os_vif.objects
from vif_plug_linux_bridge import linux_bridge
os_vif.objects.register_all()
opts = [{'name': o.name, 'type': type(o).__name__, 'default': o.default, 'groups': [d.group for d in o.deprecated_opts]}
        for o in linux_bridge.LinuxBridgePlugin.CONFIG_OPTS]
# describe() needs no config
print(json.dumps({'describe': linux_bridge.LinuxBridgePlugin.describe(None).obj_to_primitive(), 'options': opts}))
`;

type Prim = { 'versioned_object.name': string; 'versioned_object.version': string; 'versioned_object.data': Record<string, unknown> };
const data = (p: unknown): Record<string, unknown> => (p as Prim)['versioned_object.data'];
const osvif = JSON.parse(execFileSync('/usr/bin/python3', ['-c', PY], { encoding: 'utf8' })) as {
  describe: Prim;
  options: Array<{ name: string; type: string; default: unknown; groups: string[] }>;
};

describe('linux_bridge declarations', () => {
  it('describes itself exactly as os-vif linux_bridge (VIFBridge 1.0..1.0, no port profiles), derived from the decorators', () => {
    const ours = describePlugin(getPluginDefinition(LinuxBridgePlugin)!).toPrimitive() as unknown as Prim;
    expect(ours['versioned_object.name']).toBe('HostPluginInfo');
    expect(data(ours).plugin_name).toBe(data(osvif.describe).plugin_name);
    const [ourVif, ...moreOurs] = data(ours).vif_info as Prim[];
    const [theirVif, ...moreTheirs] = data(osvif.describe).vif_info as Prim[];
    expect(moreOurs).toHaveLength(moreTheirs.length);
    expect(data(ourVif)).toEqual(data(theirVif));
    // Truthful: the range is every registered VIFBridge version.
    expect(data(ourVif).max_version).toBe(VIFBridge.versions[VIFBridge.versions.length - 1]);
  });

  it("has os-vif's options with the same names, types, defaults and deprecated group DEFAULT, plus iptables_binary_name", () => {
    const typeOf: Record<string, string> = { BoolOpt: 'bool', StrOpt: 'str', MultiStrOpt: 'multi-str', IntOpt: 'int' };
    const options = getPluginDefinition(LinuxBridgePlugin)!.options;
    for (const o of osvif.options) {
      const ours = options[o.name];
      expect(ours).toBeDefined();
      expect(ours!.type).toBe(typeOf[o.type]);
      expect(ours!.default ?? null).toEqual(o.default);
      expect([ours!.deprecatedGroup]).toEqual(o.groups);
    }
    expect(Object.keys(LINUX_BRIDGE_OPTIONS)).toEqual([...osvif.options.map((o) => o.name), 'iptables_binary_name']);
    expect(LINUX_BRIDGE_OPTIONS.iptables_binary_name.default).toBe('osvif');
  });

  it('reads options from [DEFAULT] when [os_vif_linux_bridge] does not set them (deprecated group)', async () => {
    await withNetns(async (ns) => {
      await physicalInterface(ns, 'eth8', { address: false });
      const { runtime: rt } = await startTestRuntime({
        plugins: [LinuxBridgePlugin],
        netns: ns,
        config:
          '[DEFAULT]\nflat_interface = eth8\nnetwork_device_mtu = 1450\nforward_bridge_interface = eth8\nforward_bridge_interface = eth7\n',
      });
      try {
        await rt.plug(bridgeVif({ filtering: false }), INSTANCE);
      } finally {
        await rt.close();
      }
      expect((await linkState(ns)).find((l) => l.name === 'eth8')).toMatchObject({ master: 'brq1', mtu: 1450 });
      expect(await iptablesRules(ns)).toEqual(
        expect.arrayContaining(['-A osvif-FORWARD -i brq1 -o eth7 -j ACCEPT', '-A osvif-FORWARD -i brq1 -o brq1 -j ACCEPT']),
      );
    });
  });

  it('uses the configured iptables_binary_name as chain prefix (e.g. nova-compute, to take over os-vif rules)', async () => {
    await withNetns(async (ns) => {
      const rt = await runtimeIn(ns, { iptables_binary_name: 'nova-compute' });
      try {
        await rt.plug(bridgeVif({ filtering: false }), INSTANCE);
      } finally {
        await rt.close();
      }
      const rules = await iptablesRules(ns);
      expect(rules).toContain('-A nova-compute-FORWARD -o brq1 -j DROP');
      expect(rules.some((r) => r.includes('osvif'))).toBe(false);
    });
  });
});

describe('linux_bridge plug/unplug that change nothing', () => {
  it('does nothing for multi_host or should_provide_bridge false, even with an unusable bridge name, and unplug removes nothing', async () => {
    await withNetns(async (ns) => {
      await physicalInterface(ns);
      const before = await hostState(ns);
      const commands: Array<{ file: string; args: readonly string[] }> = [];
      const rt = await runtimeIn(ns, {}, { commands });
      try {
        // Nothing is used, so nothing is validated (os-vif does not look at the names either).
        await rt.plug(bridgeVif({ bridge: 'br0; rm -rf /', bridgeInterface: 'eth9', multiHost: true }), INSTANCE);
        await rt.plug(bridgeVif({ bridge: 'br0; rm -rf /', bridgeInterface: 'eth9', provideBridge: false }), INSTANCE);
        expect(await hostState(ns)).toEqual(before);
        expect(commands).toEqual([]);
        await rt.plug(bridgeVif({ bridgeInterface: 'eth9', filtering: false }), INSTANCE);
        const plugged = await hostState(ns);
        expect(plugged).not.toEqual(before);
        await rt.unplug(bridgeVif({ bridgeInterface: 'eth9', filtering: false }), INSTANCE);
        expect(await hostState(ns)).toEqual(plugged);
        // Only VIFBridge is accepted.
        await expect(
          rt.plug(
            new VIFOpenVSwitch({ id: 'b679325f-ca89-4ee0-a8be-6db1409b69ea', plugin: 'linux_bridge', vif_name: 't', bridge_name: 'b' }),
            INSTANCE,
          ),
        ).rejects.toBeInstanceOf(VifClassNotAcceptedError);
      } finally {
        await rt.close();
      }
    });
  });

  it('plugs many VIFs on different bridges concurrently: every bridge and every rule is there (locks hold)', async () => {
    await withNetns(async (ns) => {
      const rt = await runtimeIn(ns);
      const bridges = ['brq1', 'brq2', 'brq3', 'brq4', 'brq5'];
      try {
        await Promise.all(
          bridges.map((b, i) =>
            rt.plug(bridgeVif({ bridge: b, filtering: false, id: `b679325f-ca89-4ee0-a8be-6db1409b69e${i}` }), INSTANCE),
          ),
        );
      } finally {
        await rt.close();
      }
      const links = await linkState(ns);
      const forward = (await iptablesRules(ns)).filter((r) => r.startsWith('-A osvif-FORWARD'));
      for (const b of bridges) {
        expect(links.find((l) => l.name === b)).toMatchObject({ kind: 'bridge', up: true });
        expect(forward).toEqual(
          expect.arrayContaining([
            `-A osvif-FORWARD -i ${b} -j ACCEPT`,
            `-A osvif-FORWARD -o ${b} -j ACCEPT`,
            `-A osvif-FORWARD -o ${b} -j DROP`,
          ]),
        );
      }
      expect(forward).toHaveLength(bridges.length * 3);
    });
  });
});
