// Cost curves: what a port write costs as the bridge grows, osvif beside
// os-vif 3.0.0 (ovsdb_interface=native, ovsdbapp) at each size, on the same
// private userspace OVS, in the same run. Two kinds of bridge:
//   - devices: every existing port is a real link (one end of a veth pair,
//     left down so no traffic flows) that ovs-vswitchd opens, as on a host;
//   - rows: device-less rows (ovs-vswitchd fails to open them).
// The existing ports are made fast: links with one `ip -batch` (netlink, in
// the namespace), rows with ONE OVSDB transaction through our client.
// Everything is torn down in `finally` (namespace deletion removes the links
// in one batch). Bounded: every wait has a timeout, sample counts are fixed.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { OvsdbClient } from '@osvif/ovsdb';
import type { OvsdbOperation } from '@osvif/ovsdb';
import { createOvsDriver } from '@osvif/plugin-ovs';
import { createNetns, startPrivateOvs } from '@osvif/testkit';
import type { PrivateOvs, TestNetns } from '@osvif/testkit';
import { BenchRow, BenchSection, median } from './types';

const PYTHON = '/usr/bin/python3';
const BRIDGE = 'br-scale';
type Mode = 'devices' | 'rows';

function exec(file: string, args: string[], timeout = 600_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 64 << 20, timeout }, (err, stdout, stderr) =>
      err ? reject(new Error(`${file} ${args[0]} failed: ${stderr.trim().slice(-2000) || err.message}`)) : resolve(stdout),
    );
  });
}

/** What os-vif's OVS plugin does for a generic plug's port, timed inside Python, at one size. */
const PY = `
import json, resource, sys, time, types
cfg = json.loads(sys.argv[1])
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
from vif_plug_ovs.ovsdb import ovsdb_lib
ovs = ovsdb_lib.BaseOVS(types.SimpleNamespace(ovs_vsctl_timeout=120, ovsdb_connection=cfg['conn'], ovsdb_interface='native'))
ovs.ovsdb.br_exists(cfg['bridge']).execute(check_error=True)
rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
add, dele = [], []
for i in range(cfg['n'] + 1):
    name = 'py%d' % i
    t0 = time.perf_counter()
    ovs.create_ovs_vif_port(cfg['bridge'], name, 'e65867e0-9340-4a7f-a256-09af6eb7a3aa', 'ca:fe:de:ad:be:ef', 'f0000000-0000-0000-0000-000000000001', interface_type='internal')
    t1 = time.perf_counter()
    ovs.delete_ovs_vif_port(cfg['bridge'], name, delete_netdev=False)
    if i:
        add.append((t1 - t0) * 1000); dele.append((time.perf_counter() - t1) * 1000)
print(json.dumps({'add': add, 'del': dele, 'rssKiB': rss1 - rss0}))
`;

interface PySample {
  add: number[];
  del: number[];
  rssKiB: number;
}

/** CPU milliseconds (user + system) of a process so far, from /proc (ticks of 1/100 s). */
function processCpuMs(pidFile: string): number {
  try {
    const pid = readFileSync(pidFile, 'utf8').trim();
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** A full collection before a memory reading (the bench is not started with --expose-gc). */
function gc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** One size of one bridge kind. */
interface Point {
  size: number;
  osvif: number[];
  osvifPython: PySample;
  /** Our raw client: transaction reply, then ovs-vswitchd's cur_cfg after it (ms, medians). */
  commitMs: number;
  applyMs: number;
  /** CPU per plug+unplug, ms: node, ovsdb-server, ovs-vswitchd. */
  cpu: { node: number; db: number; vs: number };
  /** Seconds to plug `concurrent` ports all at once (osvif driver, group commit). */
  concurrentS: number;
  /** Heap and RSS bytes a fresh driver's synced cache costs, per existing port. */
  heapPerPort: number;
  rssPerPort: number;
}

/** Adds `count` ports (from index `from`) to the bridge in ONE transaction, and waits until ovs-vswitchd applied it. */
async function addPorts(client: OvsdbClient, ns: TestNetns, mode: Mode, from: number, count: number, dir: string): Promise<void> {
  if (!count) return;
  if (mode === 'devices') {
    const lines = Array.from({ length: count }, (_, k) => `link add sv${from + k} type veth peer name sp${from + k}`);
    const file = join(dir, `links-${from}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    await exec('ip', ['-n', ns.name, '-batch', file]);
  }
  const ops: OvsdbOperation[] = [];
  const ports: ['named-uuid', string][] = [];
  for (let k = 0; k < count; k++) {
    const i = from + k;
    ops.push({ op: 'insert', table: 'Interface', row: { name: `sv${i}` }, 'uuid-name': `i${i}` });
    ops.push({ op: 'insert', table: 'Port', row: { name: `sv${i}`, interfaces: ['named-uuid', `i${i}`] }, 'uuid-name': `p${i}` });
    ports.push(['named-uuid', `p${i}`]);
  }
  ops.push({ op: 'mutate', table: 'Bridge', where: [['name', '==', BRIDGE]], mutations: [['ports', 'insert', ['set', ports]]] });
  await commitAndApply(client, ops, 600_000);
}

/** One transaction with a next_cfg bump; returns [ms to the reply, ms from the reply to cur_cfg, uuid of the second result]. */
async function commitAndApply(client: OvsdbClient, ops: OvsdbOperation[], timeoutMs = 120_000): Promise<[number, number, string]> {
  const all: OvsdbOperation[] = [
    ...ops,
    { op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['next_cfg', '+=', 1]] },
    { op: 'select', table: 'Open_vSwitch', where: [], columns: ['next_cfg'] },
  ];
  const t0 = performance.now();
  const r = await client.transact(all, 'scale', timeoutMs);
  const t1 = performance.now();
  const next = Number(r[r.length - 1].rows?.[0]?.next_cfg);
  await client.waitForCache((c) => Number(c.rows('Open_vSwitch')[0]?.cur_cfg) >= next, 'scale apply', timeoutMs);
  const uuid = r[1]?.uuid;
  return [t1 - t0, performance.now() - t1, Array.isArray(uuid) ? String(uuid[1]) : ''];
}

async function measure(ovs: PrivateOvs, raw: OvsdbClient, size: number, n: number, concurrent: number): Promise<Point> {
  gc();
  const m0 = process.memoryUsage();
  const d = createOvsDriver({ connection: ovs.dbEndpoint, interface: 'native', timeoutSeconds: 120 });
  try {
    await d.bridgeExists(BRIDGE); // connects and syncs the cache
    gc();
    const m1 = process.memoryUsage();
    const spec = (name: string) => ({ bridge: BRIDGE, name, interfaceType: 'internal', externalIds: { 'iface-id': `id-${name}` } });
    await d.addOrUpdatePort(spec('warm'));
    await d.deletePort(BRIDGE, 'warm');
    const times: number[] = [];
    const cpu0 = {
      node: process.cpuUsage(),
      db: processCpuMs(`${ovs.dir}/ovsdb-server.pid`),
      vs: processCpuMs(`${ovs.dir}/ovs-vswitchd.pid`),
    };
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await d.addOrUpdatePort(spec(`js${i}`));
      times.push(performance.now() - t0);
      await d.deletePort(BRIDGE, `js${i}`);
    }
    const nodeCpu = process.cpuUsage(cpu0.node);
    const cpu = {
      node: (nodeCpu.user + nodeCpu.system) / 1000 / n,
      db: (processCpuMs(`${ovs.dir}/ovsdb-server.pid`) - cpu0.db) / n,
      vs: (processCpuMs(`${ovs.dir}/ovs-vswitchd.pid`) - cpu0.vs) / n,
    };
    // Where a plug's time goes: the same port write by the raw client, reply and apply timed apart.
    const commit: number[] = [];
    const apply: number[] = [];
    for (let i = 0; i < n; i++) {
      const name = `rw${i}`;
      const [c, a, portUuid] = await commitAndApply(raw, [
        { op: 'insert', table: 'Interface', row: { name, type: 'internal' }, 'uuid-name': 'ri' },
        { op: 'insert', table: 'Port', row: { name, interfaces: ['named-uuid', 'ri'] }, 'uuid-name': 'rp' },
        {
          op: 'mutate',
          table: 'Bridge',
          where: [['name', '==', BRIDGE]],
          mutations: [['ports', 'insert', ['set', [['named-uuid', 'rp']]]]],
        },
      ]);
      commit.push(c);
      apply.push(a);
      // By the same client (the driver's cache may not have seen the port yet).
      const del: OvsdbOperation = {
        op: 'mutate',
        table: 'Bridge',
        where: [['name', '==', BRIDGE]],
        mutations: [['ports', 'delete', ['set', [['uuid', portUuid]]]]],
      };
      await commitAndApply(raw, [del]);
    }
    // Many plugs at once (group commit), then their unplugs (untimed).
    const names = Array.from({ length: concurrent }, (_, i) => `cc${i}`);
    const t0 = performance.now();
    await Promise.all(names.map((x) => d.addOrUpdatePort(spec(x))));
    const concurrentS = (performance.now() - t0) / 1000;
    await Promise.all(names.map((x) => d.deletePort(BRIDGE, x)));
    const osvifPython = JSON.parse(
      (await exec(PYTHON, ['-c', PY, JSON.stringify({ conn: ovs.dbEndpoint, bridge: BRIDGE, n })])).trim().split('\n').pop() ?? '',
    ) as PySample;
    const ports = Math.max(1, size);
    return {
      size,
      osvif: times,
      osvifPython,
      commitMs: median(commit),
      applyMs: median(apply),
      cpu,
      concurrentS,
      heapPerPort: (m1.heapUsed - m0.heapUsed) / ports,
      rssPerPort: (m1.rss - m0.rss) / ports,
    };
  } finally {
    await d.close();
  }
}

async function curve(mode: Mode, sizes: readonly number[], n: number, concurrent: number): Promise<Point[]> {
  const ns = await createNetns({ agent: false });
  const dir = mkdtempSync(join(tmpdir(), 'osvif-scale-'));
  let ovs: PrivateOvs | undefined;
  let raw: OvsdbClient | undefined;
  try {
    // No IPv6 chatter from the links (none is up, but be sure nothing floods the bridge).
    await exec('ip', [
      'netns',
      'exec',
      ns.name,
      'sysctl',
      '-qw',
      'net.ipv6.conf.all.disable_ipv6=1',
      'net.ipv6.conf.default.disable_ipv6=1',
    ]);
    ovs = await startPrivateOvs({ netns: ns.name });
    await ovs.vsctl(['add-br', BRIDGE, '--', 'set', 'Bridge', BRIDGE, 'datapath_type=netdev']);
    raw = new OvsdbClient({
      connection: ovs.dbEndpoint,
      database: 'Open_vSwitch',
      timeoutMs: 600_000,
      monitor: { Open_vSwitch: ['cur_cfg', 'next_cfg'] },
    });
    const points: Point[] = [];
    let have = 0;
    for (const size of sizes) {
      process.stderr.write(`bench scale: ${mode} ${size} ports...\n`);
      await addPorts(raw, ns, mode, have, size - have, dir);
      have = size;
      const p = await measure(ovs, raw, size, n, concurrent);
      process.stderr.write(`bench scale: ${mode} ${size}: ${JSON.stringify(p)}\n`); // kept if a later size fails
      points.push(p);
    }
    return points;
  } finally {
    raw?.close();
    await ovs?.stop();
    await ns.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run({ quick }: { quick: boolean }): Promise<BenchSection> {
  const sizes = quick ? [0, 200, 1000] : [0, 1000, 5000];
  const n = 5; // a sample at 5000 real links costs ~4 s of ovs-vswitchd per side
  const concurrent = quick ? 200 : 1000;
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  for (const mode of ['devices', 'rows'] as const) {
    const points = await curve(mode, sizes, n, concurrent);
    const empty = median(points[0].osvif);
    for (const p of points) {
      const what = mode === 'devices' ? 'ports backed by real links' : 'device-less rows';
      rows.push({
        name: `plug's port write, ${p.size} ${what} on the bridge`,
        osvif: median(p.osvif),
        osvifPython: median(p.osvifPython.add),
        unit: 'ms',
        note: `${(median(p.osvif) / empty).toFixed(2)}× our empty-bridge time`,
      });
      rows.push({
        name: `${concurrent} port writes at once, ${p.size} ${what}`,
        osvif: p.concurrentS * 1000,
        osvifPython: median(p.osvifPython.add) * concurrent,
        unit: 'ms',
        note: 'os-vif: serial, median × count',
      });
      notes.push(
        `${mode}, ${p.size} ports: raw transaction reply ${p.commitMs.toFixed(1)} ms, then ovs-vswitchd's cur_cfg ${p.applyMs.toFixed(1)} ms later; ` +
          `CPU per plug+unplug: node ${p.cpu.node.toFixed(2)} ms, ovsdb-server ${p.cpu.db.toFixed(1)} ms, ovs-vswitchd ${p.cpu.vs.toFixed(1)} ms; ` +
          `driver cache per existing port: heap ${p.size ? p.heapPerPort.toFixed(0) : '—'} B, RSS ${p.size ? p.rssPerPort.toFixed(0) : '—'} B (os-vif's IDL: RSS +${p.osvifPython.rssKiB} KiB in all); ` +
          `os-vif del-port ${median(p.osvifPython.del).toFixed(1)} ms.`,
      );
    }
  }
  return {
    title: 'Cost curves: a port write as the bridge grows',
    rows,
    notes: [
      `Private userspace OVS (netdev datapath), ovs-vswitchd in a throw-away namespace; the bridge grown to each size in one OVSDB transaction. "real links": one end of a veth pair per port (created with one \`ip -batch\`, left down). "device-less rows": Interface rows naming no device. ${n} samples per size, medians; each sample an add-port until applied (what a generic plug waits for), then its del-port.`,
      "osvif: the OVS plugin's native driver (addOrUpdatePort, interface type internal). os-vif 3.0.0: vif_plug_ovs BaseOVS.create_ovs_vif_port, ovsdb_interface=native, timed in Python. Both wait for ovs-vswitchd's cur_cfg.",
      ...notes,
    ],
  };
}
