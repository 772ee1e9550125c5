// selectVif: the network host's choice of plugin and versions.
import { describePlugin, getPluginDefinition } from '@osvif/sdk';
import {
  DatapathOffloadRepresentor,
  HostInfo,
  HostPluginInfo,
  HostPortProfileInfo,
  HostVIFInfo,
  NoPluginForVifError,
  RegistryView,
  selectVif,
  VIFBridge,
  VIFPortProfileOpenVSwitch,
  VIFPortProfile8021Qbh,
  VIFVHostUser,
} from '@osvif/objects';
import {
  env,
  fullHostInfo,
  hostInfoOf,
  LinuxBridgeLikePlugin,
  NoopLikePlugin,
  OvsLikePlugin,
  ovsVif,
  PORT_ID,
  vhostUserVif,
} from './fixtures';

function data(p: unknown): Record<string, unknown> {
  return env(p)['versioned_object.data'] as Record<string, unknown>;
}

describe('selectVif', () => {
  it('writes the VIF and its profile at the highest version inside the plugin range', () => {
    const s = selectVif(fullHostInfo(), ovsVif());
    expect(s.plugin).toBe('ovs');
    expect([s.vifObjectName, s.vifVersion, s.portProfileObjectName, s.portProfileVersion]).toEqual([
      'VIFOpenVSwitch',
      '1.0',
      'VIFPortProfileOpenVSwitch',
      '1.3',
    ]);
    expect(env(s.primitive)['versioned_object.version']).toBe('1.0');
    const profile = data(s.primitive).port_profile;
    expect(env(profile)['versioned_object.version']).toBe('1.3');
    // 1.3 has create_port; 1.4 fields would be dropped (none set here); datapath_type kept.
    expect(data(profile)).toMatchObject({ interface_id: PORT_ID, profile_id: 'prof', datapath_type: 'netdev', create_port: true });
    expect(data(s.primitive).plugin).toBe('ovs');
    // Nested objects at current versions (the network host knows them).
    expect(env(data(s.primitive).network)['versioned_object.version']).toBe('1.1');
  });

  it("never changes the driver's object", () => {
    const vif = ovsVif();
    selectVif(fullHostInfo(), vif);
    expect(vif.isSet('plugin')).toBe(false);
  });

  it('caps every version at what the network host knows', () => {
    const view = RegistryView.olderThanCurrent({ VIFPortProfileOpenVSwitch: '1.1', Network: '1.0', VIFVHostUser: '1.0' });
    const s = selectVif(fullHostInfo(), ovsVif(), { view });
    expect(s.portProfileVersion).toBe('1.1');
    const profile = data(s.primitive).port_profile;
    expect(data(profile)).toEqual({ interface_id: PORT_ID, profile_id: 'prof', datapath_type: 'netdev' });
    const net = data(s.primitive).network;
    expect(env(net)['versioned_object.version']).toBe('1.0');
    expect('mtu' in data(net)).toBe(false);
    // noop takes VIFVHostUser up to 1.1, but the network host knows 1.0 only.
    const v = selectVif(hostInfoOf(NoopLikePlugin), vhostUserVif(), { view });
    expect(v.vifVersion).toBe('1.0');
    expect('vif_name' in data(v.primitive)).toBe(false);
  });

  it("takes plugins in HostInfo order, candidates in the driver's order, and honours a pinned plugin", () => {
    const host = fullHostInfo(); // linux_bridge, noop, ovs
    const bridge = new VIFBridge({ id: PORT_ID, vif_name: 'tap0', bridge_name: 'brq1' });
    expect(selectVif(host, bridge).plugin).toBe('linux_bridge');
    const pinned = new VIFBridge({ id: PORT_ID, vif_name: 'tap0', bridge_name: 'brq1', plugin: 'ovs' });
    expect(selectVif(host, pinned).plugin).toBe('ovs');
    // vhost-user (1.1) first: noop takes 1.0-1.1 and comes before ovs.
    const s = selectVif(host, [vhostUserVif(), ovsVif()]);
    expect([s.plugin, s.vifObjectName, s.vifVersion]).toEqual(['noop', 'VIFVHostUser', '1.1']);
    // With a profile noop cannot take it (no profiles declared); ovs takes VIFVHostUser 1.0 only.
    const p = selectVif(host, vhostUserVif(true));
    expect([p.plugin, p.vifVersion, p.portProfileVersion]).toEqual(['ovs', '1.0', '1.4']);
    expect('vif_name' in data(p.primitive)).toBe(false);
  });

  it('NoPluginForVifError lists the candidates, the reasons and what the host consumes', () => {
    const host = hostInfoOf(NoopLikePlugin, LinuxBridgeLikePlugin);
    let err: NoPluginForVifError | undefined;
    try {
      selectVif(host, [ovsVif(), vhostUserVif(true)]);
    } catch (e) {
      err = e as NoPluginForVifError;
    }
    expect(err).toBeInstanceOf(NoPluginForVifError);
    expect(err!.candidates).toEqual([
      {
        vif_object_name: 'VIFOpenVSwitch',
        port_profile_object_name: 'VIFPortProfileOpenVSwitch',
        reasons: ['no plugin consumes VIFOpenVSwitch'],
      },
      {
        vif_object_name: 'VIFVHostUser',
        port_profile_object_name: 'VIFPortProfileOpenVSwitch',
        reasons: ['noop: VIFVHostUser takes port profiles (none), not VIFPortProfileOpenVSwitch'],
      },
    ]);
    expect(err!.consumable).toEqual([
      { plugin: 'noop', vif_object_name: 'VIFVHostUser', min_version: '1.0', max_version: '1.1', port_profiles: [] },
      { plugin: 'linux_bridge', vif_object_name: 'VIFBridge', min_version: '1.0', max_version: '1.0', port_profiles: [] },
    ]);
    expect(err!.message).toContain('noop:VIFVHostUser 1.0-1.1');
  });

  it('refuses profiles and ranges the host does not declare, and a pinned plugin that is absent', () => {
    const host = fullHostInfo();
    const qbh = ovsVif({ port_profile: new VIFPortProfile8021Qbh({ profile_id: 'x' }) });
    expect(() => selectVif(host, qbh)).toThrow(NoPluginForVifError);
    const pinned = ovsVif({ plugin: 'linux_bridge' });
    expect(() => selectVif(host, pinned)).toThrow(/plugin linux_bridge is not on the host or does not consume VIFOpenVSwitch/);
    // A range with nothing in common with the class history (e.g. a newer host's 2.x).
    const odd = new HostInfo({
      plugin_info: [
        new HostPluginInfo({
          plugin_name: 'x',
          vif_info: [
            new HostVIFInfo({ vif_object_name: 'VIFVHostUser', min_version: '2.0', max_version: '2.5', supported_port_profiles: [] }),
          ],
        }),
      ],
    });
    expect(() => selectVif(odd, vhostUserVif())).toThrow(/VIFVHostUser 2.0-2.5 has no version in common/);
    // Garbage versions from the wire are a reason, not a crash.
    const junk = new HostInfo({
      plugin_info: [
        new HostPluginInfo({
          plugin_name: 'x',
          vif_info: [new HostVIFInfo({ vif_object_name: 'VIFVHostUser', min_version: 'one', max_version: '1.1' })],
        }),
      ],
    });
    expect(() => selectVif(junk, vhostUserVif())).toThrow(NoPluginForVifError);
    expect(() => selectVif(new HostInfo(), vhostUserVif())).toThrow(/the host consumes: nothing/);
  });

  it('a HostVIFInfo 1.0 (no supported_port_profiles) takes the profile at the version the network host knows', () => {
    const info = describePlugin(getPluginDefinition(OvsLikePlugin)!);
    for (const v of info.vif_info) v.unset('supported_port_profiles');
    const host = new HostInfo({ plugin_info: [info] });
    const view = RegistryView.olderThanCurrent({ VIFPortProfileOpenVSwitch: '1.2' });
    const s = selectVif(host, ovsVif(), { view });
    expect(s.portProfileVersion).toBe('1.2');
  });

  it("datapath_offload children follow the network host's view as well", () => {
    const vif = ovsVif({
      port_profile: new VIFPortProfileOpenVSwitch({
        interface_id: PORT_ID,
        profile_id: 'p',
        datapath_offload: new DatapathOffloadRepresentor({ representor_name: 'r0', representor_address: '0000:81:00.1' }),
      }),
    });
    const s = selectVif(fullHostInfo(), vif);
    const profile = data(s.primitive).port_profile;
    expect(env(data(profile).datapath_offload)['versioned_object.name']).toBe('DatapathOffloadRepresentor');
  });

  it('the chosen versions are never outside the declared range, for every min/max the class history allows', () => {
    const history = ['1.0', '1.1', '1.2', '1.3', '1.4'];
    let checked = 0;
    for (let i = 0; i < history.length; i++) {
      for (let j = i; j < history.length; j++) {
        for (const known of history) {
          const host = new HostInfo({
            plugin_info: [
              new HostPluginInfo({
                plugin_name: 'ovs',
                vif_info: [
                  new HostVIFInfo({
                    vif_object_name: 'VIFVHostUser',
                    min_version: '1.0',
                    max_version: '1.1',
                    supported_port_profiles: [
                      new HostPortProfileInfo({
                        profile_object_name: 'VIFPortProfileOpenVSwitch',
                        min_version: history[i],
                        max_version: history[j],
                      }),
                    ],
                  }),
                ],
              }),
            ],
          });
          const view = RegistryView.olderThanCurrent({ VIFPortProfileOpenVSwitch: known });
          const expected = history
            .slice(i, j + 1)
            .filter((v) => v <= known)
            .pop();
          if (expected === undefined) {
            expect(() => selectVif(host, vhostUserVif(true), { view })).toThrow(NoPluginForVifError);
          } else {
            const s = selectVif(host, vhostUserVif(true), { view });
            expect(s.portProfileVersion).toBe(expected);
            expect(env(data(s.primitive).port_profile)['versioned_object.version']).toBe(expected);
          }
          checked++;
        }
      }
    }
    expect(checked).toBe(75);
  });

  it('rejects candidates that are not VIF objects', () => {
    expect(() => selectVif(fullHostInfo(), [{} as unknown as VIFVHostUser])).toThrow(TypeError);
  });
});
