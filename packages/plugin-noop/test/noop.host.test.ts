// The noop plugin beside os-vif 3.0.0's vif_plug_noop (run for real with /usr/bin/python3), and plugged in a
// throw-away network namespace, as the test kit's README shows a plugin author.
import { execFileSync } from 'node:child_process';
import { describePlugin, getPluginDefinition } from '@osvif/sdk';
import { VIFVHostUser } from '@osvif/objects';
import { startTestRuntime, testInstanceInfo, testVhostUserVif } from '@osvif/testkit';
import { NoOpPlugin } from '../src';

const PY = `
import json
import os_vif.objects
from vif_plug_noop import noop
os_vif.objects.register_all()
print(json.dumps(noop.NoOpPlugin(None).describe().obj_to_primitive()))
`;

type Prim = { 'versioned_object.name': string; 'versioned_object.version': string; 'versioned_object.data': Record<string, unknown> };
const data = (p: unknown) => (p as Prim)['versioned_object.data'];

describe('noop plugin', () => {
  it('describes itself as os-vif noop does, except for the truthful max_version (1.1, the registry version)', () => {
    const theirs = JSON.parse(execFileSync('/usr/bin/python3', ['-c', PY], { encoding: 'utf8' })) as Prim;
    const ours = describePlugin(getPluginDefinition(NoOpPlugin)!).toPrimitive() as unknown as Prim;
    expect(ours['versioned_object.name']).toBe(theirs['versioned_object.name']);
    expect(ours['versioned_object.version']).toBe(theirs['versioned_object.version']);
    expect(data(ours).plugin_name).toBe(data(theirs).plugin_name);
    const [ourVif] = data(ours).vif_info as Prim[];
    const [theirVif] = data(theirs).vif_info as Prim[];
    expect(ourVif['versioned_object.version']).toBe(theirVif['versioned_object.version']);
    expect(data(ourVif)).toEqual({ ...data(theirVif), max_version: VIFVHostUser.versions[VIFVHostUser.versions.length - 1] });
    expect(data(ourVif).max_version).toBe('1.1');
  });

  it('plugs and unplugs in a throw-away namespace without creating, changing or running anything there', async () => {
    const t = await startTestRuntime({ plugins: [NoOpPlugin] });
    try {
      const before = await t.netns.links.list();
      const vif = testVhostUserVif({ plugin: 'noop', mode: 'client', profile: null });
      await t.plug(vif, testInstanceInfo());
      expect(await t.netns.links.list()).toEqual(before);
      await t.unplug(vif, testInstanceInfo());
      expect(await t.netns.links.list()).toEqual(before);
      expect(t.commands.calls).toEqual([]);
    } finally {
      await t.dispose();
    }
  });
});
