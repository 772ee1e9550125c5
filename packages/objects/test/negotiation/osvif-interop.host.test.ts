/**
 * The HostInfo our service host sends, at EVERY version combination of the HostInfo family
 * (HostInfo x HostPluginInfo x HostVIFInfo x HostPortProfileInfo, from our class histories), is
 * read back correctly by the REAL os-vif 3.0.0 (Python, through its own helpers), and is exactly
 * what the negotiator sends to a network host that knows only those versions.
 * And the other way: os-vif 3.0.0's own host_info() is read by our network host, and the VIF it
 * answers is read by os-vif.
 */
import * as path from 'node:path';
import {
  HostInfo,
  HostInfoNegotiator,
  HostInfoResponder,
  LocalTransport,
  objectRegistry,
  RegistryView,
  VIFOpenVSwitch,
  type HostInfoRequest,
  type NegotiationTransport,
} from '@osvif/objects';
import { primitiveDiff, PythonOsVif } from '@osvif/conformance';
import { env, fullHostInfo, ovsVif, PORT_ID } from './fixtures';

const FAMILY = ['HostInfo', 'HostPluginInfo', 'HostVIFInfo', 'HostPortProfileInfo'] as const;
const OPS = path.join(__dirname, '../../../conformance/src/negotiation/osvif_host_info_ops.py');

/** Every combination of versions of the HostInfo family. */
function combinations(): Record<string, string>[] {
  let out: Record<string, string>[] = [{}];
  for (const name of FAMILY) {
    const versions = objectRegistry.get(name)!.versions;
    out = out.flatMap((m) => versions.map((v) => ({ ...m, [name]: v })));
  }
  return out;
}

interface PyVif {
  vif_object_name: string;
  min_version: string;
  max_version: string;
  version: string;
  has_vif: boolean;
  supported_port_profiles?: { profile_object_name: string; min_version: string; max_version: string; version: string }[];
}
interface PyRead {
  version: string;
  plugins: { plugin_name: string; has_plugin: boolean; version: string; vif_info: PyVif[] }[];
  primitive: unknown;
}

let py: PythonOsVif;
beforeAll(async () => {
  py = await PythonOsVif.start({ load: [OPS], requestTimeoutMs: 60000 });
});
afterAll(async () => {
  await py?.close();
});

/**
 * os-vif quirk: a child backlevelled through its parent's manifest keeps a deleted field in its
 * `changes` (OVO computes the child's changes before the parent's compat pass deletes the field).
 * Our writer lists only fields present in data; this drops the dangling names on os-vif's side.
 */
function changesInData(p: unknown): unknown {
  if (Array.isArray(p)) return p.map(changesInData);
  if (typeof p !== 'object' || p === null) return p;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) out[k] = changesInData(v);
  const data = out['versioned_object.data'] as Record<string, unknown> | undefined;
  const changes = out['versioned_object.changes'];
  if (data && Array.isArray(changes)) {
    const kept = changes.filter((c) => typeof c === 'string' && c in data);
    if (kept.length) out['versioned_object.changes'] = kept;
    else delete out['versioned_object.changes'];
  }
  return out;
}

/** The HostInfo the negotiator ends up sending to a network host that knows only `manifest`. */
async function negotiatedHostInfo(host: HostInfo, manifest: Record<string, string>): Promise<{ sent: unknown; attempts: number }> {
  const requests: HostInfoRequest[] = [];
  const inner = new LocalTransport(new HostInfoResponder({ bind: () => ovsVif(), view: RegistryView.olderThanCurrent(manifest) }));
  const transport: NegotiationTransport = { exchange: (r) => (requests.push(r), inner.exchange(r)) };
  const out = await new HostInfoNegotiator({ transport }).negotiate(host, { port_id: PORT_ID });
  return { sent: JSON.parse(JSON.stringify(requests[requests.length - 1].host_info)), attempts: out.attempts.length };
}

describe('HostInfo at every backlevelled version, read by the real os-vif 3.0.0', () => {
  const combos = combinations();

  it("covers every combination of the family's histories", () => {
    expect(combos.length).toBe(FAMILY.reduce((n, name) => n * objectRegistry.get(name)!.versions.length, 1));
    expect(combos).toContainEqual({ HostInfo: '1.0', HostPluginInfo: '1.0', HostVIFInfo: '1.0', HostPortProfileInfo: '1.0' });
    expect(combos).toContainEqual({ HostInfo: '1.0', HostPluginInfo: '1.0', HostVIFInfo: '1.1', HostPortProfileInfo: '1.0' });
  });

  it.each(combinations().map((m) => [Object.values(m).join('/'), m] as const))('%s', async (_label, manifest) => {
    const host = fullHostInfo();
    const ours = host.toPrimitive(undefined, manifest);
    const { sent, attempts } = await negotiatedHostInfo(host, manifest);
    expect(sent).toEqual(ours);
    const current = FAMILY.every((n) => manifest[n] === objectRegistry.get(n)!.VERSION);
    expect(attempts).toBe(current ? 1 : 2);

    const read = await py.request<PyRead>('read_host_info', { primitive: ours });
    // os-vif re-emits exactly what we sent (changes compared as sets).
    expect(primitiveDiff(read.primitive, ours)).toBeUndefined();
    expect(read.version).toBe(manifest.HostInfo);
    const withProfiles = manifest.HostVIFInfo !== '1.0';
    expect(read.plugins.map((p) => p.plugin_name)).toEqual(host.plugin_info.map((p) => p.plugin_name));
    host.plugin_info.forEach((p, i) => {
      const got = read.plugins[i];
      expect(got.has_plugin).toBe(true);
      expect(got.version).toBe(manifest.HostPluginInfo);
      expect(got.vif_info).toEqual(
        p.vif_info.map((v) => ({
          vif_object_name: v.vif_object_name,
          min_version: v.min_version,
          max_version: v.max_version,
          version: manifest.HostVIFInfo,
          has_vif: true,
          ...(withProfiles
            ? {
                supported_port_profiles: v.supported_port_profiles.map((pp) => ({
                  profile_object_name: pp.profile_object_name,
                  min_version: pp.min_version,
                  max_version: pp.max_version,
                  version: manifest.HostPortProfileInfo,
                })),
              }
            : {}),
        })),
      );
    });
  });

  it("matches os-vif's own backlevel where os-vif can do it (manifest without HostPortProfileInfo, reference 1.6)", async () => {
    const host = fullHostInfo();
    const current = host.toPrimitive();
    for (const manifest of combinations()) {
      const { HostPortProfileInfo: _omit, ...pyManifest } = manifest;
      const theirs = await py.toPrimitive(current, undefined, pyManifest);
      expect(primitiveDiff(changesInData(theirs), host.toPrimitive(undefined, manifest))).toBeUndefined();
    }
    // ...and where os-vif 3.0.0 cannot (KeyError, differences.md D4), ours still gives what os-vif reads above.
    const broken = await py.settle('to_primitive', {
      primitive: current,
      manifest: { HostInfo: '1.0', HostPluginInfo: '1.0', HostVIFInfo: '1.0', HostPortProfileInfo: '1.0' },
    });
    expect(broken.ok ? 'ok' : broken.error.type).toBe('KeyError');
  });
});

describe('os-vif 3.0.0 as the service host', () => {
  it("our network host reads os-vif's host_info() and answers a VIF inside its (hand-written) ranges that os-vif reads", async () => {
    const theirs = await py.hostInfo();
    const responder = new HostInfoResponder({ bind: () => ovsVif() });
    const reply = (await responder.handle({ host_info: theirs, binding: { port_id: PORT_ID } })) as { vif: unknown };
    expect(Object.keys(reply)).toEqual(['vif']);
    // os-vif's ovs plugin says VIFOpenVSwitch 1.0, VIFPortProfileOpenVSwitch 1.0 - 1.0 (reference 7.1).
    expect(env(reply.vif)['versioned_object.name']).toBe(VIFOpenVSwitch.objName);
    const profile = env(env(reply.vif)['versioned_object.data'] as object).port_profile;
    expect(env(profile)['versioned_object.version']).toBe('1.0');
    expect((env(reply.vif)['versioned_object.data'] as Record<string, unknown>).plugin).toBe('ovs');
    const back = await py.hydrate(reply.vif);
    expect(primitiveDiff(back, reply.vif)).toBeUndefined();
  });
});
