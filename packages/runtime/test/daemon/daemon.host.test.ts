// `osvif serve` for real: the BUILT daemon in a test namespace with a private OVS, run as root with its
// capabilities dropped to CAP_NET_ADMIN (setpriv), driven by the BUILT CLI as an unprivileged client (uid 65534,
// no capabilities) and by OsVifClient. Build first: npx tsc -b tsconfig.build.json.
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createNetns,
  disposeAllNetns,
  PrivateOvs,
  renderConfig,
  startPrivateOvs,
  testHybridVif,
  testInstanceInfo,
  TestNetns,
} from '@osvif/testkit';
import { OsvifError } from '@osvif/objects';
import { OsVifClient, PlugFailedError, UnplugFailedError } from '@osvif/runtime';
import { ForeignResourceError } from '@osvif/sdk';
import { REPO } from '../discovery/fixtures';

const BIN = join(REPO, 'packages/runtime/bin/osvif.js');
const NOBODY = 65534;
const CAPS = ['--inh-caps=-all,+net_admin', '--ambient-caps=-all,+net_admin', '--bounding-set=-all,+net_admin'];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let ns: TestNetns;
let ovs: PrivateOvs;
let dir: string;
let socket: string;
let conf: string;
let daemon: ChildProcess | undefined;
let daemonLog = '';

function run(file: string, args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(file, args, { encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 24 }, (err, stdout, stderr) =>
      done({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The CLI as uid `uid` with no capabilities at all, inside the namespace, sent to the daemon. */
function client(uid: number, args: string[]): Promise<Run> {
  const priv = ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--inh-caps=-all', '--bounding-set=-all'];
  return run('ip', ['netns', 'exec', ns.name, ...priv, process.execPath, BIN, '--socket', socket, ...args]);
}

/** The CLI in-process as root (to look at the host without the daemon). */
function local(args: string[]): Promise<Run> {
  return run('ip', ['netns', 'exec', ns.name, process.execPath, BIN, '--config-file', conf, ...args]);
}

function file(name: string, value: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(value), { mode: 0o644 });
  return p;
}

/** GET /metrics on the API socket (`metrics_address = socket`): the Prometheus text. */
function scrape(): Promise<string> {
  return new Promise<string>((resolve) => {
    const s = connect(socket);
    let got = '';
    s.on('data', (d) => (got += d.toString())).on('close', () => resolve(got));
    s.write('GET /metrics HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n');
  });
}

/** The sum of a metric's samples whose labels include `labels`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const m of text.matchAll(/^([a-z_]+)(?:\{([^}]*)\})? (\S+)$/gm)) {
    if (m[1] !== name) continue;
    const have = m[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => have.split(',').includes(`${k}="${v}"`))) sum += Number(m[3]);
  }
  return sum;
}

async function startDaemon(user: string[] = []): Promise<ChildProcess> {
  daemonLog = '';
  const child = spawn(
    'ip',
    ['netns', 'exec', ns.name, 'setpriv', ...user, ...CAPS, process.execPath, BIN, '--config-file', conf, 'serve'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  child.stderr!.on('data', (d: Buffer) => (daemonLog += d.toString()));
  const deadline = Date.now() + 30_000;
  while (!daemonLog.includes('osvif daemon ready')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`daemon did not start: ${daemonLog}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return child;
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)));
}

beforeAll(async () => {
  if (!existsSync(join(REPO, 'packages/runtime/dist/daemon/server.js'))) throw new Error('build first: npx tsc -b tsconfig.build.json');
  dir = mkdtempSync(join(tmpdir(), 'osvif-daemon-'));
  chmodSync(dir, 0o755);
  socket = join(dir, 'run', 'osvif.sock');
  ns = await createNetns();
  ovs = await startPrivateOvs({ netns: ns.name });
  conf = join(dir, 'osvif.conf');
  writeFileSync(
    conf,
    `${renderConfig({ os_vif_ovs: { ovsdb_connection: ovs.dbEndpoint, ovsdb_interface: 'native', ovs_vsctl_timeout: 10 } })}\n` +
      `[osvif]\nplugins = ${join(REPO, 'packages/plugin-ovs')}\napi_socket = ${socket}\napi_allowed_uids = ${NOBODY}\n` +
      `lock_path = ${join(dir, 'locks')}\njournal_path = ${join(dir, 'state')}\napi_request_timeout = 2\napi_max_connections = 200\n` +
      `metrics_address = socket\n`,
    { mode: 0o644 },
  );
  daemon = await startDaemon();
}, 120_000);

afterAll(async () => {
  if (daemon && daemon.exitCode === null) {
    daemon.kill('SIGTERM');
    await exited(daemon);
  }
  if (ns) await local(['gc', '--valid', file('none.json', [])]);
  await ovs?.stop();
  await disposeAllNetns();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe('osvif serve', () => {
  const vif = testHybridVif({ n: 1 });
  const info = testInstanceInfo();

  it('an unprivileged client (uid 65534, no capabilities) plugs, checks, lists, unplugs and collects garbage', async () => {
    const v = file('vif.json', vif.toPrimitive());
    const i = file('info.json', info.toPrimitive());
    const plug = await client(NOBODY, ['--json', 'plug', '--vif', v, '--instance', i]);
    expect([plug.code, plug.stderr]).toEqual([0, '']);
    expect(JSON.parse(plug.stdout)).toMatchObject({ ok: true, operation: 'plug', vif_id: vif.id, plugin: 'ovs', vif_class: 'VIFBridge' });
    const check = await client(NOBODY, ['check', '--vif', v, '--instance', i]);
    expect([check.code, check.stdout]).toEqual([0, `${vif.id}: ok\n`]);
    // The same answer as in-process.
    const list = await client(NOBODY, ['--json', 'list']);
    const inProcess = await local(['--json', 'list']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual(JSON.parse(inProcess.stdout));
    expect((JSON.parse(list.stdout) as Array<{ vif_id: string }>).map((x) => x.vif_id)).toEqual([vif.id]);
    const unplug = await client(NOBODY, ['unplug', '--vif', v, '--instance', i]);
    expect(unplug.code).toBe(0);
    expect(JSON.parse((await local(['--json', 'list'])).stdout)).toEqual([]);
    // gc: a second VIF plugged, then collected through the daemon.
    expect((await client(NOBODY, ['plug', '--vif', v, '--instance', i])).code).toBe(0);
    const gc = await client(NOBODY, ['--json', 'gc', '--valid', file('valid.json', [])]);
    expect(gc.code).toBe(0);
    expect((JSON.parse(gc.stdout) as { removed: Array<{ vif_id: string }> }).removed.map((r) => r.vif_id)).toEqual([vif.id]);
    expect(JSON.parse((await local(['--json', 'list'])).stdout)).toEqual([]);
    expect(daemonLog).toMatch(/"msg":"plug succeeded".*"request_id":"[0-9a-f-]{36}"/);
    // What the metrics say of it: two plugs, one unplug, by plugin and class; latency; OVSDB and netlink batches.
    const m = await scrape();
    const of = { plugin: 'ovs', vif_class: 'VIFBridge' };
    expect(sample(m, 'osvif_operations_total', { operation: 'plug', ...of, outcome: 'ok' })).toBe(2);
    expect(sample(m, 'osvif_operations_total', { operation: 'unplug', ...of, outcome: 'ok' })).toBe(1);
    expect(sample(m, 'osvif_operation_duration_seconds_count', { operation: 'plug', ...of })).toBe(2);
    expect(sample(m, 'osvif_operation_duration_seconds_bucket', { operation: 'plug', ...of, le: '+Inf' })).toBe(2);
    expect(sample(m, 'osvif_api_requests_total', { operation: 'gc' })).toBeGreaterThanOrEqual(1);
    expect(sample(m, 'osvif_ovsdb_connections_total')).toBeGreaterThanOrEqual(1);
    expect(sample(m, 'osvif_ovsdb_transaction_operations_count')).toBeGreaterThanOrEqual(1);
    expect(sample(m, 'osvif_netlink_batch_messages_count')).toBeGreaterThanOrEqual(1);
    expect(sample(m, 'osvif_api_in_flight')).toBe(0);
    expect(m).toMatch(/^nodejs_eventloop_lag_seconds \S+$/m);
  }, 120_000);

  it('a uid not in the allowlist is refused with the typed error and exit status, nothing changed', async () => {
    const v = file('vif.json', vif.toPrimitive());
    const i = file('info.json', info.toPrimitive());
    const r = await client(65533, ['--json', 'plug', '--vif', v, '--instance', i]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^osvif: error: ApiCallerNotAllowedError: uid 65533 \(gid 65533\) is not allowed/);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, exit_status: 1, error: { code: 'API_CALLER_NOT_ALLOWED' } });
    expect(JSON.parse((await local(['--json', 'list'])).stdout)).toEqual([]);
  }, 60_000);

  it('errors of the runtime come back typed, with the in-process exit status and line', async () => {
    const bad = file('bad.json', { ...vif.toPrimitive(), 'versioned_object.name': 'NoSuchVif' });
    const i = file('info.json', info.toPrimitive());
    const viaDaemon = await client(NOBODY, ['plug', '--vif', bad, '--instance', i]);
    const inProcess = await local(['plug', '--vif', bad, '--instance', i]);
    expect(viaDaemon.code).toBe(inProcess.code);
    expect(viaDaemon.stderr).toBe(
      inProcess.stderr
        .split('\n')
        .filter((l) => l.startsWith('osvif: error:'))
        .join('\n') + '\n',
    );
  }, 60_000);

  it('OsVifClient rethrows the daemon’s error as its osvif classes: instanceof holds across the socket, causes too', async () => {
    const api = new OsVifClient({ socketPath: socket });
    const theirs = testHybridVif({ n: 7 });
    const qbr = `qbr${theirs.id.slice(0, 11)}`;
    await ns.exec('ip', ['link', 'add', qbr, 'type', 'bridge']); // someone else's bridge under the VIF's name
    try {
      const error = await api.plug(theirs, info).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PlugFailedError);
      expect(error).toBeInstanceOf(OsvifError);
      expect(error).not.toBeInstanceOf(UnplugFailedError);
      expect((error as Error).cause).toBeInstanceOf(ForeignResourceError);
      expect(error).toMatchObject({ code: 'PLUG_FAILED', name: 'PlugFailedError', cause: { code: 'FOREIGN_RESOURCE' } });
      expect(await ns.exec('ip', ['-o', 'link', 'show', qbr])).toMatchObject({ stdout: expect.stringContaining(qbr) }); // left alone
    } finally {
      await ns.exec('ip', ['link', 'del', qbr]);
    }
  }, 60_000);

  it('hostile input: malformed JSON, a huge body, slow and idle clients are bounded; the daemon keeps serving', async () => {
    const api = new OsVifClient({ socketPath: socket });
    const raw = (text: string): Promise<string> =>
      new Promise((resolve) => {
        const s = connect(socket);
        let got = '';
        s.on('data', (d) => (got += d.toString()));
        s.on('error', () => resolve(got));
        s.on('close', () => resolve(got));
        s.write(text);
      });
    expect(await raw('POST /v1/plug HTTP/1.1\r\nhost: x\r\ncontent-length: 5\r\nconnection: close\r\n\r\n{bad}')).toMatch(
      /^HTTP\/1.1 400[\s\S]*"code":"API_BAD_REQUEST"/,
    );
    expect(await raw('GARBAGE\r\n\r\n')).toMatch(/^HTTP\/1.1 400/);
    const huge = await raw(`POST /v1/plug HTTP/1.1\r\nhost: x\r\ncontent-length: ${64 << 20}\r\n\r\n${'x'.repeat(1 << 16)}`);
    expect(huge).toMatch(/^HTTP\/1.1 413[\s\S]*"code":"API_PAYLOAD_TOO_LARGE"/);
    // Slowloris: headers never finished; the daemon drops it after api_request_timeout (2 s).
    const slowStart = Date.now();
    const slow = await raw('POST /v1/plug HTTP/1.1\r\nhost: x\r\n');
    expect(slow).toMatch(/^(HTTP\/1.1 408|)/);
    expect(Date.now() - slowStart).toBeLessThan(10_000);
    // 1000 idle connections: at most api_max_connections (200) are kept, and all are gone after the timeout.
    const idle: Socket[] = [];
    for (let n = 0; n < 1000; n++) idle.push(connect(socket).on('error', () => undefined));
    await new Promise((r) => setTimeout(r, 500));
    const open = (): number => idle.filter((s) => !s.destroyed && s.readyState === 'open' && !s.readableEnded).length;
    await new Promise((r) => setTimeout(r, 4000));
    expect(open()).toBe(0);
    for (const s of idle) s.destroy();
    expect((await api.status()).ok).toBe(true);
    expect(daemon!.exitCode).toBeNull();
  }, 60_000);

  it('the Python client (stdlib only) plugs and unplugs a VIF built with the real os-vif objects, as uid 65534', async () => {
    const script = `
import json, sys
sys.path.insert(0, ${JSON.stringify(join(REPO, 'clients/python'))})
import osvif_client as os_vif
from os_vif import objects
from os_vif.objects import instance_info, network, vif as vif_objects
objects.register_all()
mode, sock, vif_json, info_json = sys.argv[1:5]
os_vif.initialize(socket_path=sock)
# Built by os-vif's own classes, from the fields of the test fixture.
d = json.loads(vif_json)["versioned_object.data"]
n = d["network"]["versioned_object.data"]
pp = d["port_profile"]["versioned_object.data"]
vif = vif_objects.VIFBridge(
    id=d["id"], address=d["address"], plugin=d["plugin"], vif_name=d["vif_name"], bridge_name=d["bridge_name"],
    network=network.Network(id=n["id"], bridge=n["bridge"]),
    port_profile=vif_objects.VIFPortProfileOpenVSwitch(interface_id=pp["interface_id"], datapath_type=pp.get("datapath_type")))
i = json.loads(info_json)["versioned_object.data"]
info = instance_info.InstanceInfo(uuid=i["uuid"], name=i["name"], **({"project_id": i["project_id"]} if i.get("project_id") else {}))
out = {"plugins": [p.plugin_name for p in os_vif.host_info().plugin_info], "class": type(vif).__name__}
if mode == "plug":
    os_vif.plug(vif, info)
elif mode == "unplug":
    os_vif.unplug(vif, info)
else:
    vif.plugin = "nosuch"
    try:
        os_vif.plug(vif, info)
    except os_vif.OsVifError as e:
        out["error"] = [e.code, e.name, e.exit_status, e.http_status]
print(json.dumps(out))
`;
    const py = (mode: string): Promise<Run> =>
      run('ip', [
        'netns',
        'exec',
        ns.name,
        'setpriv',
        `--reuid=${NOBODY}`,
        `--regid=${NOBODY}`,
        '--clear-groups',
        '--inh-caps=-all',
        '--bounding-set=-all',
        '/usr/bin/python3',
        '-c',
        script,
        mode,
        socket,
        JSON.stringify(vif.toPrimitive()),
        JSON.stringify(info.toPrimitive()),
      ]);
    const listed = (): Promise<string[]> =>
      local(['--json', 'list']).then((r) => (JSON.parse(r.stdout) as Array<{ vif_id: string }>).map((x) => x.vif_id));
    const plugged = await py('plug');
    expect([plugged.code, plugged.stderr]).toEqual([0, '']);
    expect(JSON.parse(plugged.stdout)).toEqual({ plugins: ['ovs'], class: 'VIFBridge' });
    expect(await listed()).toEqual([vif.id]);
    const check = await client(NOBODY, [
      'check',
      '--vif',
      file('vif.json', vif.toPrimitive()),
      '--instance',
      file('info.json', info.toPrimitive()),
    ]);
    expect(check.stdout).toBe(`${vif.id}: ok\n`);
    const refused = await py('error');
    expect(JSON.parse(refused.stdout).error).toEqual(['PLUGIN_NOT_LOADED', 'PluginNotLoadedError', 1, 422]);
    expect((await py('unplug')).code).toBe(0);
    expect(await listed()).toEqual([]);
  }, 120_000);

  it('SIGTERM with 100 operations in flight: every caller gets an answer, nothing half-made, exit 0', async () => {
    const api = new OsVifClient({ socketPath: socket });
    const vifs = Array.from({ length: 100 }, (_, n) => testHybridVif({ n: 100 + n }));
    const calls = vifs.map((v) =>
      api.plug(v, info).then(
        () => 'ok',
        (e: unknown) => (e instanceof OsvifError ? e.code : `unanswered: ${String(e)}`),
      ),
    );
    // Wait until the daemon has them in flight.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const metrics = await scrape();
      const inFlight = Number(/^osvif_api_in_flight (\d+)/m.exec(metrics)?.[1] ?? 0);
      if (inFlight >= 50 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    daemon!.kill('SIGTERM');
    const outcomes = await Promise.all(calls);
    expect(await exited(daemon!)).toBe(0);
    expect(outcomes.filter((o) => o !== 'ok' && o !== 'API_SHUTTING_DOWN')).toEqual([]);
    expect(outcomes.filter((o) => o === 'ok').length).toBeGreaterThan(0);
    // Exactly the answered plugs exist, each whole; the others left nothing.
    const listed = (JSON.parse((await local(['--json', 'list'])).stdout) as Array<{ vif_id: string }>).map((x) => x.vif_id).sort();
    expect(listed).toEqual(
      vifs
        .filter((_, n) => outcomes[n] === 'ok')
        .map((v) => v.id)
        .sort(),
    );
    for (const [n, v] of vifs.entries()) {
      if (outcomes[n] !== 'ok' || n % 10 !== 0) continue;
      const r = await local(['check', '--vif', file(`v${n}.json`, v.toPrimitive()), '--instance', file('info.json', info.toPrimitive())]);
      expect([n, r.code, r.stdout]).toEqual([n, 0, `${v.id}: ok\n`]);
    }
    expect(existsSync(socket)).toBe(false);
    // A second start on the same (now free) socket works; a third is refused while it runs.
    daemon = await startDaemon();
    const second = await run('ip', ['netns', 'exec', ns.name, process.execPath, BIN, '--config-file', conf, 'serve']);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('DaemonAlreadyRunningError');
  }, 300_000);

  it('runs as a non-root user with only CAP_NET_ADMIN (ambient), serving an unprivileged client', async () => {
    daemon!.kill('SIGTERM');
    expect(await exited(daemon!)).toBe(0);
    // What the systemd unit gives its User=: its runtime directory, and access to the OVSDB socket.
    for (const d of ['run', 'locks', 'state']) {
      mkdirSync(join(dir, d), { recursive: true });
      await run('chown', ['-R', `${NOBODY}:${NOBODY}`, join(dir, d)]);
    }
    const dbSock = ovs.dbEndpoint.replace(/^unix:/, '');
    chmodSync(join(dbSock, '..'), 0o755);
    chmodSync(dbSock, 0o666);
    daemon = await startDaemon([`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups']);
    expect(daemonLog).toContain('"msg":"osvif daemon ready"');
    const v = file('vif.json', vif.toPrimitive());
    const i = file('info.json', info.toPrimitive());
    const plug = await client(NOBODY, ['plug', '--vif', v, '--instance', i]);
    expect([plug.code, plug.stderr]).toEqual([0, '']);
    expect((await client(NOBODY, ['check', '--vif', v, '--instance', i])).stdout).toBe(`${vif.id}: ok\n`);
    const listed = (): Promise<string[]> =>
      local(['--json', 'list']).then((r) => (JSON.parse(r.stdout) as Array<{ vif_id: string }>).map((x) => x.vif_id));
    expect(await listed()).toContain(vif.id);
    expect((await client(NOBODY, ['unplug', '--vif', v, '--instance', i])).code).toBe(0);
    expect(await listed()).not.toContain(vif.id);
  }, 120_000);
});
