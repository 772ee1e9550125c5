/**
 * HostInfo negotiation end to end, over loopback HTTP between TWO processes: network hosts run in
 * a child node process (packages/conformance/src/negotiation/network-host.ts, one port per scenario),
 * the service host is this Jest process (OsVifRuntime + HttpNegotiationTransport). Every
 * assertion on the exchange is made on the raw JSON the network host saw and sent.
 */
import {
  HostInfoNegotiator,
  MalformedReplyError,
  NegotiationNoProgressError,
  NegotiationTransportError,
  objectRegistry,
  RemoteNegotiationError,
  VIFOpenVSwitch,
  VIFVHostUser,
} from '@osvif/objects';
import {
  HttpBadReplyError,
  HttpNegotiationTransport,
  HttpTimeoutError,
  negotiateAndPlug,
  negotiateVif,
  OsVifRuntime,
  PortProfileVersionNotAcceptedError,
  VifVersionNotAcceptedError,
} from '@osvif/runtime';
import { NoOpPlugin } from '@osvif/plugin-noop';
import { primitiveDiff, PythonOsVif } from '@osvif/conformance';
import { RecordingOvsPlugin, plugged, silentLogger } from './support/plugins';
import { startNetworkHosts, type NetworkHostProcess } from './support/network-host-process';

const PORT_ID = '3e1a7f0c-5b2d-4c6e-9f80-1a2b3c4d5e6f';
const BINDING = { port_id: PORT_ID, host: 'compute-1' };
const INSTANCE = {
  'versioned_object.name': 'InstanceInfo',
  'versioned_object.namespace': 'os_vif',
  'versioned_object.version': '1.0',
  'versioned_object.data': { uuid: 'c1a2b3c4-d5e6-4f70-8190-a1b2c3d4e5f6', name: 'vm1', project_id: 'p1' },
};
/** An os-vif 3.0.0-era network host: HostVIFInfo 1.0, and OVS profiles up to 1.2. */
const OLD = { HostInfo: '1.0', HostPluginInfo: '1.0', HostVIFInfo: '1.0', HostPortProfileInfo: '1.0', VIFPortProfileOpenVSwitch: '1.2' };

let hosts: NetworkHostProcess;
let rt: OsVifRuntime;

beforeAll(async () => {
  hosts = await startNetworkHosts({
    current: {},
    old: { olderVersions: OLD },
    oldNoManifest: { olderVersions: OLD, advertiseManifest: false },
    vhostuser: { offer: 'vhostuser' },
    outOfRangeVif: { misbehave: 'out-of-range-vif' },
    outOfRangeProfile: { misbehave: 'out-of-range-profile' },
    hang: { misbehave: 'hang' },
    notJson: { misbehave: 'not-json' },
    badVif: { misbehave: 'bad-vif' },
    noProgress: { misbehave: 'no-progress' },
    tiny: { maxBodyBytes: 200 },
  });
  rt = new OsVifRuntime({ pluginClasses: [RecordingOvsPlugin, NoOpPlugin], logger: silentLogger });
  await rt.initialize();
}, 90_000);

afterAll(async () => {
  await rt?.close();
  await hosts?.stop();
});

beforeEach(() => {
  plugged.length = 0;
});

const transport = (name: string, timeoutMs = 5000) => new HttpNegotiationTransport({ url: hosts.url(name), timeoutMs });
const json = (text: string) => JSON.parse(text) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw wire JSON, asserted field by field

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('HostInfo negotiation over HTTP between two processes', () => {
  it('both current: one exchange, the VIF is plugged by the plugin the network host chose', async () => {
    const out = await negotiateAndPlug(rt, transport('current'), BINDING, INSTANCE);
    const [x] = await hosts.waitForExchanges('current', 1);
    expect([x.method, x.path, x.status]).toEqual(['POST', '/v1/host-info', 200]);
    expect(json(x.request)).toEqual({ host_info: rt.hostInfo().toPrimitive(), binding: BINDING });
    const vif = json(x.reply).vif;
    expect(vif['versioned_object.name']).toBe('VIFOpenVSwitch');
    expect(vif['versioned_object.data'].plugin).toBe('ovs');
    // The plugin takes profiles 1.0 - 1.3: the network host (which knows 1.4) wrote 1.3.
    expect(vif['versioned_object.data'].port_profile['versioned_object.version']).toBe('1.3');
    expect(out.attempts).toHaveLength(1);
    expect(plugged).toHaveLength(1);
    expect(plugged[0]).toBeInstanceOf(VIFOpenVSwitch);
    expect(plugged[0].toPrimitive()).toEqual(vif);
  });

  it('vhost-user goes to the plugin whose range takes the newest version (noop, 1.1)', async () => {
    const out = await negotiateVif(rt, transport('vhostuser'), BINDING);
    const [x] = await hosts.waitForExchanges('vhostuser', 1);
    expect(json(x.reply).vif['versioned_object.version']).toBe('1.1');
    expect(out.plugin).toBe('noop');
    expect(out.vif).toBeInstanceOf(VIFVHostUser);
  });

  it('older network host WITH manifest: one retry, every nested object backlevelled, then plugged', async () => {
    const out = await negotiateAndPlug(rt, transport('old'), BINDING, INSTANCE);
    const [first, second] = await hosts.waitForExchanges('old', 2);
    expect(hosts.exchanges('old')).toHaveLength(2);
    expect(first.status).toBe(409);
    expect(json(first.request).host_info).toEqual(rt.hostInfo().toPrimitive());
    const expectedManifest = Object.fromEntries(
      objectRegistry
        .classes()
        .map((c) => [c.objName, c.VERSION])
        .concat(Object.entries(OLD))
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    expect(json(first.reply)).toEqual({
      error: {
        type: 'IncompatibleObjectVersion',
        message: 'Version 1.1 of HostVIFInfo is not supported, supported version is 1.0 (at data.plugin_info[0].data.vif_info[0])',
        object: 'HostVIFInfo',
        version: '1.1',
        supported_version: '1.0',
        path: 'data.plugin_info[0].data.vif_info[0]',
        manifest: expectedManifest,
      },
    });
    expect(second.status).toBe(200);
    const sent = json(second.request).host_info;
    expect(sent).toEqual(rt.hostInfo().toPrimitive(undefined, OLD));
    for (const p of sent['versioned_object.data'].plugin_info) {
      for (const v of p['versioned_object.data'].vif_info) {
        expect(v['versioned_object.version']).toBe('1.0');
        expect('supported_port_profiles' in v['versioned_object.data']).toBe(false);
      }
    }
    // The old host knows OVS profiles up to 1.2 only; HostVIFInfo 1.0 carried no ranges for them.
    expect(json(second.reply).vif['versioned_object.data'].port_profile['versioned_object.version']).toBe('1.2');
    expect(out.attempts).toHaveLength(2);
    expect(plugged).toHaveLength(1);
    expect(plugged[0].port_profile.instanceVersion).toBe('1.2');
  });

  it('older network host WITHOUT manifest (as os-vif answers): the error pins HostVIFInfo, one retry, then plugged', async () => {
    const out = await negotiateAndPlug(rt, transport('oldNoManifest'), BINDING, INSTANCE);
    const [first, second] = await hosts.waitForExchanges('oldNoManifest', 2);
    expect(hosts.exchanges('oldNoManifest')).toHaveLength(2);
    expect(first.status).toBe(409);
    expect(json(first.reply).error).toEqual({
      type: 'IncompatibleObjectVersion',
      message: 'Version 1.1 of HostVIFInfo is not supported, supported version is 1.0 (at data.plugin_info[0].data.vif_info[0])',
      object: 'HostVIFInfo',
      version: '1.1',
      supported_version: '1.0',
      path: 'data.plugin_info[0].data.vif_info[0]',
    });
    expect(second.status).toBe(200);
    // Only the class the error named is pinned (obj_to_primitive(version_manifest={'HostVIFInfo': '1.0'})).
    expect(json(second.request).host_info).toEqual(rt.hostInfo().toPrimitive(undefined, { HostVIFInfo: '1.0' }));
    expect(out.attempts.map((a) => a.manifest)).toEqual([undefined, { HostVIFInfo: '1.0' }]);
    expect(json(second.reply).vif['versioned_object.data'].port_profile['versioned_object.version']).toBe('1.2');
    expect(plugged).toHaveLength(1);
    expect(plugged[0].port_profile.instanceVersion).toBe('1.2');
  });

  it('a network host that ignores the declared VIF range: fatal VifVersionNotAcceptedError before any plug', async () => {
    const err = (await rejection(negotiateAndPlug(rt, transport('outOfRangeVif'), BINDING, INSTANCE))) as VifVersionNotAcceptedError;
    expect(err).toBeInstanceOf(VifVersionNotAcceptedError);
    expect([err.plugin, err.objName, err.version, err.acceptedRange]).toEqual(['ovs', 'VIFVHostUser', '1.1', '1.0']);
    const [x] = await hosts.waitForExchanges('outOfRangeVif', 1);
    expect(json(x.reply).vif['versioned_object.version']).toBe('1.1');
    expect(plugged).toHaveLength(0);
  });

  it('...and the declared port profile range: fatal PortProfileVersionNotAcceptedError before any plug', async () => {
    const err = (await rejection(
      negotiateAndPlug(rt, transport('outOfRangeProfile'), BINDING, INSTANCE),
    )) as PortProfileVersionNotAcceptedError;
    expect(err).toBeInstanceOf(PortProfileVersionNotAcceptedError);
    expect([err.objName, err.version, err.acceptedRange]).toEqual(['VIFPortProfileOpenVSwitch', '1.4', '1.0 - 1.3']);
    expect(plugged).toHaveLength(0);
  });

  it('an answer that makes no progress stops with NegotiationNoProgressError', async () => {
    const err = (await rejection(negotiateVif(rt, transport('noProgress'), BINDING))) as NegotiationNoProgressError;
    expect(err).toBeInstanceOf(NegotiationNoProgressError);
    expect([err.objName, err.reason]).toEqual(['HostInfo', 'not-lower']);
    expect(await hosts.waitForExchanges('noProgress', 1)).toHaveLength(1);
  });

  it('malformed answers: a VIF that does not read, a non-JSON reply', async () => {
    const bad = (await rejection(negotiateVif(rt, transport('badVif'), BINDING))) as MalformedReplyError;
    expect(bad).toBeInstanceOf(MalformedReplyError);
    expect(bad.path).toBe('vif.data.id');
    const html = (await rejection(negotiateVif(rt, transport('notJson'), BINDING))) as HttpBadReplyError;
    expect(html).toBeInstanceOf(HttpBadReplyError);
    expect(html).toBeInstanceOf(NegotiationTransportError);
    expect(html.status).toBe(200);
    expect(plugged).toHaveLength(0);
  });

  it('a network host that never answers: HttpTimeoutError within the configured time', async () => {
    const started = Date.now();
    const err = (await rejection(
      new HostInfoNegotiator({ transport: transport('hang', 300) }).negotiate(rt.hostInfo(), BINDING),
    )) as HttpTimeoutError;
    expect(err).toBeInstanceOf(HttpTimeoutError);
    expect(err.timeoutMs).toBe(300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("a request over the network host's body limit: 413 with a typed error body, surfaced as RemoteNegotiationError", async () => {
    const err = (await rejection(negotiateVif(rt, transport('tiny'), BINDING))) as RemoteNegotiationError;
    expect(err).toBeInstanceOf(RemoteNegotiationError);
    expect(err.errorType).toBe('PayloadTooLarge');
    const [x] = await hosts.waitForExchanges('tiny', 1);
    expect(x.status).toBe(413);
    expect(json(x.reply)).toEqual({ error: { type: 'PayloadTooLarge', message: 'request body larger than 200 bytes' } });
  });

  it('every HostInfo that crossed the wire (current and backlevelled) is read back by the real os-vif 3.0.0', async () => {
    const before = { current: hosts.exchanges('current').length, old: hosts.exchanges('old').length };
    await negotiateVif(rt, transport('current'), BINDING);
    await negotiateVif(rt, transport('old'), BINDING);
    const sent = [
      ...(await hosts.waitForExchanges('current', before.current + 1)).slice(before.current),
      ...(await hosts.waitForExchanges('old', before.old + 2)).slice(before.old),
    ].map((x) => json(x.request).host_info);
    expect(sent).toHaveLength(3);
    const versions = new Set(
      sent.map((h) =>
        JSON.stringify(h['versioned_object.data'].plugin_info[0]['versioned_object.data'].vif_info[0]['versioned_object.version']),
      ),
    );
    expect([...versions].sort()).toEqual(['"1.0"', '"1.1"']);
    const py = await PythonOsVif.start();
    try {
      for (const hostInfo of sent) {
        const back = await py.hydrate(hostInfo);
        expect(primitiveDiff(back, hostInfo)).toBeUndefined();
      }
    } finally {
      await py.close();
    }
  });
});
