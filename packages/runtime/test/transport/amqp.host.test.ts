/**
 * HostInfo negotiation over AMQP 0-9-1 against the real peers: a private RabbitMQ (Debian's
 * rabbitmq-server, started by this file on a loopback port with its own data directory) and Python
 * oslo.messaging with the real os-vif objects (Debian's packages). Both directions: a Python
 * oslo.messaging RPC server as the network host with our service host as the client, and our network
 * host with a Python oslo.messaging RPC client. Then the transport's bounds, broker to broker.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as amqp from 'amqplib';
import { HostInfoResponder, NegotiationTransportError, VIFOpenVSwitch, type HostInfoRequest, type RequestHandler } from '@osvif/objects';
import {
  AmqpAbortedError,
  AmqpBadReplyError,
  AmqpConfigError,
  AmqpNegotiationTransport,
  AmqpNoRouteError,
  AmqpReplyTooLargeError,
  AmqpTimeoutError,
  negotiateAndPlug,
  negotiateVif,
  OsVifRuntime,
  startAmqpNegotiationServer,
  type AmqpNegotiationServer,
} from '@osvif/runtime';
import { NoOpPlugin } from '@osvif/plugin-noop';
import { RecordingOvsPlugin, plugged, silentLogger } from './support/plugins';
import { startPrivateRabbitMq, type PrivateRabbitMq } from '@osvif/testkit';
import { runOsloClient, startOsloNetworkHost, type OsloNetworkHost } from './support/oslo-peers';
import { ovsPort } from '@osvif/conformance';

const PORT_ID = '3e1a7f0c-5b2d-4c6e-9f80-1a2b3c4d5e6f';
const BINDING = { port_id: PORT_ID, host: 'compute-1' };
const INSTANCE = {
  'versioned_object.name': 'InstanceInfo',
  'versioned_object.namespace': 'os_vif',
  'versioned_object.version': '1.0',
  'versioned_object.data': { uuid: 'c1a2b3c4-d5e6-4f70-8190-a1b2c3d4e5f6', name: 'vm1', project_id: 'p1' },
};

let broker: PrivateRabbitMq;
let rt: OsVifRuntime;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  broker = await startPrivateRabbitMq();
  rt = new OsVifRuntime({ pluginClasses: [RecordingOvsPlugin, NoOpPlugin], logger: silentLogger });
  await rt.initialize();
}, 120_000);

afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  await rt?.close();
  await broker?.stop();
  // The helper's promise: no broker, epmd or Python peer outlives the file.
  const left = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter(
      // Only this file's: a Python peer of another file's broker (run in parallel) is not ours to judge.
      (l) =>
        !!broker &&
        (l.includes(broker.dir) ||
          l.includes(`epmd -port ${broker.epmdPort} `) ||
          (l.includes('oslo_network_host.py') && l.includes(`:${new URL(broker.url).port}/`))),
    );
  expect(left).toEqual([]);
}, 60_000);

beforeEach(() => {
  plugged.length = 0;
});

/** oslo.messaging's scheme for RabbitMQ (amqp:// would pick its AMQP 1.0 driver). */
const osloUrl = (): string => broker.url.replace(/^amqp:/, 'rabbit:');

function client(topic: string, extra: Partial<ConstructorParameters<typeof AmqpNegotiationTransport>[0]> = {}): AmqpNegotiationTransport {
  const t = new AmqpNegotiationTransport({ url: `${broker.url}?topic=${topic}`, timeoutMs: 10_000, logger: silentLogger, ...extra });
  cleanups.push(() => t.close());
  return t;
}

async function pythonHost(topic: string, mode: 'current' | 'old-failure' | 'old-manifest'): Promise<OsloNetworkHost> {
  const h = await startOsloNetworkHost(osloUrl(), topic, mode);
  cleanups.push(() => h.stop());
  return h;
}

async function ourHost(
  topic: string,
  responder: RequestHandler = new HostInfoResponder({ bind: async () => [ovsPort()] }),
  extra = {},
): Promise<AmqpNegotiationServer> {
  const s = await startAmqpNegotiationServer(responder, { url: broker.url, topic, server: 'nh-1', logger: silentLogger, ...extra });
  cleanups.push(() => s.close());
  await s.ready();
  return s;
}

/** A primitive with every versioned_object.changes list sorted (Python writes them in set order). */
function sortedChanges(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedChanges);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === 'versioned_object.changes' && Array.isArray(v) ? [...(v as string[])].sort() : sortedChanges(v),
    ]),
  );
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('a Python oslo.messaging network host (real os-vif objects), our service host as the client', () => {
  it('current os-vif: one call, the VIF Python wrote is plugged, inside the plugin range', async () => {
    const py = await pythonHost('osvif-py-current', 'current');
    const out = await negotiateAndPlug(rt, client('osvif-py-current'), BINDING, INSTANCE);
    expect(out.attempts).toHaveLength(1);
    expect(py.calls).toHaveLength(1);
    // What oslo.messaging handed the endpoint is exactly what we sent.
    expect(py.calls[0]!.host_info).toEqual(rt.hostInfo().toPrimitive());
    expect(py.calls[0]!.binding).toEqual(BINDING);
    const vif = py.calls[0]!.reply!.vif as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw wire JSON
    expect(vif['versioned_object.name']).toBe('VIFOpenVSwitch');
    expect(vif['versioned_object.version']).toBe('1.0');
    // The plugin takes OVS profiles 1.0 - 1.3; os-vif 3.0.0 knows up to 1.3.
    expect(vif['versioned_object.data'].port_profile['versioned_object.version']).toBe('1.3');
    expect(out.plugin).toBe('ovs');
    expect(plugged).toHaveLength(1);
    expect(plugged[0]).toBeInstanceOf(VIFOpenVSwitch);
    expect(sortedChanges(plugged[0]!.toPrimitive())).toEqual(sortedChanges(vif));
  });

  it('older os-vif answering with a manifest: converges in one retry with HostVIFInfo 1.0', async () => {
    const py = await pythonHost('osvif-py-old-manifest', 'old-manifest');
    const out = await negotiateVif(rt, client('osvif-py-old-manifest'), BINDING);
    expect(out.attempts).toHaveLength(2);
    expect(py.calls).toHaveLength(2);
    expect(py.calls[0]!.reply!.error).toMatchObject({
      type: 'IncompatibleObjectVersion',
      object: 'HostVIFInfo',
      version: '1.1',
      supported_version: '1.0',
    });
    const vifInfos = JSON.stringify(py.calls[1]!.host_info).match(
      /"versioned_object.name":"HostVIFInfo","versioned_object.namespace":"os_vif","versioned_object.version":"[0-9.]+"/g,
    );
    expect(vifInfos?.length).toBeGreaterThan(0);
    for (const v of vifInfos!) expect(v).toMatch(/"1\.0"$/);
    expect(out.vif).toBeInstanceOf(VIFOpenVSwitch);
    expect(out.plugin).toBe('ovs');
  });

  it("older os-vif raising IncompatibleObjectVersion (os-vif's own way): the oslo failure arrives as the version error reply, and negotiation converges", async () => {
    const py = await pythonHost('osvif-py-old-failure', 'old-failure');
    const request: HostInfoRequest = { host_info: rt.hostInfo().toPrimitive(), binding: BINDING };
    const reply = await client('osvif-py-old-failure').exchange(request);
    expect(py.calls[0]!.raised).toEqual({
      class: 'IncompatibleObjectVersion',
      kwargs: { objname: 'HostVIFInfo', objver: '1.1', supported: '1.0', code: 500 },
    });
    expect(reply).toEqual({
      error: {
        type: 'IncompatibleObjectVersion',
        message: 'Version 1.1 of HostVIFInfo is not supported, supported version is 1.0',
        object: 'HostVIFInfo',
        version: '1.1',
        supported_version: '1.0',
      },
    });
    // No manifest in os-vif's error: the negotiator pins the named object and converges on the next attempt.
    const out = await negotiateVif(rt, client('osvif-py-old-failure'), BINDING);
    expect(out.attempts).toHaveLength(2);
    expect(out.attempts[1]!.manifest).toMatchObject({ HostVIFInfo: '1.0' });
    expect(out.vif.objName).toBe('VIFOpenVSwitch');
  });
});

describe('our network host, a Python oslo.messaging RPC client (real os-vif objects)', () => {
  it('answers negotiate_host_info with a VIF os-vif reads back, and oslo failures for calls it does not serve', async () => {
    const seen: unknown[] = [];
    const responder = new HostInfoResponder({ bind: async () => [ovsPort()] });
    await ourHost('osvif-ts-host', {
      handle: (req: unknown) => {
        seen.push(req);
        return responder.handle(req);
      },
    });
    const report = await runOsloClient(osloUrl(), 'osvif-ts-host');
    expect(seen).toEqual([{ host_info: report.sent, binding: { port_id: PORT_ID, host: 'python-compute' } }]);
    const vif = report.negotiate.result!.vif as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw wire JSON
    expect(vif['versioned_object.version']).toBe('1.0');
    expect(vif['versioned_object.data'].port_profile['versioned_object.version']).toBe('1.3');
    expect(report.negotiate.read_back).toEqual({
      class: 'VIFOpenVSwitch',
      version: '1.0',
      plugin: 'ovs',
      id: PORT_ID,
      profile_class: 'VIFPortProfileOpenVSwitch',
      profile_version: '1.3',
      is_VIFOpenVSwitch: true,
    });
    expect(report.no_such_method).toMatchObject({ raised: 'RemoteError', exc_type: 'NoSuchMethod' });
    expect(report.bad_version).toMatchObject({ raised: 'RemoteError', exc_type: 'UnsupportedVersion' });
  }, 120_000);
});

describe('our network host, a Python client with a call-monitor timeout', () => {
  it('a slow answer still arrives: our server sends oslo heartbeats every call_monitor_timeout / 2', async () => {
    const responder = new HostInfoResponder({ bind: async () => [ovsPort()] });
    await ourHost('osvif-ts-slow', {
      handle: async (req: unknown) => (await new Promise((r) => setTimeout(r, 3500)), responder.handle(req)),
    });
    const report = await runOsloClient(osloUrl(), 'osvif-ts-slow', true);
    // Without heartbeats oslo.messaging raises MessagingTimeout after 2 s.
    expect(report.monitored!.raised).toBeUndefined();
    expect((report.monitored!.result!.vif as Record<string, unknown>)['versioned_object.name']).toBe('VIFOpenVSwitch');
    expect(report.monitored!.seconds).toBeGreaterThan(3.4);
  }, 60_000);
});

describe('a Python and our network host on one topic', () => {
  it('declare the same exchange and queues (no 406) and share the calls as competing consumers', async () => {
    const py = await pythonHost('osvif-shared', 'current');
    let ours = 0;
    const responder = new HostInfoResponder({ bind: async () => [ovsPort()] });
    await ourHost('osvif-shared', {
      handle: (req: unknown) => {
        ours++;
        return responder.handle(req);
      },
    });
    const t = client('osvif-shared');
    for (let i = 0; i < 8; i++) expect((await negotiateVif(rt, t, BINDING)).vif).toBeInstanceOf(VIFOpenVSwitch);
    // RabbitMQ hands the shared topic queue's messages round-robin to its consumers.
    expect(ours).toBeGreaterThan(0);
    expect(py.calls.length).toBeGreaterThan(0);
    expect(ours + py.calls.length).toBe(8);
  });
});

describe('the transport between our two sides: bounds and typed failures', () => {
  const request = (): HostInfoRequest => ({ host_info: rt.hostInfo().toPrimitive(), binding: BINDING });

  it('negotiates through our own network host, also addressed to topic.server', async () => {
    await ourHost('osvif-ts-both');
    expect((await negotiateVif(rt, client('osvif-ts-both'), BINDING)).vif).toBeInstanceOf(VIFOpenVSwitch);
    expect((await negotiateVif(rt, client('osvif-ts-both', { server: 'nh-1' }), BINDING)).plugin).toBe('ovs');
  });

  it('a network host whose queues were deleted under it declares them again (consumer cancelled -> new connection)', async () => {
    await ourHost('osvif-redeclare');
    const t = client('osvif-redeclare', { timeoutMs: 2000 });
    expect((await negotiateVif(rt, t, BINDING)).plugin).toBe('ovs');
    const admin = await amqp.connect(broker.url);
    try {
      const ch = await admin.createChannel();
      await ch.deleteQueue('osvif-redeclare');
      await ch.deleteQueue('osvif-redeclare.nh-1');
    } finally {
      await admin.close();
    }
    // Calls may fail (typed) until the server has reconnected; then they succeed again.
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        expect((await negotiateVif(rt, t, BINDING)).plugin).toBe('ovs');
        break;
      } catch (e) {
        expect(e).toBeInstanceOf(NegotiationTransportError);
        if (Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  });

  it('a topic nobody serves fails at once with AmqpNoRouteError', async () => {
    const started = Date.now();
    const e = await rejection(client('osvif-nobody').exchange(request()));
    expect(e).toBeInstanceOf(AmqpNoRouteError);
    expect(e).toBeInstanceOf(NegotiationTransportError);
    expect((e as AmqpNoRouteError).code).toBe('AMQP_NO_ROUTE');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a network host that never answers: AmqpTimeoutError after timeoutMs', async () => {
    await ourHost('osvif-hang', { handle: () => new Promise(() => undefined) });
    const started = Date.now();
    const e = await rejection(client('osvif-hang', { timeoutMs: 700 }).exchange(request()));
    expect(e).toBeInstanceOf(AmqpTimeoutError);
    expect((e as AmqpTimeoutError).connected).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(690);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a reply above maxReplyBytes or nested deeper than maxJsonDepth is refused before parsing', async () => {
    await ourHost('osvif-big', { handle: async () => ({ error: { type: 'X', message: 'x'.repeat(20_000) } }) });
    expect(await rejection(client('osvif-big', { maxReplyBytes: 10_000 }).exchange(request()))).toBeInstanceOf(AmqpReplyTooLargeError);
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    await ourHost('osvif-deep', { handle: async () => ({ error: { type: 'X', message: 'deep', deep } }) });
    const e = await rejection(client('osvif-deep').exchange(request()));
    expect(e).toBeInstanceOf(AmqpBadReplyError);
    expect((e as AmqpBadReplyError).reason).toMatch(/nested deeper than 64/);
  });

  it('aborts and close() fail calls in flight with AmqpAbortedError', async () => {
    await ourHost('osvif-hang2', { handle: () => new Promise(() => undefined) });
    const ac = new AbortController();
    const t = client('osvif-hang2');
    const p = t.exchange(request(), { signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    expect(await rejection(p)).toBeInstanceOf(AmqpAbortedError);
    const q = t.exchange(request());
    setTimeout(() => void t.close(), 100);
    expect(await rejection(q)).toBeInstanceOf(AmqpAbortedError);
  });

  it('bad URLs and options are AmqpConfigError naming the problem', () => {
    const make = (url: string) => () => new AmqpNegotiationTransport({ url });
    expect(make('http://x/?topic=t')).toThrow(AmqpConfigError);
    expect(make('amqp://127.0.0.1/')).toThrow(/no topic/);
    expect(make('amqp://127.0.0.1/?topic=a b')).toThrow(/topic must be/);
    expect(make('amqp://127.0.0.1/?topic=t&color=red')).toThrow(/unknown query parameter color/);
    expect(make('amqp://u:secret@127.0.0.1/?topic=t&heartbeat=-1')).toThrow(/heartbeat must be/);
    expect(make('amqp://u:secret@127.0.0.1/?topic=t&heartbeat=-1')).not.toThrow(/secret/);
  });
});

describe('osvif negotiate --url amqp://... (the built CLI)', () => {
  const run = (...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> => {
    const dir = mkdtempSync(join(tmpdir(), 'osvif-amqp-cli-'));
    writeFileSync(join(dir, 'none.conf'), '');
    const bin = join(__dirname, '../../bin/osvif.js');
    return new Promise((resolve) =>
      execFile(
        process.execPath,
        [bin, ...args],
        { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH ?? '', OSVIF_CONFIG_FILE: join(dir, 'none.conf') } },
        (err, stdout, stderr) => {
          rmSync(dir, { recursive: true, force: true });
          resolve({ status: err ? Number((err as { code?: number }).code) : 0, stdout, stderr });
        },
      ),
    );
  };

  it('negotiates with our network host over the broker, prints the outcome, and exits', async () => {
    await ourHost('osvif-cli-topic');
    const r = await run('negotiate', '--json', '--url', `${broker.url}?topic=osvif-cli-topic`, '--port-id', PORT_ID);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    const out = JSON.parse(r.stdout) as { ok: boolean; plugin: string; vif: Record<string, unknown>; attempts: unknown[] };
    expect(out).toMatchObject({ ok: true, plugin: 'ovs', vif: { 'versioned_object.name': 'VIFOpenVSwitch' } });
    expect(out.attempts).toHaveLength(1);
  }, 60_000);

  it('exits 7 when no one serves the topic, and 2 on a bad AMQP URL', async () => {
    const none = await run('negotiate', '--url', `${broker.url}?topic=osvif-nobody`, '--port-id', PORT_ID, '--timeout', '3000');
    expect(none.status).toBe(7);
    expect(none.stderr).toMatch(/NetworkHostUnreachableError: .*no queue for topic osvif-nobody/);
    expect(none.stderr).not.toContain('guest:guest'); // the password is never printed
    const bad = await run('negotiate', '--url', 'amqp://broker:notaport/?topic=x', '--port-id', PORT_ID);
    expect(bad.status).toBe(2);
  }, 60_000);
});
