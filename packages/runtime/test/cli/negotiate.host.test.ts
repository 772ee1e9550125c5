// `osvif negotiate` through the BUILT CLI (the test suite builds first) against real network hosts over loopback
// HTTP (packages/conformance/src/negotiation/network-host.ts in a child process): the outcome it prints, --plug,
// and every exit status and error of the command.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { startNetworkHosts, type NetworkHostProcess } from '../transport/support/network-host-process';

const REPO = join(__dirname, '../../../..');
const BIN = join(REPO, 'packages/runtime/bin/osvif.js');
const PORT_ID = '3e1a7f0c-5b2d-4c6e-9f80-1a2b3c4d5e6f';
const OLD = { HostInfo: '1.0', HostPluginInfo: '1.0', HostVIFInfo: '1.0', HostPortProfileInfo: '1.0', VIFPortProfileOpenVSwitch: '1.2' };

let hosts: NetworkHostProcess;
let dir: string;
let deadUrl: string;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function osvif(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH ?? '', OSVIF_CONFIG_FILE: join(dir, 'none.conf') } },
      (err, stdout, stderr) => resolve({ status: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  if (!existsSync(join(REPO, 'packages/runtime/dist/cli/main.js')))
    throw new Error('the CLI is not built: run `npx tsc -b tsconfig.build.json` first');
  dir = mkdtempSync(join(tmpdir(), 'osvif-negotiate-'));
  writeFileSync(join(dir, 'none.conf'), '');
  writeFileSync(
    join(dir, 'instance.json'),
    JSON.stringify({
      'versioned_object.name': 'InstanceInfo',
      'versioned_object.namespace': 'os_vif',
      'versioned_object.version': '1.0',
      'versioned_object.data': { uuid: 'c1a2b3c4-d5e6-4f70-8190-a1b2c3d4e5f6', name: 'vm1', project_id: 'p1' },
    }),
  );
  hosts = await startNetworkHosts({
    current: {},
    oldNoManifest: { olderVersions: OLD, advertiseManifest: false },
    vhostuser: { offer: 'vhostuser' },
    reject: { rejectPorts: ['gone'] },
    noProgress: { misbehave: 'no-progress' },
    hang: { misbehave: 'hang' },
    notJson: { misbehave: 'not-json' },
    badVif: { misbehave: 'bad-vif' },
  });
  // A loopback port nobody listens on: bound, closed, then used.
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  deadUrl = `http://127.0.0.1:${(s.address() as net.AddressInfo).port}`;
  await new Promise<void>((r) => s.close(() => r()));
}, 90_000);

afterAll(async () => {
  await hosts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const jsonOut = (r: Run) => JSON.parse(r.stdout) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- CLI output, asserted field by field

describe('osvif negotiate', () => {
  it('prints each attempt and the VIF for the plugin the network host chose; exit 0', async () => {
    const r = await osvif('negotiate', '--url', hosts.url('current'), '--port-id', PORT_ID, '--host', 'compute-1');
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toMatch(/^attempt 1: sent HostInfo 1\.0, .*HostVIFInfo 1\.1/m);
    expect(r.stdout).toMatch(/^ {2}answered: VIF VIFOpenVSwitch 1\.0$/m);
    expect(r.stdout).toMatch(/^VIF VIFOpenVSwitch 1\.0 with VIFPortProfileOpenVSwitch 1\.\d for plugin ovs$/m);
    const [x] = await hosts.waitForExchanges('current', 1);
    expect(JSON.parse(x.request).binding).toEqual({ port_id: PORT_ID, host: 'compute-1' });
  });

  it('--json: the attempts with what was sent and answered; an os-vif-era host (no manifest) converges in one retry', async () => {
    const r = await osvif('--json', 'negotiate', '--url', hosts.url('oldNoManifest'), '--port-id', PORT_ID);
    expect(r.status).toBe(0);
    const out = jsonOut(r);
    expect(out.ok).toBe(true);
    expect(out.plugged).toBe(false);
    expect(out.attempts).toHaveLength(2);
    expect(out.attempts[0].reply.error).toMatchObject({
      type: 'IncompatibleObjectVersion',
      object: 'HostVIFInfo',
      supported_version: '1.0',
    });
    expect(out.attempts[1].manifest).toEqual({ HostVIFInfo: '1.0' });
    expect(out.attempts[1].sent_versions.HostVIFInfo).toBe('1.0');
    expect(out.vif['versioned_object.data'].port_profile['versioned_object.version']).toBe('1.2');
    expect(out.vif).toEqual(out.attempts[1].reply.vif);
  });

  it('--permitted and --plug --instance: the VIF is plugged (vhost-user, by the noop plugin)', async () => {
    const r = await osvif(
      '--json',
      'negotiate',
      '--url',
      hosts.url('vhostuser'),
      '--port-id',
      PORT_ID,
      '--permitted',
      'VIFVHostUser',
      '--plug',
      '--instance',
      join(dir, 'instance.json'),
    );
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    const out = jsonOut(r);
    expect([out.plugin, out.plugged, out.vif['versioned_object.name']]).toEqual(['noop', true, 'VIFVHostUser']);
    const [x] = await hosts.waitForExchanges('vhostuser', 1);
    type Env = { 'versioned_object.data': Record<string, unknown> };
    const plugins = (JSON.parse(x.request) as { host_info: Env }).host_info['versioned_object.data'].plugin_info as Env[];
    const offered = plugins.flatMap((p) =>
      (p['versioned_object.data'].vif_info as Env[]).map((v) => v['versioned_object.data'].vif_object_name),
    );
    expect([...new Set(offered)]).toEqual(['VIFVHostUser']);
  });

  it.each([
    ['no common version (an answer that makes no progress)', 'noProgress', [], 5, 'NEGOTIATION_NO_PROGRESS', 'NegotiationNoProgressError'],
    ['the network host refused the binding', 'reject', [], 6, 'REMOTE_NEGOTIATION_ERROR', 'RemoteNegotiationError'],
    ['transport: no reply in time', 'hang', ['--timeout', '300'], 7, 'NETWORK_HOST_UNREACHABLE', 'NetworkHostUnreachableError'],
    ['transport: not a negotiation reply', 'notJson', [], 7, 'NETWORK_HOST_UNREACHABLE', 'NetworkHostUnreachableError'],
    ['a reply that does not read', 'badVif', [], 1, 'MALFORMED_REPLY', 'MalformedReplyError'],
  ])('%s', async (_name, host, extra, status, code, name) => {
    const port = host === 'reject' ? 'gone' : PORT_ID;
    const r = await osvif('--json', 'negotiate', '--url', hosts.url(host), '--port-id', port, ...extra);
    expect(r.status).toBe(status);
    expect(r.stderr).toMatch(new RegExp(`^osvif: error: ${name}: `));
    expect(jsonOut(r)).toMatchObject({ ok: false, exit_status: status, error: { code, name } });
  });

  it('a refused binding names the reason; a transport failure keeps the transport error as the cause', async () => {
    const refused = await osvif('--json', 'negotiate', '--url', hosts.url('reject'), '--port-id', 'gone');
    expect(refused.stderr).toContain('BindingRejected: no port gone');
    const dead = await osvif('--json', 'negotiate', '--url', deadUrl, '--port-id', PORT_ID);
    expect(dead.status).toBe(7);
    expect(jsonOut(dead).error.cause).toMatchObject({ code: 'HTTP_CONNECTION', name: 'HttpConnectionError' });
    const slow = await osvif('--json', 'negotiate', '--url', hosts.url('hang'), '--port-id', PORT_ID, '--timeout', '200');
    expect(jsonOut(slow).error.cause).toMatchObject({ code: 'HTTP_TIMEOUT' });
  });

  it.each([
    ['--plug without --instance', ['--plug']],
    ['--instance without --plug', ['--instance', 'x.json']],
    ['a URL of another scheme', ['--url', 'ftp://127.0.0.1/']],
    ['not a URL', ['--url', 'not a url']],
    ['a bad --timeout', ['--timeout', 'soon']],
    ['an empty --port-id', ['--port-id', '']],
  ])('usage errors exit 2: %s', async (_name, args) => {
    const base = { '--url': 'http://127.0.0.1:9', '--port-id': PORT_ID } as Record<string, string>;
    for (let i = 0; i < args.length; i += 2) if (args[i] in base) base[args[i]] = args[i + 1];
    const rest = args.filter((a, i) => !(a in base) && !(i > 0 && args[i - 1] in base));
    const r = await osvif('negotiate', ...Object.entries(base).flat(), ...rest);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^osvif: error: |error: /);
  });

  it('help, completion and the man page list the command and its exit statuses', async () => {
    const help = await osvif('--help');
    expect(help.stdout).toMatch(/negotiate \[options\]/);
    expect(help.stdout).toContain('5  negotiate: no HostInfo version both hosts read');
    const completion = await osvif('completion', 'bash');
    expect(completion.stdout).toMatch(/"negotiate"\) words=".*--port-id.*--plug/);
    const man = await osvif('man');
    expect(man.stdout).toContain('.B osvif negotiate');
  });
});

const CURRENT = 'the current network host';

describe('osvif --socket negotiate: the same negotiation run by the daemon (/v1/negotiate)', () => {
  let daemon: ChildProcess;
  let socket: string;

  beforeAll(async () => {
    socket = join(dir, 'osvif.sock');
    const conf = join(dir, 'daemon.conf');
    writeFileSync(
      conf,
      `[osvif]\nplugins = ${join(REPO, 'packages/plugin-noop')}\napi_socket = ${socket}\nlock_path = ${join(dir, 'l')}\njournal_path = ${join(dir, 'j')}\n`,
    );
    daemon = spawn(process.execPath, [BIN, '--config-file', conf, 'serve'], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const deadline = Date.now() + 20_000;
    while (!existsSync(socket)) {
      if (Date.now() > deadline || daemon.exitCode !== null) throw new Error('the daemon did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
  }, 30_000);

  afterAll(async () => {
    if (daemon && daemon.exitCode === null) {
      const exited = new Promise((r) => daemon.once('exit', r));
      daemon.kill('SIGTERM');
      await exited;
    }
  });

  it('negotiates and plugs in the daemon: the outcome of the in-process run', async () => {
    const args = ['negotiate', '--url', hosts.url('vhostuser'), '--port-id', PORT_ID, '--permitted', 'VIFVHostUser'];
    const plug = ['--plug', '--instance', join(dir, 'instance.json')];
    const [viaDaemon, inProcess] = [await osvif('--json', '--socket', socket, ...args, ...plug), await osvif('--json', ...args, ...plug)];
    expect({ status: viaDaemon.status, stderr: viaDaemon.stderr }).toEqual({ status: 0, stderr: '' });
    // The same outcome; the HostInfo sent differs only by the plugins each side loaded (the daemon: noop only).
    const outcome = ({ ok, plugin, vif, plugged, attempts }: ReturnType<typeof jsonOut>) => ({
      ok,
      plugin,
      vif,
      plugged,
      attempts: attempts.length,
    });
    expect(outcome(jsonOut(viaDaemon))).toEqual(outcome(jsonOut(inProcess)));
    expect(jsonOut(viaDaemon)).toMatchObject({ ok: true, plugin: 'noop', plugged: true });
    const text = await osvif('--socket', socket, ...args);
    expect(text.stdout).toMatch(/^VIF VIFVHostUser 1\.\d for plugin noop$/m);
  });

  it.each([
    ['the network host refused the binding', () => ['--url', hosts.url('reject'), '--port-id', 'gone'], 6, 'REMOTE_NEGOTIATION_ERROR'],
    ['the network host is unreachable', () => ['--url', deadUrl, '--port-id', PORT_ID], 7, 'NETWORK_HOST_UNREACHABLE'],
    ['no common version', () => ['--url', hosts.url('noProgress'), '--port-id', PORT_ID], 5, 'NEGOTIATION_NO_PROGRESS'],
    ['a scheme no transport serves', () => ['--url', 'ftp://127.0.0.1/', '--port-id', PORT_ID], 2, 'NETWORK_HOST_URL'],
  ])('%s: the exit status and typed error of the in-process run', async (_name, args, status, code) => {
    const [viaDaemon, inProcess] = [
      await osvif('--json', '--socket', socket, 'negotiate', ...args()),
      await osvif('--json', 'negotiate', ...args()),
    ];
    expect(viaDaemon.status).toBe(status);
    expect(inProcess.status).toBe(status);
    expect(jsonOut(viaDaemon)).toMatchObject({ ok: false, exit_status: status, error: { code } });
    expect(jsonOut(inProcess)).toMatchObject({ ok: false, exit_status: status, error: { code } });
  });

  it.each([
    ['no port_id', { url: CURRENT }],
    ['a number as url', { url: 7, port_id: PORT_ID }],
    ['a huge port_id', { url: CURRENT, port_id: 'x'.repeat(300) }],
    ['a bad timeout', { url: CURRENT, port_id: PORT_ID, timeout_ms: -1 }],
    ['permitted types not a list', { url: CURRENT, port_id: PORT_ID, permitted_vif_types: 'VIFBridge' }],
  ])('bad API input is a 400 naming the field, and nothing is sent: %s', async (_name, given) => {
    const body = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, v === CURRENT ? hosts.url('current') : v]));
    const before = hosts.exchanges('current').length;
    const reply = await new Promise<{ status: number; body: { error: { code: string; message: string } } }>((resolve, reject) => {
      const req = request(
        { socketPath: socket, path: '/v1/negotiate', method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('API_BAD_REQUEST');
    expect(reply.body.error.message).toMatch(/port_id|url|timeout_ms|permitted_vif_types/);
    expect(hosts.exchanges('current').length).toBe(before);
  });
});
