// The noop plugin beside os-vif 3.0.0's vif_plug_noop (run for real with /usr/bin/python3).
import { execFileSync } from 'node:child_process';
import { describePlugin, getPluginDefinition } from '@osvif/sdk';
import { InstanceInfo, VIFBridge, VIFVHostUser, VIFPortProfileOpenVSwitch } from '@osvif/objects';
import { OsVifRuntime, StreamLogger, VifClassNotAcceptedError, PortProfileNotAcceptedError } from '@osvif/runtime';
import { NoOpPlugin } from '@osvif/plugin-noop';

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

  it('plugs and unplugs VIFVHostUser of both versions without doing anything, and refuses other VIFs', async () => {
    const lines: string[] = [];
    const rt = new OsVifRuntime({
      pluginClasses: [NoOpPlugin],
      logger: new StreamLogger({ level: 'debug', sink: { write: (l) => lines.push(l) } }),
    });
    await rt.initialize();
    const info = new InstanceInfo({ uuid: '3c4d5e6f-0000-4000-8000-000000000001' });
    const vif = new VIFVHostUser({
      id: '3c4d5e6f-0000-4000-8000-000000000002',
      plugin: 'noop',
      path: '/run/s',
      mode: 'client',
      vif_name: 'vhu1',
    });
    await rt.plug(vif, info);
    await rt.plug(vif.toPrimitive('1.0'), info);
    await rt.unplug(vif, info);
    expect(lines.filter((l) => l.includes('"outcome":"ok"'))).toHaveLength(3);
    await expect(rt.plug(new VIFBridge({ id: vif.id, plugin: 'noop', vif_name: 't', bridge_name: 'b' }), info)).rejects.toBeInstanceOf(
      VifClassNotAcceptedError,
    );
    const withProfile = new VIFVHostUser({
      id: vif.id,
      plugin: 'noop',
      path: '/run/s',
      mode: 'client',
      port_profile: new VIFPortProfileOpenVSwitch({ interface_id: vif.id }),
    });
    await expect(rt.plug(withProfile, info)).rejects.toBeInstanceOf(PortProfileNotAcceptedError);
    await rt.close();
  });
});
