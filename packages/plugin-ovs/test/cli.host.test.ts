// Every path through the command line: the BUILT `osvif plug` / `osvif unplug`
// (discovering @osvif/plugin-ovs from node_modules), spawned INSIDE the test
// namespace with `ip netns exec`, so its netlink acts there (the test command
// builds before Jest runs). Both drivers.
//
// VIFHostDevice runs need SR-IOV sysfs entries this host has no hardware for. The
// shipped CLI has no knob for that (nor should an operator's config): those runs get
// the fake tree mounted over /sys in a private mount namespace of their own
// (`unshare --mount`, then `mount --bind`), so the real plugin reads "/sys" exactly
// as on a host, and nothing outside that one process sees the mount. The small
// `sh -c` script is a fixed string; the paths reach it as arguments ("$0", "$@"),
// never spliced into it.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { disposeAllNetns } from '@osvif/testkit';
import { VersionedObject } from '@osvif/objects';
import { VIF_LOCK_FILE } from '../../runtime/src/core/runtime';
import { dpdkRepresentorName, hybridNames, perPortBridgeNames, qosIdFor, vhostUserPortName } from './helpers/names';
import { DriverKind, DRIVERS, OvsTestEnv, startEnv } from './helpers/env';
import { buildFakeSysfs, FakeSysfs, PF_PCI, VF_NUM, VF_PCI } from './helpers/fake-sysfs';
import { identifyAsOsVif } from './helpers/ownership';
import { hostDeviceVif, hybridVif, instance, MAC, ovsProfile, ovsVif, representorProfile, vhostUserVif } from './helpers/vifs';

const REPO = resolve(__dirname, '../../..');
const BIN = join(REPO, 'packages/runtime/bin/osvif.js');
/** Run inside `unshare --mount`: bind the fake sysfs ("$0") over /sys, then exec the command ("$@"). */
const MOUNT_SYSFS = 'mount --bind "$0" /sys && exec "$@"';

interface Run {
  readonly code: number;
  readonly stderr: string;
}

afterAll(disposeAllNetns);

describe.each(DRIVERS)('osvif plug/unplug on the command line with the %s driver', (driver: DriverKind) => {
  let env: OvsTestEnv;
  let dir: string;
  let fake: FakeSysfs;
  beforeAll(async () => {
    env = await startEnv();
    dir = mkdtempSync(join(tmpdir(), 'osvif-ovs-cli-'));
    fake = buildFakeSysfs();
    for (const name of [fake.pf, fake.representor, ...fake.decoys]) await env.ns.links.createVeth(name, `${name}-p`);
  }, 300_000);
  afterAll(async () => {
    fake?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await env?.dispose();
  });

  let n = 0;
  /** Writes the VIF, instance and config files of one run; returns the `ip` arguments that run the CLI on them. */
  function cliArgs(
    operation: 'plug' | 'unplug',
    vif: VersionedObject,
    extra: Record<string, string | number | boolean> = {},
    { sysfs }: { sysfs?: string } = {},
  ): string[] {
    const k = n++;
    const files = { vif: join(dir, `vif${k}.json`), instance: join(dir, `inst${k}.json`), config: join(dir, `c${k}.conf`) };
    writeFileSync(files.vif, JSON.stringify(vif.toPrimitive()));
    writeFileSync(files.instance, JSON.stringify(instance().toPrimitive()));
    // Lock files (one per VIF, so that two processes never work on one VIF at once) in the test's own directory.
    writeFileSync(files.config, `${env.configText(driver, extra)}\n[osvif]\nlock_path = ${join(dir, 'locks')}\n`);
    const withSysfs = sysfs === undefined ? [] : ['unshare', '--mount', '--propagation', 'private', '--', 'sh', '-c', MOUNT_SYSFS, sysfs];
    const cli = [process.execPath, BIN, operation, '--vif', files.vif, '--instance', files.instance, '--config', files.config];
    return ['netns', 'exec', env.ns.name, ...withSysfs, ...cli];
  }
  function osvif(
    operation: 'plug' | 'unplug',
    vif: VersionedObject,
    extra: Record<string, string | number | boolean> = {},
    options: { sysfs?: string } = {},
  ): Promise<Run> {
    const args = cliArgs(operation, vif, extra, options);
    return new Promise((done) => {
      execFile('ip', args, { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '' } }, (err, _stdout, stderr) => {
        done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stderr });
      });
    });
  }
  // A successful run prints nothing on stderr (no warnings either, e.g. on closing OVSDB at exit).
  const ok = async (p: Promise<Run>): Promise<void> => {
    const r = await p;
    expect({ code: r.code, stderr: r.stderr.split('\n').filter((l) => l) }).toEqual({ code: 0, stderr: [] });
  };

  it('hybrid VIFBridge', async () => {
    const vif = hybridVif({ mtu: 1450 });
    const { qbr, qvb, qvo } = hybridNames(vif.id);
    await ok(osvif('plug', vif));
    expect(await env.ns.links.get(qvb)).toMatchObject({ master: qbr, promisc: true, up: true, mtu: 1450 });
    expect((await env.db.getInterface(qvo))!.externalIds).toMatchObject({ 'attached-mac': MAC, 'iface-status': 'active' });
    await ok(osvif('plug', vif));
    await ok(osvif('unplug', vif));
    for (const d of [qbr, qvb, qvo]) expect(await env.ns.links.exists(d)).toBe(false);
    expect(await env.db.getPort(qvo)).toBeUndefined();
    await ok(osvif('unplug', vif));
  });

  it('plug and unplug of one VIF in two processes at once never leave it half-made (the VIF lock spans processes)', async () => {
    const vif = hybridVif({ mtu: 1450 });
    const { qbr, qvb, qvo } = hybridNames(vif.id);
    const outcomes = new Set<string>();
    for (let round = 0; round < 8; round++) {
      const [plug, unplug] = await Promise.all([osvif('plug', vif), osvif('unplug', vif)]);
      expect([plug.code, unplug.code]).toEqual([0, 0]);
      const links = await Promise.all([qbr, qvb, qvo].map((d) => env.ns.links.exists(d)));
      const port = (await env.db.getPort(qvo)) !== undefined;
      // Whichever ran second decided: all of it plugged, or none of it left.
      expect([...links, port].every((x) => x === port)).toBe(true);
      outcomes.add(port ? 'plugged' : 'unplugged');
      await ok(osvif('unplug', vif));
    }
    // The VIF's lock is one byte of one shared file: no file per VIF.
    expect(readdirSync(join(dir, 'locks'))).toContain(VIF_LOCK_FILE);
    expect(readdirSync(join(dir, 'locks')).filter((f) => f.startsWith('osvif-vif-'))).toEqual([]);
    expect(outcomes.size).toBeGreaterThan(0);
  });

  it('a plug sent SIGTERM at any moment is never left half-made: it finishes (exit 0, all made) or dies before changing anything', async () => {
    const vif = hybridVif({ mtu: 1450 });
    const { qbr, qvb, qvo } = hybridNames(vif.id);
    // Signal times spread over a whole plug as long as one takes on this machine (start-up included).
    const t0 = Date.now();
    await ok(osvif('plug', vif));
    const whole = Date.now() - t0;
    await ok(osvif('unplug', vif));
    const seen = new Set<string>();
    for (const delayMs of [0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1].map((f) => Math.round(f * whole))) {
      const child = spawn('ip', cliArgs('plug', vif), { env: { PATH: process.env.PATH ?? '' } });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
      setTimeout(() => child.kill('SIGTERM'), delayMs);
      const code = await exited;
      const links = await Promise.all([qbr, qvb, qvo].map((d) => env.ns.links.exists(d)));
      const port = (await env.db.getPort(qvo)) !== undefined;
      const state = [...links, port];
      // Never half-made. Exit 0 means all made. A death by signal means nothing made (the signal came before the
      // operation began), or all made: it came after the command finished, while Node was exiting, when it no
      // longer listens for signals.
      const whole = state.every((x) => x) || state.every((x) => !x);
      expect({ delayMs, code, state, whole }).toMatchObject({ whole: true });
      if (code === 0) expect({ delayMs, state }).toEqual({ delayMs, state: [true, true, true, true] });
      seen.add(code === 0 ? (stderr.includes('SIGTERM received') ? 'finished after SIGTERM' : 'finished') : 'died before');
      await ok(osvif('unplug', vif));
    }
    expect(seen.size).toBeGreaterThan(0);
    // And a signal that certainly arrives during the plug (right after its debug line "plug started"; the spread
    // above may miss the window on a loaded machine): it finishes, exit 0, all made.
    const child = spawn('ip', [...cliArgs('plug', vif), '--log-level', 'debug'], { env: { PATH: process.env.PATH ?? '' } });
    let stderr = '';
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    child.stderr.on('data', (d: Buffer) => {
      const first = !stderr.includes('plug started');
      stderr += d.toString();
      if (first && stderr.includes('plug started')) child.kill('SIGTERM');
    });
    expect(await exited).toBe(0);
    expect(stderr).toContain('SIGTERM received');
    expect(await Promise.all([qbr, qvb, qvo].map((d) => env.ns.links.exists(d)))).toEqual([true, true, true]);
    expect(await env.db.getPort(qvo)).toBeDefined();
    await ok(osvif('unplug', vif));
  });

  it('exits 4 (try again later) when the OVSDB server is unreachable, having changed nothing', async () => {
    const vif = hybridVif();
    const { qbr, qvb, qvo } = hybridNames(vif.id);
    const before = await env.ns.links.list();
    // Native: a wait longer than a few seconds says what it waits for (ovs-vsctl keeps its own counsel).
    const timeout = driver === 'native' ? 4 : 2;
    const r = await osvif('plug', vif, { ovsdb_connection: `unix:${join(dir, 'no-such-db.sock')}`, ovs_vsctl_timeout: timeout });
    expect(r.code).toBe(4);
    if (driver === 'native') expect(r.stderr).toMatch(/still waiting to connect to OVSDB.*no-such-db\.sock.*waited_ms/);
    expect(r.stderr).toMatch(/osvif: error: PlugFailedError: .*OvsdbConnectionError: OVSDB at unix:.*no-such-db\.sock unreachable/);
    expect(await env.ns.links.list()).toEqual(before);
    for (const d of [qbr, qvb, qvo]) expect(await env.ns.links.exists(d)).toBe(false);
  });

  it('VIFOpenVSwitch with create_port + create_tap, isolated', async () => {
    const vif = ovsVif({ profile: ovsProfile({ datapath_type: 'netdev', create_port: true, create_tap: true }) });
    await ok(osvif('plug', vif, { isolate_vif: true }));
    expect(await env.ns.links.get(vif.vif_name)).toMatchObject({ kind: 'tun', up: true, mac: MAC });
    expect(await env.db.getPort(vif.vif_name)).toMatchObject({ tag: 4095, vlanMode: 'trunk', trunks: [4095] });
    await ok(osvif('unplug', vif, { isolate_vif: true }));
    expect(await env.ns.links.exists(vif.vif_name)).toBe(false);
    expect(await env.db.getPort(vif.vif_name)).toBeUndefined();
  });

  it('VIFOpenVSwitch per-port bridge', async () => {
    const vif = ovsVif({ profile: ovsProfile({ datapath_type: 'netdev' }) });
    const names = perPortBridgeNames(vif.id);
    await ok(osvif('plug', vif, { per_port_bridge: true }));
    expect(await env.db.listPorts(names.bridge)).toEqual([names.bridgePatch, vif.vif_name].sort());
    await ok(osvif('unplug', vif, { per_port_bridge: true }));
    expect(await env.db.bridgeExists(names.bridge)).toBe(false);
  });

  it('VIFVHostUser, server mode', async () => {
    const vif = vhostUserVif({ mode: 'server', mtu: 9000 });
    await ok(osvif('plug', vif));
    expect(await env.db.getInterface(vhostUserPortName(vif.id))).toMatchObject({
      type: 'dpdkvhostuserclient',
      options: { 'vhost-server-path': vif.path },
      mtuRequest: 9000,
    });
    await ok(osvif('unplug', vif));
    expect(await env.db.getPort(vhostUserPortName(vif.id))).toBeUndefined();
  });

  it('VIFVHostUser, client mode: dpdkvhostuser without a server path', async () => {
    const vif = vhostUserVif({ mode: 'client', mtu: 9000 });
    const dev = vhostUserPortName(vif.id);
    await ok(osvif('plug', vif));
    expect(await env.db.getInterface(dev)).toMatchObject({ type: 'dpdkvhostuser', options: {}, mtuRequest: 9000 });
    await ok(osvif('plug', vif));
    await ok(osvif('unplug', vif));
    expect(await env.db.getPort(dev)).toBeUndefined();
    await ok(osvif('unplug', vif));
  });

  it('VIFHostDevice (fake sysfs: no SR-IOV hardware here)', async () => {
    const vif = hostDeviceVif({ pci: VF_PCI, profile: ovsProfile({ datapath_type: 'system' }), bridge: 'br-cli-hd' });
    await ok(osvif('plug', vif, {}, { sysfs: fake.root }));
    expect(await env.db.getPort(fake.representor)).toMatchObject({ bridge: 'br-cli-hd' });
    expect(await env.ns.links.get(fake.representor)).toMatchObject({ up: true });
    await ok(osvif('unplug', vif, {}, { sysfs: fake.root }));
    expect(await env.db.getPort(fake.representor)).toBeUndefined();
    expect(await env.ns.links.get(fake.representor)).toMatchObject({ up: false });
  });

  it('VIFHostDevice on the netdev datapath: DPDK representor vfr… with dpdk-devargs', async () => {
    const vif = hostDeviceVif({ pci: VF_PCI, mtu: 1500, bridge: 'br-cli-hdn', profile: representorProfile({ datapath_type: 'netdev' }) });
    const dev = dpdkRepresentorName(vif.id);
    await ok(osvif('plug', vif, {}, { sysfs: fake.root }));
    expect(await env.db.getInterface(dev)).toMatchObject({
      type: 'dpdk',
      options: { 'dpdk-devargs': `${PF_PCI},representor=[${VF_NUM}]` },
      mtuRequest: 1500,
    });
    await ok(osvif('plug', vif, {}, { sysfs: fake.root }));
    expect(await env.db.listPorts('br-cli-hdn')).toEqual([dev]);
    await ok(osvif('unplug', vif, {}, { sysfs: fake.root }));
    expect(await env.db.getPort(dev)).toBeUndefined();
    await ok(osvif('unplug', vif, {}, { sysfs: fake.root }));
  });

  it('VIFOpenVSwitch on a tbr- trunk bridge: bridge_name, never isolated, bridge deleted once empty', async () => {
    const bridge = 'tbr-c11c11c1-1';
    const vif = ovsVif({ bridge });
    await ok(osvif('plug', vif, { isolate_vif: true }));
    const port = await env.db.getPort(vif.vif_name);
    expect(port).toMatchObject({ bridge, trunks: [] });
    expect(port!.tag).toBeUndefined();
    expect((await env.db.getInterface(vif.vif_name))!.externalIds).toMatchObject({ bridge_name: bridge, 'attached-mac': MAC });
    await ok(osvif('plug', vif, { isolate_vif: true }));
    expect(await env.db.listPorts(bridge)).toEqual([vif.vif_name]);
    await ok(osvif('unplug', vif, { isolate_vif: true }));
    expect(await env.db.getPort(vif.vif_name)).toBeUndefined();
    expect(await env.db.bridgeExists(bridge)).toBe(false);
    await ok(osvif('unplug', vif, { isolate_vif: true }));
  });

  it('VIFOpenVSwitch on the system datapath: default QoS row (linux-noop) made at plug, destroyed at unplug', async () => {
    const vif = ovsVif({ bridge: 'br-cli-sys', profile: ovsProfile({ datapath_type: 'system', create_port: true }) });
    const id = qosIdFor(vif.vif_name);
    await ok(osvif('plug', vif));
    const rows = await env.db.findQos({ id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'linux-noop' });
    expect((await env.db.getPort(vif.vif_name))!.qos).toBe(rows[0].uuid);
    await ok(osvif('plug', vif));
    expect(await env.db.findQos({ id })).toHaveLength(1);
    await ok(osvif('unplug', vif));
    expect(await env.db.getPort(vif.vif_name)).toBeUndefined();
    expect(await env.db.findQos({ id })).toHaveLength(0);
    await ok(osvif('unplug', vif));
  });

  it('VIFOpenVSwitch without create_port: only the bridge is ensured', async () => {
    const vif = ovsVif({ bridge: 'br-cli-gen', profile: ovsProfile({ datapath_type: 'netdev' }) });
    await ok(osvif('plug', vif));
    expect(await env.db.getBridge('br-cli-gen')).toMatchObject({ datapathType: 'netdev' });
    expect(await env.db.listPorts('br-cli-gen')).toEqual([]);
    await ok(osvif('plug', vif));
    await ok(osvif('unplug', vif));
    expect(await env.db.listPorts('br-cli-gen')).toEqual([]); // the bridge stays (as upstream)
    expect(await env.ns.links.exists(vif.vif_name)).toBe(false);
    await ok(osvif('unplug', vif));
  });

  it('unplug of a VIFOpenVSwitch whose qbr exists goes the hybrid way', async () => {
    const hybrid = hybridVif();
    const { qbr, qvb, qvo } = hybridNames(hybrid.id);
    const vif = ovsVif({ id: hybrid.id, profile: ovsProfile() });
    await ok(osvif('plug', hybrid));
    await ok(osvif('plug', hybrid));
    expect(await env.ns.links.exists(qbr)).toBe(true);
    await ok(osvif('unplug', vif));
    for (const d of [qbr, qvb, qvo]) expect(await env.ns.links.exists(d)).toBe(false);
    expect(await env.db.getPort(qvo)).toBeUndefined();
    await ok(osvif('unplug', vif));
  });

  it('a failing plug exits non-zero with the typed cause, and leaves nothing behind', async () => {
    const vif = hybridVif();
    const { qbr, qvo } = hybridNames(vif.id);
    await env.ovs.vsctl([
      'add-br',
      'br-cli-x',
      '--',
      'set',
      'Bridge',
      'br-cli-x',
      'datapath_type=netdev',
      '--',
      'add-port',
      'br-cli-x',
      qvo,
    ]);
    // Another's port of the qvo… name (unmarked, no iface-id): refused before any change.
    const foreign = await osvif('plug', vif);
    expect(foreign.code).not.toBe(0);
    expect(foreign.stderr).toMatch(new RegExp(`ForeignResourceError: VIF ${vif.id}: ovs-port ${qvo} is not this VIF's`));
    expect(await env.ns.links.exists(qbr)).toBe(false);
    expect(await env.ns.links.exists(qvo)).toBe(false);
    // This VIF's row (os-vif's iface-id and attached-mac) on another bridge: the OVS write fails, the plug rolls back.
    await identifyAsOsVif(env, qvo);
    const r = await osvif('plug', vif);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/port on other bridge/);
    expect(await env.ns.links.exists(qbr)).toBe(false);
    expect(await env.ns.links.exists(qvo)).toBe(false);
    const noProfile = hybridVif();
    noProfile.unset('port_profile');
    const r2 = await osvif('plug', noProfile);
    expect(r2.code).not.toBe(0);
    expect(r2.stderr).toMatch(/port_profile/);
  });
});
