/**
 * The os-vif bridge client against the real os-vif 3.0.0 (/usr/bin/python3, Debian python3-os-vif).
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BRIDGE_SCRIPT,
  OsVifPythonError,
  PythonBridgeClosedError,
  PythonOsVif,
  PythonRequestTimeoutError,
  PythonUnavailableError,
  canonicalPrimitive,
  primitiveDiff,
  primitivesEqual,
} from '@osvif/conformance';

let py: PythonOsVif;
let tmp: string;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'osvif-bridge-'));
  // An extension module, loaded with --load, adds ops exactly as plugin engineers would.
  await fs.writeFile(
    path.join(tmp, 'ext_ops.py'),
    [
      'import time',
      'from osvif_bridge import op',
      '',
      "@op('sleep')",
      'def sleep(params):',
      "    time.sleep(params['seconds'])",
      "    return params['seconds']",
      '',
      "@op('vif_str')",
      'def vif_str(params):',
      '    from os_vif.objects import vif',
      "    return str(vif.VIFGeneric(vif_name=params['name']))",
      '',
    ].join('\n'),
  );
  py = await PythonOsVif.start({ load: [path.join(tmp, 'ext_ops.py')], requestTimeoutMs: 20000 });
});

afterAll(async () => {
  await py?.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

const VIF_GENERIC = {
  'versioned_object.name': 'VIFGeneric',
  'versioned_object.namespace': 'os_vif',
  'versioned_object.version': '1.0',
  'versioned_object.data': { vif_name: 'tap0', id: '437c6db5-4e6f-4b43-b64b-ed6a11ee5ba7' },
  'versioned_object.changes': ['vif_name', 'id'],
};

describe('PythonOsVif (real os-vif 3.0.0)', () => {
  it('reports the os-vif and OVO versions it loaded', async () => {
    expect(py.info.os_vif).toBe('3.0.0');
    expect(py.info['oslo.versionedobjects']).toMatch(/^\d+\.\d+/);
    expect(py.info.ops).toEqual(
      expect.arrayContaining(['hydrate', 'to_primitive', 'describe_class', 'generate', 'host_info', 'fingerprints', 'sleep']),
    );
    expect((await py.version()).os_vif).toBe('3.0.0');
  });

  it('lists the 31 registered os_vif classes', async () => {
    const classes = await py.classes();
    expect(classes).toHaveLength(31);
    expect(classes).toContainEqual({ name: 'VIFPortProfileOpenVSwitch', version: '1.3' });
  });

  it("hydrates a primitive and returns os-vif's own serialisation", async () => {
    const back = await py.hydrate(VIF_GENERIC);
    expect(primitivesEqual(back, VIF_GENERIC)).toBe(true);
  });

  it('turns Python exceptions into OsVifPythonError with the exception class', async () => {
    const bad = { ...VIF_GENERIC, 'versioned_object.version': '1.5' };
    const err = await py.hydrate(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OsVifPythonError);
    expect(err).toMatchObject({
      op: 'hydrate',
      type: 'IncompatibleObjectVersion',
      module: 'oslo_versionedobjects.exception',
      pythonMessage: 'Version 1.5 of VIFGeneric is not supported, supported version is 1.0',
    });
    const settled = await py.settle('hydrate', { primitive: { ...VIF_GENERIC, 'versioned_object.name': 'VIFFoo' } });
    expect(settled).toEqual({
      ok: false,
      error: expect.objectContaining({
        type: 'UnsupportedObjectError',
        message: 'Unsupported object type VIFFoo',
      }),
    });
  });

  it("backlevels with to_primitive and reports os-vif's own backlevel failures", async () => {
    const profile = {
      'versioned_object.name': 'VIFPortProfileOpenVSwitch',
      'versioned_object.namespace': 'os_vif',
      'versioned_object.version': '1.3',
      'versioned_object.data': {
        interface_id: '437c6db5-4e6f-4b43-b64b-ed6a11ee5ba7',
        profile_id: 'p',
        datapath_type: 'netdev',
        create_port: true,
      },
    };
    const p11 = await py.toPrimitive(profile, '1.1');
    expect(p11['versioned_object.version']).toBe('1.1');
    expect(p11['versioned_object.data']).toEqual({
      interface_id: '437c6db5-4e6f-4b43-b64b-ed6a11ee5ba7',
      profile_id: 'p',
      datapath_type: 'netdev',
    });
    const net = {
      'versioned_object.name': 'Network',
      'versioned_object.namespace': 'os_vif',
      'versioned_object.version': '1.1',
      'versioned_object.data': { id: '437c6db5-4e6f-4b43-b64b-ed6a11ee5ba7' },
    };
    await expect(py.toPrimitive(net, '1.0')).rejects.toMatchObject({
      type: 'ObjectActionError',
      pythonMessage: expect.stringContaining('No rule for subnets'),
    });
    await expect(py.toPrimitive(profile, '1.4')).rejects.toMatchObject({ type: 'InvalidTargetVersion' });
  });

  it('describes classes the way os-vif declares them', async () => {
    const d = await py.describeClass('VIFDirect');
    expect(d.version).toBe('1.0');
    expect(d.parents).toEqual(['VIFBase']);
    expect(d.fields.find((f) => f.name === 'mode')).toEqual({
      name: 'mode',
      type: 'VIFDirectMode',
      nullable: false,
      valid_values: ['vepa', 'passthrough', 'bridge'],
    });
    expect(d.fields.find((f) => f.name === 'active')).toMatchObject({ type: 'Boolean', default: true });
    expect(d.fields.find((f) => f.name === 'port_profile')).toMatchObject({
      type: 'Object',
      object: 'VIFPortProfileBase',
      subclasses: true,
    });
    const list = await py.describeClass('FixedIPList');
    expect(list.fields).toEqual([
      { name: 'objects', type: 'List', nullable: false, element: { type: 'Object', object: 'FixedIP', subclasses: false } },
    ]);
    await expect(py.describeClass('Nope')).rejects.toMatchObject({ type: 'BridgeError' });
  });

  it('generates seeded random objects in Python, reproducibly, that os-vif reads back unchanged', async () => {
    const a = await py.generate({ class: 'VIFDirect', count: 6, seed: 42 });
    const b = await py.generate({ class: 'VIFDirect', count: 6, seed: 42 });
    const c = await py.generate({ class: 'VIFDirect', count: 6, seed: 43 });
    expect(a).toHaveLength(6);
    // changes are a Python set: compare canonically
    expect(canonicalPrimitive(a)).toEqual(canonicalPrimitive(b));
    expect(primitivesEqual(a, c)).toBe(false);
    // every enum value appears, and full objects have every field
    expect(new Set(a.map((p) => p['versioned_object.data'].mode).filter((m) => m !== undefined))).toEqual(
      new Set(['vepa', 'passthrough', 'bridge']),
    );
    expect(Object.keys(a[0]['versioned_object.data']).sort()).toEqual(
      (await py.describeClass('VIFDirect')).fields.map((f) => f.name).sort(),
    );
    for (const p of a) expect(primitiveDiff(await py.hydrate(p), p)).toBeUndefined();
  });

  it('returns host_info and fingerprints of os-vif 3.0.0', async () => {
    const hi = await py.hostInfo();
    expect(hi['versioned_object.name']).toBe('HostInfo');
    const plugins = (hi['versioned_object.data'].plugin_info as { 'versioned_object.data': { plugin_name: string } }[]).map(
      (p) => p['versioned_object.data'].plugin_name,
    );
    expect(plugins).toEqual(['linux_bridge', 'noop', 'ovs']);
    const filtered = await py.hostInfo(['VIFVHostUser']);
    expect((filtered['versioned_object.data'].plugin_info as unknown[]).length).toBe(2);
    const fp = await py.fingerprints();
    expect(Object.keys(fp)).toHaveLength(31);
    expect(fp.FixedIP).toBe('1.0-d1a0ec7e7b6ce021a784c54d44cce009');
    expect(fp.VIFPortProfileOpenVSwitch).toBe('1.3-1ad9a350a9cae19c977d21fcce7c8c7f');
  });

  it('matches many concurrent requests by id, and batches', async () => {
    const names = Array.from({ length: 40 }, (_, i) => `tap${i}`);
    const results = await Promise.all(names.map((name) => py.hydrate({ ...VIF_GENERIC, 'versioned_object.data': { vif_name: name } })));
    expect(results.map((r) => r['versioned_object.data'].vif_name)).toEqual(names);
    const outcomes = await py.batch([
      { op: 'hydrate', params: { primitive: VIF_GENERIC } },
      { op: 'nope' },
      { op: 'vif_str', params: { name: 'x' } },
    ]);
    expect(outcomes[0]).toMatchObject({ ok: true });
    expect(outcomes[1]).toMatchObject({ ok: false, error: { type: 'BridgeError', message: "unknown op 'nope'" } });
    expect(outcomes[2]).toMatchObject({ ok: true, value: expect.stringContaining("vif_name='x'") });
  });

  it('reports Python warnings with the response', async () => {
    const rep = await py.settle('hydrate', {
      primitive: {
        'versioned_object.name': 'VIFPortProfileOVSRepresentor',
        'versioned_object.namespace': 'os_vif',
        'versioned_object.version': '1.3',
        'versioned_object.data': {},
      },
    });
    expect(rep.ok).toBe(true);
    expect(rep.warnings?.join('\n')).toContain('PendingDeprecationWarning');
  });

  it('survives bad requests: unknown op, bad params, non-object primitive', async () => {
    await expect(py.request('nope')).rejects.toMatchObject({ type: 'BridgeError', pythonMessage: "unknown op 'nope'" });
    await expect(py.request('to_primitive', { primitive: VIF_GENERIC, target_version: 5 })).rejects.toMatchObject({
      type: 'BridgeError',
      pythonMessage: "parameter 'target_version' must be str, got int",
    });
    await expect(py.hydrate('text')).rejects.toMatchObject({ type: 'BridgeError' });
    await expect(py.hydrate({ 'versioned_object.name': 'VIFGeneric' })).rejects.toMatchObject({ type: 'KeyError' });
    expect((await py.hydrate(VIF_GENERIC))['versioned_object.name']).toBe('VIFGeneric');
  });

  it('times a request out without killing the bridge', async () => {
    const err = await py.request('sleep', { seconds: 0.5 }, { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PythonRequestTimeoutError);
    expect(err).toMatchObject({ op: 'sleep', timeoutMs: 50 });
    // the late answer is dropped; the next request gets its own answer
    expect(await py.request('sleep', { seconds: 0 })).toBe(0);
  });
});

describe('PythonOsVif start/stop failures', () => {
  it('throws PythonUnavailableError when the interpreter does not exist', async () => {
    const err = await PythonOsVif.start({ python: '/nonexistent/python3' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PythonUnavailableError);
    expect(err).toMatchObject({ python: '/nonexistent/python3', reason: 'interpreter not found' });
  });

  it('throws PythonUnavailableError naming the import failure when os_vif is missing', async () => {
    // An empty os_vif package earlier on sys.path hides the real one, as on a host without it.
    const fake = path.join(tmp, 'no-osvif');
    await fs.mkdir(path.join(fake, 'os_vif'), { recursive: true });
    await fs.writeFile(path.join(fake, 'os_vif', '__init__.py'), "raise ImportError('No module named os_vif')\n");
    const err = await PythonOsVif.start({ env: { PYTHONPATH: fake } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PythonUnavailableError);
    expect((err as PythonUnavailableError).reason).toBe('cannot load os-vif: ImportError: No module named os_vif');
  });

  it('throws PythonUnavailableError when the script is not a bridge', async () => {
    const script = path.join(tmp, 'not_a_bridge.py');
    await fs.writeFile(script, "print('hello')\n");
    await expect(PythonOsVif.start({ script })).rejects.toMatchObject({
      name: 'PythonUnavailableError',
      reason: 'not a bridge (first line: hello)',
    });
    const crash = path.join(tmp, 'crash.py');
    await fs.writeFile(crash, "import sys\nsys.stderr.write('boom\\n')\nsys.exit(7)\n");
    await expect(PythonOsVif.start({ script: crash })).rejects.toMatchObject({
      name: 'PythonUnavailableError',
      reason: 'exited before ready (exit 7)',
      stderr: 'boom',
    });
  });

  it('fails in-flight requests with PythonBridgeClosedError on close, and refuses new ones', async () => {
    const own = await PythonOsVif.start();
    expect(BRIDGE_SCRIPT).toMatch(/packages\/conformance\/python\/osvif_bridge\.py$/);
    const inflight = own.hydrate(VIF_GENERIC);
    await own.close();
    // the request was written before stdin closed, so Python answers it before exiting
    expect((await inflight)['versioned_object.name']).toBe('VIFGeneric');
    await expect(own.hydrate(VIF_GENERIC)).rejects.toBeInstanceOf(PythonBridgeClosedError);
    await own.close(); // idempotent
  });

  it('fails in-flight requests with PythonBridgeClosedError when the bridge dies', async () => {
    const own = await PythonOsVif.start({ load: [path.join(tmp, 'ext_ops.py')] });
    const inflight = own.request('sleep', { seconds: 30 });
    // kill our own child by its pid (never by name)
    process.kill(own.pid as number, 'SIGKILL');
    const err = await inflight.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PythonBridgeClosedError);
    expect(err).toMatchObject({ op: 'sleep', signal: 'SIGKILL' });
    await own.close();
  });
});
