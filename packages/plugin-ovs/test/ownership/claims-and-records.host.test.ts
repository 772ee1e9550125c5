// Claims at the edges (docs/ownership.md, D57) and the record of unfinished plugs:
// - two VIFs whose ids share the first 11 characters (so qbr/qvb/qvo collide), plugged at the same moment,
//   take different VIF locks: a name taken since the first claim is claimed again before it is used (links),
//   and a port found absent must still be absent when written (OVS), so at most one plug wins and nothing
//   ends up marked for a VIF whose plug failed; both drivers for the OVS port;
// - os-vif's identity (iface-id + attached-mac of the qvo row) vouches only for the names os-vif derives:
//   not for a bridge_name pointing elsewhere, and not when the row is marked for another VIF;
// - an unmarked tap is the hypervisor's only under the name Nova gives it (tap + id);
// - a per-port pb… bridge marked for another VIF is refused by plug and unplug;
// - a failed plug that made links keeps its record; the next plug of the VIF clears it, also when it makes
//   no link; a record directory writable by others is refused; gc goes on past a VIF it cannot collect.
// Native driver unless said, real links in a test namespace, a private OVS.
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ForeignResourceError } from '@osvif/sdk';
import { startTestRuntime } from '@osvif/testkit';
import { disposeAllNetns } from '@osvif/testkit';
import type { OsVifRuntime } from '@osvif/runtime';
import { OvsPlugin } from '@osvif/plugin-ovs';
import type { VIFPortProfileOpenVSwitch } from '@osvif/objects';
import { PendingJournal } from '../../../runtime/src/core/host-state/journal';
import { hybridNames, perPortBridgeNames, vhostUserPortName } from '../helpers/names';
import { OvsTestEnv, startEnv } from '../helpers/env';
import { identifyAsOsVif, linkAlias } from '../helpers/ownership';
import { hybridVif, instance, ovsProfile, ovsVif, vhostUserVif } from '../helpers/vifs';

afterAll(disposeAllNetns);

/** A VIF id sharing its first 11 characters with `id`. */
const collidingId = (id: string): string => `${id.slice(0, 11)}${randomUUID().slice(11)}`;
const cause = (e: unknown): unknown => (e as { cause?: unknown })?.cause;
const failure = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('claims at the edges, and the record of unfinished plugs', () => {
  let env: OvsTestEnv;
  let rt: OsVifRuntime;
  let dir: string;
  let journal: string;
  const disposers: Array<() => Promise<void>> = [];

  /** A runtime on the private OVS whose [osvif] journal_path is `journalPath`. */
  async function runtimeWith(
    journalPath: string,
    extra: Record<string, string | number | boolean> = {},
    driver: 'native' | 'vsctl' = 'native',
  ): Promise<OsVifRuntime> {
    const t = await startTestRuntime({
      plugins: [OvsPlugin],
      netns: env.ns,
      ovs: env.ovs,
      config: `${env.configText(driver, extra)}\n[osvif]\njournal_path = ${journalPath}\n`,
    });
    disposers.push(() => t.dispose());
    return t.runtime;
  }

  beforeAll(async () => {
    env = await startEnv();
    dir = mkdtempSync(join(tmpdir(), 'osvif-claims-'));
    journal = join(dir, 'journal');
    rt = await runtimeWith(journal);
    await env.ovs.vsctl(['--may-exist', 'add-br', 'br-int', '--', 'set', 'Bridge', 'br-int', 'datapath_type=netdev']);
  }, 300_000);
  afterAll(async () => {
    for (const d of disposers) await d();
    await env?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(['native', 'vsctl'] as const)(
    'colliding hybrid ids plugged at the same moment (%s driver): at most one wins, the other is refused, nothing is marked for the loser',
    async (driver) => {
      const runtime = driver === 'native' ? rt : await runtimeWith(join(dir, 'journal-vsctl-hybrid'), {}, 'vsctl');
      let refused = 0;
      for (let round = 0; round < 6; round++) {
        const a = hybridVif();
        const b = hybridVif({ id: collidingId(a.id), profile: ovsProfile({ datapath_type: 'netdev' }, randomUUID()) });
        const { qbr, qvb, qvo } = hybridNames(a.id);
        const [ea, eb] = await Promise.all([failure(runtime.plug(a, instance())), failure(runtime.plug(b, instance()))]);
        expect(ea === undefined && eb === undefined).toBe(false);
        for (const e of [ea, eb]) if (e !== undefined) expect(cause(e)).toBeInstanceOf(ForeignResourceError);
        refused += [ea, eb].filter((e) => e !== undefined).length;
        const winner = ea === undefined ? a : eb === undefined ? b : undefined;
        for (const name of [qbr, qvb, qvo]) {
          const link = await env.ns.links.get(name);
          if (winner) expect(link?.alias).toBe(linkAlias(winner.id));
          else expect(link).toBeUndefined();
        }
        const row = await env.db.getInterface(qvo);
        if (winner) expect(row?.externalIds['osvif-vif-id']).toBe(winner.id);
        else expect(row).toBeUndefined();
        if (winner) await runtime.unplug(winner, instance());
        for (const name of [qbr, qvb, qvo]) expect(await env.ns.links.exists(name)).toBe(false);
      }
      expect(refused).toBeGreaterThanOrEqual(6);
    },
    120_000,
  );

  it.each(['native', 'vsctl'] as const)(
    'colliding vhost-user ids plugged at the same moment (%s driver): the port is never taken over',
    async (driver) => {
      const runtime = driver === 'native' ? rt : await runtimeWith(join(dir, 'journal-vsctl'), {}, 'vsctl');
      let refused = 0;
      for (let round = 0; round < 6; round++) {
        const a = vhostUserVif();
        const b = vhostUserVif({ id: collidingId(a.id), profile: ovsProfile({ datapath_type: 'netdev' }, randomUUID()) });
        const port = vhostUserPortName(a.id);
        const [ea, eb] = await Promise.all([failure(runtime.plug(a, instance())), failure(runtime.plug(b, instance()))]);
        expect(ea === undefined && eb === undefined).toBe(false);
        for (const e of [ea, eb]) if (e !== undefined) expect(cause(e)).toBeInstanceOf(ForeignResourceError);
        refused += [ea, eb].filter((e) => e !== undefined).length;
        const winner = ea === undefined ? a : eb === undefined ? b : undefined;
        const row = await env.db.getInterface(port);
        expect(row?.externalIds['osvif-vif-id']).toBe(winner?.id);
        if (winner) expect(row?.externalIds['iface-id']).toBe((winner.port_profile as VIFPortProfileOpenVSwitch).interface_id);
        if (winner) await runtime.unplug(winner, instance());
        expect(await env.db.portExists(port)).toBe(false);
      }
      expect(refused).toBeGreaterThanOrEqual(6);
    },
    120_000,
  );

  it("os-vif's identity vouches for the derived qbr… only, not for a bridge_name pointing at another bridge", async () => {
    const vif = hybridVif();
    const { qbr, qvb, qvo } = hybridNames(vif.id);
    // An os-vif-plugged VIF: unmarked qbr and veth, the qvo port with the VIF's iface-id and MAC.
    await env.ns.check('ip', ['link', 'add', qbr, 'type', 'bridge']);
    await env.ns.check('ip', ['link', 'add', qvb, 'type', 'veth', 'peer', 'name', qvo]);
    await env.ns.check('ip', ['link', 'add', 'brlegacy', 'type', 'bridge']);
    await env.ovs.vsctl(['add-port', 'br-int', qvo]);
    await identifyAsOsVif(env, qvo);
    const elsewhere = hybridVif({ id: vif.id });
    elsewhere.bridge_name = 'brlegacy';
    const refused = await failure(rt.plug(elsewhere, instance()));
    expect(cause(refused)).toMatchObject({ code: 'FOREIGN_RESOURCE', resourceKind: 'link', resource: 'brlegacy' });
    expect((await env.ns.links.get('brlegacy'))?.alias).toBeUndefined();
    // Under the derived name the same identity is accepted (the re-plug after an upgrade from os-vif).
    await rt.plug(vif, instance());
    expect((await env.ns.links.get(qbr))?.master).toBeUndefined();
    expect((await env.ns.links.get(qvb))?.master).toBe(qbr);
    await rt.unplug(vif, instance());
    expect(await env.ns.links.exists(qbr)).toBe(false);
    expect(await env.ns.links.exists('brlegacy')).toBe(true);
    await env.ns.check('ip', ['link', 'del', 'brlegacy']);
  });

  it("an unmarked tap is the hypervisor's only under the name Nova gives it", async () => {
    const vif = ovsVif({ profile: ovsProfile({ datapath_type: 'netdev', create_port: true }) });
    await env.ns.check('ip', ['tuntap', 'add', 'dev', 'tapother0', 'mode', 'tap']);
    vif.vif_name = 'tapother0';
    const refused = await failure(rt.plug(vif, instance()));
    expect(cause(refused)).toMatchObject({ code: 'FOREIGN_RESOURCE', resourceKind: 'link', resource: 'tapother0' });
    expect(await env.db.portExists('tapother0')).toBe(false);
    expect(cause(await failure(rt.unplug(vif, instance())))).toBeInstanceOf(ForeignResourceError);
    expect(await env.ns.links.exists('tapother0')).toBe(true);
    await env.ns.check('ip', ['link', 'del', 'tapother0']);
  });

  it('a per-port pb… bridge marked for another VIF is refused by plug and unplug', async () => {
    const perPort = await runtimeWith(join(dir, 'journal-pb'), { per_port_bridge: true });
    const profile = (): ReturnType<typeof ovsProfile> => ovsProfile({ datapath_type: 'netdev', create_port: true }, randomUUID());
    const a = ovsVif({ profile: profile() });
    // pb + 12 characters of the id: a VIF sharing them has the same bridge name (and its own ibp…, tap…).
    const b = ovsVif({ id: `${a.id.slice(0, 12)}${randomUUID().slice(12)}`, profile: profile() });
    b.vif_name = 'tapb-own'; // its own VM port: only the bridge name collides
    const names = perPortBridgeNames(a.id);
    expect(perPortBridgeNames(b.id).bridge).toBe(names.bridge);
    await perPort.plug(a, instance());
    for (const op of [() => perPort.unplug(b, instance()), () => perPort.plug(b, instance())]) {
      const e = cause(await failure(op()));
      expect(e).toMatchObject({ code: 'FOREIGN_RESOURCE', resourceKind: 'ovs-bridge', resource: names.bridge });
      expect(await env.db.bridgeExists(names.bridge)).toBe(true);
      expect(await env.db.portExists(names.intPatch, 'br-int')).toBe(true);
    }
    await perPort.unplug(a, instance());
    expect(await env.db.bridgeExists(names.bridge)).toBe(false);
  });

  it('a failed plug that made links keeps its record; the next plug clears it, also one that makes no link', async () => {
    // The OVS bridge's datapath does not match: the links are made (concurrently), then the plug fails and rolls back.
    const vif = hybridVif({ profile: ovsProfile({ datapath_type: 'system' }) });
    expect(cause(await failure(rt.plug(vif, instance())))).toMatchObject({ code: 'OVS_BRIDGE_DATAPATH_MISMATCH' });
    for (const name of Object.values(hybridNames(vif.id))) expect(await env.ns.links.exists(name)).toBe(false);
    const recorded = async (id: string): Promise<boolean> => (await new PendingJournal(journal).get(id)) !== undefined;
    expect(await recorded(vif.id)).toBe(true);
    // The same VIF, plugged as it should be: its record goes with the plug.
    await rt.plug(hybridVif({ id: vif.id }), instance());
    expect(await recorded(vif.id)).toBe(false);
    await rt.unplug(hybridVif({ id: vif.id }), instance());
    // A record of a vhost-user VIF (no link to make): the next plug clears it all the same.
    const vhost = vhostUserVif();
    await new PendingJournal(journal).begin({ vif_id: vhost.id, plugin: 'ovs', pid: 999999, started: '', vif: vhost.toPrimitive() });
    expect(await recorded(vhost.id)).toBe(true);
    await rt.plug(vhost, instance());
    expect(await recorded(vhost.id)).toBe(false);
    await rt.unplug(vhost, instance());
  });

  it('a record directory writable by others is refused (typed, nothing changed); gc sweeps half-written records of dead processes', async () => {
    const open = join(dir, 'open');
    const pendingDir = join(open, 'pending');
    const runtime = await runtimeWith(open);
    await new PendingJournal(open).begin({ vif_id: 'x', plugin: 'ovs', pid: 1, started: '', vif: null });
    await new PendingJournal(open).end('x');
    writeFileSync(join(pendingDir, 'deadbeef.json.999999.tmp'), '{');
    writeFileSync(join(pendingDir, `deadbeef.json.${process.pid}.tmp`), '{');
    await runtime.gc([]);
    expect(readdirSync(pendingDir)).toEqual([`deadbeef.json.${process.pid}.tmp`]); // ours: we are alive
    chmodSync(pendingDir, 0o777);
    const vif = hybridVif();
    const e = await failure(runtime.plug(vif, instance()));
    expect(e).toMatchObject({ code: 'PLUG_FAILED' });
    expect(cause(e)).toMatchObject({ code: 'STATE_JOURNAL', message: expect.stringMatching(/writable by group or others/) });
    for (const name of Object.values(hybridNames(vif.id))) expect(await env.ns.links.exists(name)).toBe(false);
    await expect(runtime.gc([])).rejects.toMatchObject({ code: 'STATE_JOURNAL' });
  });
});
