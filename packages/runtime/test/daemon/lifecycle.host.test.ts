// The daemon's lifecycle with systemd's notify protocol: a fake $NOTIFY_SOCKET (a Python datagram listener, as
// systemd's) receives READY=1, RELOADING=1 on SIGHUP, STOPPING=1 on SIGTERM; a stale socket file left by a killed
// daemon is reused. The noop plugin only: no namespace needed.
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OsVifClient } from '@osvif/runtime';
import { VIFVHostUser } from '@osvif/objects';
import { testInstanceInfo, testVifId } from '@osvif/testkit';
import { REPO } from '../discovery/fixtures';

const BIN = join(REPO, 'packages/runtime/bin/osvif.js');
const LISTENER = `
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("listening", flush=True)
while True:
    print(s.recv(4096).decode(), flush=True)
`;

let dir: string;
let listener: ChildProcess;
let received = '';

async function until(what: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!what()) {
    if (Date.now() > deadline) throw new Error(`timed out; notifications so far: ${JSON.stringify(received)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'osvif-notify-'));
  listener = spawn('/usr/bin/python3', ['-c', LISTENER, join(dir, 'notify.sock')], { stdio: ['ignore', 'pipe', 'inherit'] });
  listener.stdout!.on('data', (d: Buffer) => (received += d.toString()));
  await until(() => received.includes('listening'));
});
afterAll(() => {
  listener?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('notifies READY=1, reloads on SIGHUP, reuses a stale socket, stops with STOPPING=1 and exit 0', async () => {
  const socket = join(dir, 'osvif.sock');
  // A socket file nobody listens on (a daemon killed with SIGKILL leaves one).
  execFileSync('/usr/bin/python3', ['-c', 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])', socket]);
  expect(existsSync(socket)).toBe(true);
  const conf = join(dir, 'osvif.conf');
  const write = (extra: string): void =>
    writeFileSync(
      conf,
      `[osvif]\nplugins = ${join(REPO, 'packages/plugin-noop')}\napi_socket = ${socket}\nlock_path = ${join(dir, 'l')}\njournal_path = ${join(dir, 'j')}\n${extra}`,
    );
  write('');
  let log = '';
  const daemon = spawn(process.execPath, [BIN, '--config-file', conf, 'serve'], {
    env: { PATH: process.env.PATH ?? '', NOTIFY_SOCKET: join(dir, 'notify.sock') },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  daemon.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const exit = new Promise<number | null>((r) => daemon.once('exit', (code) => r(code)));
  try {
    await until(() => received.includes('READY=1'));
    const client = new OsVifClient({ socketPath: socket });
    expect((await client.status()).ok).toBe(true);
    expect((await client.hostInfo()).plugin_info.map((p) => p.plugin_name)).toEqual(['noop']);

    // SIGHUP: a new configuration (a bad one is refused, the old one kept).
    write('api_allowed_uids = not-a-number\n');
    daemon.kill('SIGHUP');
    await until(() => log.includes('reload failed'));
    expect((await client.status()).ok).toBe(true);
    write('api_allowed_uids = 1234\n');
    daemon.kill('SIGHUP');
    await until(() => log.includes('configuration reloaded'));
    expect(received).toMatch(/RELOADING=1[\s\S]*READY=1/);
    expect((await client.status()).ok).toBe(true);

    daemon.kill('SIGTERM');
    expect(await exit).toBe(0);
    await until(() => received.includes('STOPPING=1'));
    expect(existsSync(socket)).toBe(false);
  } finally {
    if (daemon.exitCode === null) daemon.kill('SIGKILL');
  }
}, 60_000);

/** A loopback port free a moment ago. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function httpGet(url: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    }).on('error', reject);
  });
}

/** Starts `osvif serve` with `conf` (its output dropped); resolves once `socket` exists. */
async function serveUntilListening(conf: string, socket: string): Promise<{ daemon: ChildProcess; exit: Promise<number | null> }> {
  const daemon = spawn(process.execPath, [BIN, '--config-file', conf, 'serve'], { env: { PATH: process.env.PATH ?? '' }, stdio: 'ignore' });
  const exit = new Promise<number | null>((r) => daemon.once('exit', (code) => r(code)));
  const deadline = Date.now() + 20_000;
  while (!existsSync(socket)) {
    if (Date.now() > deadline || daemon.exitCode !== null) {
      daemon.kill('SIGKILL');
      throw new Error('the daemon did not start');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { daemon, exit };
}

it('metrics_address = 127.0.0.1:PORT serves Prometheus text over loopback TCP; a non-loopback address is refused at start', async () => {
  const socket = join(dir, 'metrics.sock');
  const port = await freePort();
  const conf = join(dir, 'metrics.conf');
  const base = `[osvif]\nplugins = ${join(REPO, 'packages/plugin-noop')}\napi_socket = ${socket}\nlock_path = ${join(dir, 'l')}\njournal_path = ${join(dir, 'j')}\n`;
  writeFileSync(conf, `${base}metrics_address = 127.0.0.1:${port}\n`);
  const { daemon, exit } = await serveUntilListening(conf, socket);
  try {
    const client = new OsVifClient({ socketPath: socket });
    await client.status();
    await client.status();
    const m = await httpGet(`http://127.0.0.1:${port}/metrics`);
    expect(m.status).toBe(200);
    expect(m.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(m.body).toMatch(/^osvif_api_requests_total\{[^}]*operation="status"[^}]*\} 2$/m);
    expect(m.body).toMatch(/^# TYPE osvif_operation_duration_seconds histogram$/m);
    expect((await httpGet(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    daemon.kill('SIGTERM');
    expect(await exit).toBe(0);
  } finally {
    if (daemon.exitCode === null) daemon.kill('SIGKILL');
  }

  writeFileSync(conf, `${base}metrics_address = 0.0.0.0:${port}\n`);
  const refused = spawn(process.execPath, [BIN, '--config-file', conf, 'serve'], {
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  refused.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  // It must exit by itself (a failed start once left the API socket listening and the process alive).
  const killer = setTimeout(() => refused.kill('SIGKILL'), 15_000);
  const code = await new Promise<number | null>((r) => refused.once('exit', (c) => r(c)));
  clearTimeout(killer);
  expect(code).toBe(1);
  expect(stderr).toMatch(/metrics_address "0\.0\.0\.0:\d+": expected socket or a loopback host:port/);
  expect(existsSync(socket)).toBe(false);
}, 60_000);

it('over api_max_concurrency a call is answered API_BUSY before it is read, and both clients ask again until it is served', async () => {
  const socket = join(dir, 'busy.sock');
  const conf = join(dir, 'busy.conf');
  writeFileSync(
    conf,
    `[osvif]\nplugins = ${join(REPO, 'packages/plugin-noop')}\napi_socket = ${socket}\nlock_path = ${join(dir, 'l')}\n` +
      `journal_path = ${join(dir, 'j')}\napi_max_concurrency = 1\nmetrics_address = socket\n`,
  );
  const { daemon, exit } = await serveUntilListening(conf, socket);
  try {
    const client = new OsVifClient({ socketPath: socket, timeoutMs: 30_000 });
    const info = testInstanceInfo();
    const vifs = Array.from(
      { length: 40 },
      (_, n) => new VIFVHostUser({ id: testVifId(n), plugin: 'noop', vif_name: `vhu${n}`, mode: 'server', path: `/tmp/vhu${n}` }),
    );
    await Promise.all(vifs.map((v) => client.plug(v, info))); // every one served, none refused
    // The Python client too: 20 threads at once.
    const py = execFileSync(
      '/usr/bin/python3',
      [
        '-c',
        `import sys, threading; sys.path.insert(0, ${JSON.stringify(join(REPO, 'clients/python'))}); import osvif_client as c
c.initialize(socket_path=${JSON.stringify(socket)}, timeout=30)
errors = []
def one():
    try:
        c._call("GET", "/v1/status")
    except Exception as e:
        errors.append(repr(e))
ts = [threading.Thread(target=one) for _ in range(20)]
[t.start() for t in ts]; [t.join() for t in ts]
print(len(errors), errors[:1])`,
      ],
      { encoding: 'utf8' },
    );
    expect(py.trim()).toBe('0 []');
    // The limit did refuse calls (answered 503 API_BUSY), which the clients asked again.
    const metrics = await new Promise<string>((resolve, reject) =>
      get({ socketPath: socket, path: '/metrics' }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve(body));
      }).on('error', reject),
    );
    const busy = (operation: string): number =>
      Number(
        new RegExp(`^osvif_api_requests_total\\{[^}]*operation="${operation}"[^}]*status="503"[^}]*\\} (\\d+)$`, 'm').exec(metrics)?.[1] ??
          0,
      );
    expect(busy('plug') + busy('status')).toBeGreaterThan(0);
    daemon.kill('SIGTERM');
    expect(await exit).toBe(0);
  } finally {
    if (daemon.exitCode === null) daemon.kill('SIGKILL');
  }
}, 60_000);
