// `osvif list`, `check`, `gc` and `status`: the BUILT CLI inside the test namespace, against VIFs plugged
// there (hybrid, generic with create_tap, vhost-user) and bystanders that are not osvif's.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { disposeAllNetns } from '@osvif/testkit';
import type { OsVifRuntime } from '@osvif/runtime';
import { captureState } from '@osvif/conformance';
import { PendingJournal } from '../../../runtime/src/core/host-state/journal';
import { hybridNames, perPortBridgeNames } from '../helpers/names';
import { OvsTestEnv, startEnv } from '../helpers/env';
import { hybridVif, instance, ovsProfile, ovsVif, vhostUserVif } from '../helpers/vifs';

const BIN = join(resolve(__dirname, '../../../..'), 'packages/runtime/bin/osvif.js');

afterAll(disposeAllNetns);

describe('list, check, gc and status on the command line', () => {
  let env: OvsTestEnv;
  let rt: OsVifRuntime;
  let dir: string;
  let config: string;
  const hybrid = hybridVif({ mtu: 1400 });
  const direct = ovsVif({ profile: ovsProfile({ datapath_type: 'netdev', create_port: true, create_tap: true }) });
  const vhost = vhostUserVif();
  beforeAll(async () => {
    env = await startEnv();
    dir = mkdtempSync(join(tmpdir(), 'osvif-gc-'));
    config = join(dir, 'osvif.conf');
    const osvif = `[osvif]\nlock_path = ${join(dir, 'locks')}\njournal_path = ${join(dir, 'state')}\n`;
    writeFileSync(config, `${env.configText('native')}\n${osvif}`);
    rt = await env.runtime('native', {}, {});
    for (const vif of [hybrid, direct, vhost]) await rt.plug(vif, instance());
    // Bystanders: a veth and an OVS port that are not osvif's.
    await env.ns.check('ip', ['link', 'add', 'keep0', 'type', 'veth', 'peer', 'name', 'keep0-p']);
    await env.ovs.vsctl(['add-port', 'br-int', 'keep-p', '--', 'set', 'Interface', 'keep-p', 'type=internal']);
  }, 300_000);
  afterAll(async () => {
    await env?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function cli(args: string[], files: Record<string, unknown> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    for (const [name, value] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(value));
    const argv = ['netns', 'exec', env.ns.name, process.execPath, BIN, '--config-file', config, ...args];
    return new Promise((done) => {
      execFile('ip', argv, { encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) =>
        done({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  }
  const file = (name: string): string => join(dir, name);

  it('list names exactly the plugged VIFs, with their devices and OVS ports', async () => {
    const r = await cli(['list', '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as Array<{
      vif_id: string;
      plugin: string;
      vif_class: string;
      devices: string[];
      ovs_ports: Array<{ name: string; bridge: string }>;
    }>;
    const { qbr, qvb, qvo } = hybridNames(hybrid.id);
    const byId = Object.fromEntries(list.map((v) => [v.vif_id, v]));
    expect(Object.keys(byId).sort()).toEqual([hybrid.id, direct.id, vhost.id].sort());
    expect(byId[hybrid.id]).toMatchObject({ plugin: 'ovs', vif_class: 'VIFBridge', ovs_ports: [{ name: qvo, bridge: 'br-int' }] });
    expect(byId[hybrid.id].devices.sort()).toEqual([qbr, qvb, qvo].sort());
    expect(byId[direct.id]).toMatchObject({
      vif_class: 'VIFOpenVSwitch',
      devices: [direct.vif_name],
      ovs_ports: [{ name: direct.vif_name }],
    });
    expect(byId[vhost.id]).toMatchObject({ vif_class: 'VIFVHostUser', devices: [] });
  });

  it('check: exit 0 when the host is as plug made it; exit 1 naming each discrepancy', async () => {
    const files = { 'v.json': hybrid.toPrimitive(), 'i.json': instance().toPrimitive() };
    const ok = await cli(['check', '--json', '--vif', file('v.json'), '--instance', file('i.json')], files);
    expect([ok.code, JSON.parse(ok.stdout)]).toEqual([0, expect.objectContaining({ ok: true, discrepancies: [] })]);
    const { qvb, qvo } = hybridNames(hybrid.id);
    await env.ns.check('ip', ['link', 'set', qvb, 'nomaster']);
    await env.ns.check('ip', ['link', 'set', qvo, 'mtu', '1300']);
    const bad = await cli(['check', '--vif', file('v.json'), '--instance', file('i.json')]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`link ${qvb}: detached, expected on ${hybrid.bridge_name}`);
    expect(bad.stdout).toContain(`link ${qvo}: MTU 1300, expected 1400`);
    // A re-plug converges it again.
    await rt.plug(hybrid, instance());
    expect((await cli(['check', '--vif', file('v.json'), '--instance', file('i.json')])).code).toBe(0);
  });

  it('gc --dry-run prints the plan and changes nothing; gc removes the other VIFs and nothing else', async () => {
    const before = await captureState({ netns: env.ns.name, ovsdb: env.ovs.dbEndpoint });
    const dry = await cli(['gc', '--json', '--dry-run', '--valid', file('valid.json')], { 'valid.json': [hybrid.id] });
    expect(dry.code).toBe(0);
    const plan = JSON.parse(dry.stdout) as { dry_run: boolean; removed: Array<{ vif_id: string }>; kept: string[] };
    expect(plan.dry_run).toBe(true);
    expect(plan.removed.map((r) => r.vif_id).sort()).toEqual([direct.id, vhost.id].sort());
    expect(plan.kept).toEqual([hybrid.id]);
    expect(await captureState({ netns: env.ns.name, ovsdb: env.ovs.dbEndpoint })).toEqual(before);

    const gc = await cli(['gc', '--valid', file('valid.json')]);
    expect(gc.code).toBe(0);
    expect(await env.ns.links.exists(direct.vif_name)).toBe(false);
    expect(await env.db.portExists(direct.vif_name)).toBe(false);
    expect(await env.db.getInterface(`vhu${vhost.id}`.slice(0, 14))).toBeUndefined();
    expect(await env.db.findQos({ 'osvif-vif-id': direct.id })).toEqual([]);
    // The survivor and the bystanders are untouched.
    expect(await env.ns.links.exists(hybrid.bridge_name)).toBe(true);
    expect(await env.ns.links.exists('keep0')).toBe(true);
    expect(await env.db.portExists('keep-p', 'br-int')).toBe(true);
    const list = JSON.parse((await cli(['list', '--json'])).stdout) as Array<{ vif_id: string }>;
    expect(list.map((v) => v.vif_id)).toEqual([hybrid.id]);
  });

  it('per-port bridges: the pb… bridge is marked, listed and collected with its ports', async () => {
    const perPort = await env.runtime('native', { per_port_bridge: true });
    const vif = ovsVif();
    const names = perPortBridgeNames(vif.id);
    await perPort.plug(vif, instance());
    expect((await env.db.getBridge(names.bridge))?.externalIds).toMatchObject({ 'osvif-vif-id': vif.id, 'osvif-plugin': 'ovs' });
    const listed = (await perPort.list()).find((v) => v.vifId === vif.id);
    expect(listed?.resources).toEqual(
      expect.arrayContaining([
        { kind: 'ovs-bridge', name: names.bridge, via: 'mark' },
        { kind: 'ovs-port', name: names.intPatch, bridge: 'br-int', via: 'mark' },
        { kind: 'ovs-port', name: vif.vif_name, bridge: names.bridge, via: 'mark' },
      ]),
    );
    const report = await perPort.gc([hybrid.id]);
    expect(report.removed.map((r) => r.vifId)).toEqual([vif.id]);
    expect(await env.db.bridgeExists(names.bridge)).toBe(false);
    expect(await env.db.portExists(names.intPatch)).toBe(false);
    expect(await env.ns.links.exists(hybrid.bridge_name)).toBe(true);
  });

  it('gc refuses a --valid file that is not an array of ids (exit 2), changing nothing', async () => {
    const r = await cli(['gc', '--valid', file('bad.json')], { 'bad.json': { ids: [hybrid.id] } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/expected a JSON array of VIF ids/);
    expect(await env.ns.links.exists(hybrid.bridge_name)).toBe(true);
  });

  it('status: exit 0 when OVSDB and netlink answer; exit 1 naming OVSDB when it is unreachable', async () => {
    const ok = await cli(['status', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      ok: true,
      plugins: expect.arrayContaining([expect.objectContaining({ plugin: 'ovs', ok: true })]),
    });
    const dead = join(dir, 'dead.conf');
    writeFileSync(
      dead,
      `[os_vif_ovs]\novsdb_connection = unix:${join(dir, 'no-such.sock')}\novs_vsctl_timeout = 2\n[osvif]\njournal_path = ${join(dir, 'state')}\n`,
    );
    const argv = ['netns', 'exec', env.ns.name, process.execPath, BIN, '--config-file', dead, 'status'];
    const r = await new Promise<{ code: number; stdout: string }>((done) =>
      execFile('ip', argv, { encoding: 'utf8', timeout: 60_000 }, (err, stdout) =>
        done({ code: err ? Number((err as { code?: unknown }).code) : 0, stdout }),
      ),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ovs ovsdb: FAILED/);
    expect(r.stdout).toMatch(/ovs netlink: ok/);
  });

  it('status makes a round trip: a connected runtime whose ovsdb-server hangs (SIGSTOP) reports OVSDB failed', async () => {
    expect((await rt.status()).ok).toBe(true); // connected, schema and cache loaded
    const server = Number(readFileSync(join(env.ovs.dir, 'ovsdb-server.pid'), 'utf8').trim());
    process.kill(server, 'SIGSTOP');
    let report;
    try {
      report = await rt.status();
    } finally {
      process.kill(server, 'SIGCONT');
    }
    expect(report.ok).toBe(false);
    const checks = report.plugins.find((p) => p.plugin === 'ovs')!.checks;
    expect(checks.find((c) => c.name === 'ovsdb')).toMatchObject({ ok: false, detail: expect.stringMatching(/no answer in 5 s/) });
    expect(checks.find((c) => c.name === 'netlink')).toMatchObject({ ok: true });
    expect((await rt.status()).ok).toBe(true);
  }, 30_000);

  it('gc after a killed plug removes its unmarked leftovers (the record of plugs in flight)', async () => {
    const victim = hybridVif();
    const { qbr, qvb, qvo } = hybridNames(victim.id);
    // What a plug killed right after creating its links leaves: unmarked qbr and veth, and its record.
    await env.ns.check('ip', ['link', 'add', qbr, 'type', 'bridge']);
    await env.ns.check('ip', ['link', 'add', qvb, 'type', 'veth', 'peer', 'name', qvo]);
    const record = { vif_id: victim.id, plugin: 'ovs', pid: 999999, started: new Date().toISOString(), vif: victim.toPrimitive() };
    await new PendingJournal(join(dir, 'state')).begin(record); // the record the runtime writes before a plug
    const gc = await cli(['gc', '--json', '--valid', file('valid.json')], { 'valid.json': [hybrid.id] });
    expect(gc.code).toBe(0);
    const report = JSON.parse(gc.stdout) as {
      removed: Array<{ vif_id: string; killed_plug: boolean; resources: Array<{ name: string; via: string }> }>;
    };
    const entry = report.removed.find((r) => r.vif_id === victim.id)!;
    expect(entry.killed_plug).toBe(true);
    expect(entry.resources.map((r) => r.name).sort()).toEqual([qbr, qvb, qvo].sort());
    for (const name of [qbr, qvb, qvo]) expect(await env.ns.links.exists(name)).toBe(false);
    expect(await env.ns.links.exists(hybrid.bridge_name)).toBe(true);
    expect(await env.ns.links.exists('keep0')).toBe(true);
  });
});
