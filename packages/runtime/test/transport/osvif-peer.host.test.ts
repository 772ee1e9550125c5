/**
 * Both sides of the REAL os-vif 3.0.0 as the negotiation peer, over loopback HTTP between processes:
 *  - a network host built on os-vif's objects (Python), answering version errors as os-vif raises them
 *    (no manifest), with an older registry made by pinning its classes lower; our service host converges
 *    and plugs a VIF inside the plugin's declared range; the same with the manifest;
 *  - a service host built on os_vif.host_info() (Python) answered by our network host.
 */
import { objectRegistry, VIFOpenVSwitch } from '@osvif/objects';
import { HttpNegotiationTransport, negotiateAndPlug, OsVifRuntime } from '@osvif/runtime';
import { NoOpPlugin } from '@osvif/plugin-noop';
import { primitiveDiff, PythonOsVif } from '@osvif/conformance';
import { RecordingOvsPlugin, plugged, silentLogger } from './support/plugins';
import { runPythonServiceClient, startPythonNetworkHost, type PythonNetworkHost } from './support/python-peer';
import { startNetworkHosts, type NetworkHostProcess } from './support/network-host-process';

const PORT_ID = '3e1a7f0c-5b2d-4c6e-9f80-1a2b3c4d5e6f';
const BINDING = { port_id: PORT_ID, host: 'compute-1' };
const INSTANCE = {
  'versioned_object.name': 'InstanceInfo',
  'versioned_object.namespace': 'os_vif',
  'versioned_object.version': '1.0',
  'versioned_object.data': { uuid: 'c1a2b3c4-d5e6-4f70-8190-a1b2c3d4e5f6', name: 'vm1', project_id: 'p1' },
};
/** An older os-vif: HostVIFInfo before supported_port_profiles, OVS profiles before datapath_offload. */
const PINS = { HostVIFInfo: '1.0', VIFPortProfileOpenVSwitch: '1.2' };

const json = (text: string) => JSON.parse(text) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw wire JSON
const versionOf = (p: unknown) => (p as Record<string, string>)['versioned_object.version'];

let rt: OsVifRuntime;
const peers: PythonNetworkHost[] = [];
let ours: NetworkHostProcess;

beforeAll(async () => {
  rt = new OsVifRuntime({ pluginClasses: [RecordingOvsPlugin, NoOpPlugin], logger: silentLogger });
  await rt.initialize();
  peers.push(
    await startPythonNetworkHost({}),
    await startPythonNetworkHost({ pins: PINS }),
    await startPythonNetworkHost({ pins: PINS, manifest: true }),
  );
  ours = await startNetworkHosts({
    current: {},
    old: { olderVersions: { HostVIFInfo: '1.0' }, advertiseManifest: false },
  });
}, 90_000);

afterAll(async () => {
  await rt?.close();
  await Promise.all(peers.map((p) => p.stop()));
  await ours?.stop();
});

beforeEach(() => {
  plugged.length = 0;
});

const transport = (url: string) => new HttpNegotiationTransport({ url, timeoutMs: 10_000 });

describe('our service host, os-vif network host (Python, os-vif objects)', () => {
  it('current os-vif: one exchange, the VIF is plugged at the versions os-vif and the plugin share', async () => {
    const [current] = peers;
    expect(current.registry.HostVIFInfo).toBe('1.1');
    const out = await negotiateAndPlug(rt, transport(current.url), BINDING, INSTANCE);
    const [x] = await current.waitForExchanges(1);
    expect(x.status).toBe(200);
    expect(out.attempts).toHaveLength(1);
    expect(out.plugin).toBe('ovs');
    // os-vif 3.0.0 knows OVS profiles up to 1.3, the plugin takes 1.0 - 1.3.
    expect(versionOf(json(x.reply).vif['versioned_object.data'].port_profile)).toBe('1.3');
    expect(plugged).toHaveLength(1);
    expect(primitiveDiff(plugged[0].toPrimitive(), json(x.reply).vif)).toBeUndefined();
  });

  it('older os-vif WITHOUT manifest: its IncompatibleObjectVersion names HostVIFInfo 1.0; one retry with that pin; plugged in range', async () => {
    const old = peers[1];
    expect([old.registry.HostVIFInfo, old.registry.VIFPortProfileOpenVSwitch]).toEqual(['1.0', '1.2']);
    const out = await negotiateAndPlug(rt, transport(old.url), BINDING, INSTANCE);
    const [first, second] = await old.waitForExchanges(2);
    expect(old.exchanges).toHaveLength(2);
    expect(first.status).toBe(409);
    const err = json(first.reply).error;
    // What os-vif's exception carries, and nothing more (no manifest).
    expect(err).toEqual({
      type: 'IncompatibleObjectVersion',
      message: 'Version 1.1 of HostVIFInfo is not supported, supported version is 1.0',
      object: 'HostVIFInfo',
      version: '1.1',
      supported_version: '1.0',
    });
    expect(json(first.request).host_info).toEqual(rt.hostInfo().toPrimitive());
    expect(json(second.request).host_info).toEqual(rt.hostInfo().toPrimitive(undefined, { HostVIFInfo: '1.0' }));
    expect(out.attempts.map((a) => a.manifest)).toEqual([undefined, { HostVIFInfo: '1.0' }]);
    expect(second.status).toBe(200);
    // HostVIFInfo 1.0 carries no profile ranges: os-vif writes the profile at what it knows (1.2), inside 1.0 - 1.3.
    const profile = json(second.reply).vif['versioned_object.data'].port_profile;
    expect(versionOf(profile)).toBe('1.2');
    expect(plugged).toHaveLength(1);
    expect(plugged[0]).toBeInstanceOf(VIFOpenVSwitch);
    expect(plugged[0].port_profile.instanceVersion).toBe('1.2');
  });

  it('older os-vif WITH the manifest: one retry, every class at the manifest version; plugged in range', async () => {
    const old = peers[2];
    const out = await negotiateAndPlug(rt, transport(old.url), BINDING, INSTANCE);
    const [first, second] = await old.waitForExchanges(2);
    expect(json(first.reply).error.manifest).toEqual(old.registry);
    const known = Object.fromEntries(Object.entries(old.registry).filter(([name]) => objectRegistry.get(name)));
    expect(out.attempts[1].manifest).toMatchObject({ HostInfo: '1.0', HostPluginInfo: '1.0', HostVIFInfo: '1.0' });
    expect(json(second.request).host_info).toEqual(rt.hostInfo().toPrimitive(undefined, known));
    expect(versionOf(json(second.reply).vif['versioned_object.data'].port_profile)).toBe('1.2');
    expect(plugged).toHaveLength(1);
  });
});

describe('os-vif service host (Python, os_vif.host_info()), our network host', () => {
  it("current: one exchange; os-vif reads our VIF (inside its ovs plugin's ranges) and re-emits it unchanged", async () => {
    const result = await runPythonServiceClient(ours.url('current'), PORT_ID);
    expect(result.ok).toBe(true);
    expect(result.attempts).toHaveLength(1);
    expect(result.vif_class).toBe('VIFOpenVSwitch');
    expect(result.plugin).toBe('ovs');
    const [x] = await ours.waitForExchanges('current', 1);
    const sent = json(x.request).host_info;
    // os-vif's ovs plugin: VIFOpenVSwitch 1.0, its profile 1.0 - 1.0 (reference 7.1).
    expect(versionOf(json(x.reply).vif['versioned_object.data'].port_profile)).toBe('1.0');
    expect(primitiveDiff(result.vif, json(x.reply).vif)).toBeUndefined();
    const py = await PythonOsVif.start();
    try {
      expect(primitiveDiff(await py.hostInfo(), sent)).toBeUndefined();
    } finally {
      await py.close();
    }
  });

  it('older network host: os-vif reads our version error (no manifest), and ends there as os-vif can (D4)', async () => {
    const result = await runPythonServiceClient(ours.url('old'), PORT_ID);
    expect(result.ok).toBe(false);
    expect(result.attempts.map((a) => a.status)).toEqual([409]);
    expect(result.error).toEqual({
      type: 'IncompatibleObjectVersion',
      message: 'Version 1.1 of HostVIFInfo is not supported, supported version is 1.0 (at data.plugin_info[0].data.vif_info[0])',
      object: 'HostVIFInfo',
      version: '1.1',
      supported_version: '1.0',
      path: 'data.plugin_info[0].data.vif_info[0]',
    });
  });
});
