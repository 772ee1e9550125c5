// HostPluginInfo derived from the decorators, beside os-vif 3.0.0's own
// describe() (run for real with /usr/bin/python3), and the [os_vif_ovs] options
// beside os-vif's CONFIG_OPTS.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { describePlugin, getPluginDefinition } from '@osvif/sdk';
import { HostPluginInfo } from '@osvif/objects';
import { Config, ConfigValueError, OsVifRuntime, StreamLogger } from '@osvif/runtime';

const quiet = new StreamLogger({ level: 'error', sink: { write: () => undefined } });
import { OVS_OPTIONS, OvsPlugin } from '@osvif/plugin-ovs';

const PY = `
import json
import os_vif.objects
from vif_plug_ovs import ovs
os_vif.objects.register_all()
info = ovs.OvsPlugin.load('ovs').describe()
opts = [[o.name, type(o.type).__name__, o.default, [d.group for d in o.deprecated_opts],
         list(o.type.choices) if getattr(o.type, 'choices', None) else None, bool(o.deprecated_for_removal)]
        for o in ovs.OvsPlugin.CONFIG_OPTS]
print(json.dumps({'info': info.obj_to_primitive(), 'opts': opts}))
`;

interface Prim {
  'versioned_object.name': string;
  'versioned_object.data': Record<string, unknown>;
}
const data = (p: unknown): Record<string, unknown> => (p as Prim)['versioned_object.data'];
const theirs = JSON.parse(execFileSync('/usr/bin/python3', ['-c', PY], { encoding: 'utf8' })) as {
  info: Prim;
  opts: [string, string, unknown, string[], string[] | null, boolean][];
};

describe('ovs plugin HostPluginInfo', () => {
  const ours = describePlugin(getPluginDefinition(OvsPlugin)!);

  it('has os-vif ovs plugin name, VIF classes in order and profile classes', () => {
    expect(ours).toBeInstanceOf(HostPluginInfo);
    expect(ours.plugin_name).toBe(data(theirs.info).plugin_name);
    const vifs = (data(theirs.info).vif_info as Prim[]).map((v) => ({
      name: data(v).vif_object_name,
      profiles: (data(v).supported_port_profiles as Prim[]).map((p) => data(p).profile_object_name),
    }));
    expect(
      ours.vif_info.map((v) => ({ name: v.vif_object_name, profiles: v.supported_port_profiles.map((p) => p.profile_object_name) })),
    ).toEqual(vifs);
    expect(vifs.map((v) => v.name)).toEqual(['VIFBridge', 'VIFOpenVSwitch', 'VIFVHostUser', 'VIFHostDevice']);
  });

  it('says truthfully which versions it consumes (os-vif says 1.0 everywhere)', () => {
    const versions = ours.vif_info.map((v) => [
      v.vif_object_name,
      v.min_version,
      v.max_version,
      v.supported_port_profiles.map((p) => `${p.profile_object_name} ${p.min_version}-${p.max_version}`),
    ]);
    expect(versions).toEqual([
      ['VIFBridge', '1.0', '1.0', ['VIFPortProfileOpenVSwitch 1.0-1.4']],
      ['VIFOpenVSwitch', '1.0', '1.0', ['VIFPortProfileOpenVSwitch 1.0-1.4']],
      ['VIFVHostUser', '1.0', '1.1', ['VIFPortProfileOpenVSwitch 1.0-1.4', 'VIFPortProfileOVSRepresentor 1.0-1.4']],
      ['VIFHostDevice', '1.0', '1.0', ['VIFPortProfileOpenVSwitch 1.0-1.4', 'VIFPortProfileOVSRepresentor 1.0-1.4']],
    ]);
    // negotiation works on our own host info (it raises NoSupportedVIFVersion on os-vif's: differences.md D7)
    expect(ours.getVif('VIFVHostUser').getCommonVersion()).toBe('1.1');
    expect(ours.getVif('VIFOpenVSwitch').supported_port_profiles[0].getCommonVersion()).toBe('1.4');
  });
});

describe('[os_vif_ovs] options', () => {
  const TYPE: Record<string, string> = { Integer: 'int', String: 'str', Boolean: 'bool' };

  it('has every os-vif option with its name, type, default, deprecated group and choices', () => {
    for (const [name, type, def, groups, choices, forRemoval] of theirs.opts) {
      const spec = (
        OVS_OPTIONS as Record<
          string,
          { type: string; default?: unknown; deprecatedGroup?: string; choices?: readonly string[]; deprecatedForRemoval?: boolean }
        >
      )[name];
      expect(spec).toBeDefined();
      expect([
        name,
        spec.type,
        spec.default,
        spec.deprecatedGroup ? [spec.deprecatedGroup] : [],
        spec.choices ? [...spec.choices] : null,
        !!spec.deprecatedForRemoval,
      ]).toEqual([name, TYPE[type], def, groups, choices, forRemoval]);
    }
  });

  it('adds upstream default_qos_type (3.2.0), nothing else (no test-only option: sysfs is the SYSFS_ROOT host service)', () => {
    expect(Object.keys(OVS_OPTIONS).filter((k) => !theirs.opts.some((o) => o[0] === k))).toEqual(['default_qos_type']);
    expect(Object.keys(OVS_OPTIONS)).not.toContain('sysfs_root');
    expect(OVS_OPTIONS.default_qos_type).toMatchObject({
      type: 'str',
      default: 'linux-noop',
      choices: ['linux-htb', 'linux-hfsc', 'linux-sfq', 'linux-codel', 'linux-fq_codel', 'linux-noop'],
    });
  });

  it('reads values (incl. the deprecated [DEFAULT] group) and refuses bad ones at initialize', async () => {
    const rt = new OsVifRuntime({
      pluginClasses: [OvsPlugin],
      logger: quiet,
      config: Config.fromText('[DEFAULT]\nnetwork_device_mtu = 9000\n[os_vif_ovs]\novs_vsctl_timeout = 0\nisolate_vif = yes\n'),
    });
    await rt.initialize();
    const plugin = rt.loadedPlugins()[0].instance as OvsPlugin;
    expect(plugin.config).toMatchObject({
      network_device_mtu: 9000,
      ovs_vsctl_timeout: 0,
      isolate_vif: true,
      per_port_bridge: false,
      ovsdb_interface: 'native',
      default_qos_type: 'linux-noop',
    });
    await rt.close();
    for (const bad of ['ovsdb_interface = ssh', 'default_qos_type = off', 'network_device_mtu = big', 'isolate_vif = maybe']) {
      const r = new OsVifRuntime({ pluginClasses: [OvsPlugin], logger: quiet, config: Config.fromText(`[os_vif_ovs]\n${bad}\n`) });
      await expect(r.initialize()).rejects.toBeInstanceOf(ConfigValueError);
    }
  });

  it('constructs without touching OVSDB (lazy driver), and dispose() with no driver is fine', async () => {
    const rt = new OsVifRuntime({
      pluginClasses: [OvsPlugin],
      logger: quiet,
      config: Config.fromText('[os_vif_ovs]\novsdb_connection = unix:/nonexistent/db.sock\n'),
    });
    await rt.initialize();
    expect(rt.hostInfo().plugin_info[0].plugin_name).toBe('ovs');
    await rt.close();
  });
});
