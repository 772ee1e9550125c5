// startTestRuntime for real: a plugin plugged through the runtime in a throw-away namespace with a private
// OVS, and everything removed afterwards: by dispose(), when set-up fails, and after the test file when a
// test never reached its dispose (the kit's own afterAll, checked by the afterAll below, which runs after it).
import { existsSync } from 'node:fs';
import { COMMAND_RUNNER, CommandRunner, Consumes, inject, LINK_API, LinkApi, Plug, Unplug, VifPlugin } from '@osvif/sdk';
import { InstanceInfo, VIFOpenVSwitch, VIFPortProfileOpenVSwitch } from '@osvif/objects';
import { ConfigSyntaxError } from '@osvif/runtime';
import { liveNetnsNames, NETNS_DIR, startTestRuntime, testInstanceInfo, testOvsVif } from '@osvif/testkit';

/** Creates a bridge named after the VIF and asks `ip` (through the command runner) what it sees. */
@VifPlugin({ name: 'kit_probe' })
@Consumes(VIFOpenVSwitch, '^1.0', { profiles: [[VIFPortProfileOpenVSwitch, '^1.0']] })
class ProbePlugin {
  constructor(
    @inject(LINK_API) private readonly links: LinkApi,
    @inject(COMMAND_RUNNER) private readonly commands: CommandRunner,
  ) {}

  @Plug(VIFOpenVSwitch)
  async plug(vif: VIFOpenVSwitch, _info: InstanceInfo): Promise<void> {
    await this.links.createBridge(vif.vif_name);
    const r = await this.commands.run('ip', ['-j', 'link', 'show', 'dev', vif.vif_name]);
    if (r.exitCode !== 0) throw new Error(`ip does not see ${vif.vif_name}: ${r.stderr}`);
  }

  @Unplug(VIFOpenVSwitch)
  async unplug(vif: VIFOpenVSwitch, _info: InstanceInfo): Promise<void> {
    await this.links.deleteIfExists(vif.vif_name);
  }
}

const gone = (netns: string): boolean => !existsSync(`${NETNS_DIR}/${netns}`);

// A test that fails (or times out) before its dispose: simulated by not disposing at all.
const leaked: { netns?: string; ovsDir?: string } = {};

// Root-level afterAll hooks run in declaration order: the kit's (declared when it was imported) runs first.
afterAll(() => {
  expect(leaked.netns !== undefined && gone(leaked.netns)).toBe(true);
  expect(leaked.ovsDir !== undefined && existsSync(leaked.ovsDir)).toBe(false);
});

describe('startTestRuntime', () => {
  it('plugs through the plugin inside its own namespace, with a private OVS in the config, and removes it all', async () => {
    const t = await startTestRuntime({ plugins: [ProbePlugin], ovs: true, config: { os_vif_ovs: { isolate_vif: true } } });
    const { name } = t.netns;
    const ovsDir = t.ovs.dir;
    try {
      const vif = testOvsVif({ plugin: 'kit_probe', n: 7 });
      await t.plug(vif, testInstanceInfo());
      // In the namespace (seen by iproute2 there), never on the host.
      expect(await t.netns.check('ip', ['-j', 'link', 'show', 'dev', vif.vif_name])).toContain(vif.vif_name);
      expect((await t.netns.links.get(vif.vif_name))?.kind).toBe('bridge');
      expect(existsSync(`/sys/class/net/${vif.vif_name}`)).toBe(false);
      expect(t.commands.calls).toEqual([{ file: 'ip', args: ['-j', 'link', 'show', 'dev', vif.vif_name] }]);
      expect(t.logs.some((l) => l.includes('"outcome":"ok"'))).toBe(true);
      // The private OVS is running and written into the config; the record of plugs in flight is the test's own.
      const journal = /journal_path = (\S+)/.exec(t.configText)?.[1];
      expect(t.configText).toBe(
        `[os_vif_ovs]\novsdb_connection = ${t.ovs.dbEndpoint}\nisolate_vif = true\n\n[osvif]\njournal_path = ${journal}\n`,
      );
      expect(journal).toMatch(/osvif-test-journal-/);
      expect(await t.ovs.vsctl(['show'])).toBeDefined();
      await t.unplug(vif, testInstanceInfo());
      expect(await t.netns.links.exists(vif.vif_name)).toBe(false);
    } finally {
      await t.dispose();
    }
    expect(gone(name)).toBe(true);
    expect(existsSync(ovsDir)).toBe(false);
    expect(existsSync(/journal_path = (\S+)/.exec(t.configText)![1])).toBe(false);
    expect(liveNetnsNames()).not.toContain(name);
    await t.dispose(); // idempotent
  });

  it('removes what it started when the set-up itself fails', async () => {
    const before = liveNetnsNames();
    await expect(startTestRuntime({ plugins: [ProbePlugin], config: '[os_vif_kit_probe\n' })).rejects.toBeInstanceOf(ConfigSyntaxError);
    expect(liveNetnsNames()).toEqual(before);
  });

  it('leaves a namespace it was given to its owner', async () => {
    const owner = await startTestRuntime({ plugins: [ProbePlugin] });
    try {
      const borrower = await startTestRuntime({ plugins: [ProbePlugin], netns: owner.netns });
      await borrower.plug(testOvsVif({ plugin: 'kit_probe', n: 8 }), testInstanceInfo());
      await borrower.dispose();
      expect(gone(owner.netns.name)).toBe(false);
      expect(await owner.netns.links.exists(testOvsVif({ n: 8 }).vif_name)).toBe(true);
    } finally {
      await owner.dispose();
    }
  });

  it('without a namespace, gives the plugin recording fakes and touches nothing', async () => {
    const t = await startTestRuntime({ plugins: [ProbePlugin], netns: false });
    t.commands.on('ip', { stdout: '[]' });
    const vif = testOvsVif({ plugin: 'kit_probe', n: 9 });
    await t.plug(vif, testInstanceInfo());
    expect(t.commands.commandLines).toEqual([`ip -j link show dev ${vif.vif_name}`]);
    expect(() => t.netns).toThrow(TypeError);
    await t.dispose();
  });

  it('is cleaned up after the test file when a test never disposed it', async () => {
    const t = await startTestRuntime({ plugins: [ProbePlugin], ovs: true });
    leaked.netns = t.netns.name;
    leaked.ovsDir = t.ovs.dir;
    await t.plug(testOvsVif({ plugin: 'kit_probe', n: 10 }), testInstanceInfo());
    expect(gone(leaked.netns)).toBe(false);
  });
});
