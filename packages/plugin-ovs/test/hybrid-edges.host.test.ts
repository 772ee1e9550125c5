// Hybrid plug creates qbr… and the veth pair without looking first; only a
// name already taken is looked at. What an earlier, interrupted plug of this VIF
// left behind (a qbr, a lone qvb…, marked for it) is used or replaced, never
// duplicated; the same names unmarked and not identified as this VIF's are
// refused before any change (ForeignResourceError); and a failed plug does not
// take away a qbr it did not make. Hybrid unplug removes the
// Linux bridge, the OVS row, then the veth (only once the row is gone).
// Mostly kernel steps, so one OVSDB driver is enough (both drivers run the
// other hybrid suites).
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Sysctl } from '@osvif/sdk';
import { PlugFailedError } from '@osvif/runtime';
import { disposeAllNetns } from '@osvif/testkit';
import { hybridNames } from './helpers/names';
import { OvsTestEnv, startEnv } from './helpers/env';
import { expectForeign, identifyAsOsVif, markLink } from './helpers/ownership';
import { hybridVif, instance } from './helpers/vifs';

afterAll(disposeAllNetns);

let env: OvsTestEnv;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(async () => env?.dispose());

async function expectPlugged(vif: ReturnType<typeof hybridVif>): Promise<void> {
  const { qbr, qvb, qvo } = hybridNames(vif.id);
  expect(await env.ns.links.get(qbr)).toMatchObject({ kind: 'bridge', up: true });
  expect(await env.ns.links.get(qvb)).toMatchObject({ kind: 'veth', master: qbr, up: true, promisc: true });
  expect(await env.ns.links.get(qvo)).toMatchObject({ kind: 'veth', up: true, promisc: true });
  expect(await env.db.getPort(qvo)).toMatchObject({ bridge: 'br-int' });
  expect(await env.ns.sysctl.read(['net', 'ipv6', 'conf', qbr, 'disable_ipv6'])).toBe('1');
}

it('a qbr left by an interrupted plug (marked for this VIF) is used as it is', async () => {
  const rt = await env.runtime('native');
  const vif = hybridVif();
  const { qbr, qvb, qvo } = hybridNames(vif.id);
  await env.ns.links.createBridge(qbr);
  await markLink(env, qbr, vif.id);
  const index = (await env.ns.links.get(qbr))!.index;
  await rt.plug(vif, instance());
  await expectPlugged(vif);
  expect((await env.ns.links.get(qbr))!.index).toBe(index); // the same device, not a new one
  await rt.unplug(vif, instance());
  for (const dev of [qbr, qvb, qvo]) expect(await env.ns.links.exists(dev)).toBe(false);
});

it("an unmarked qbr of the same name that is not identified as this VIF's is refused and left alone", async () => {
  const rt = await env.runtime('native');
  const vif = hybridVif();
  const { qbr, qvb, qvo } = hybridNames(vif.id);
  await env.ns.links.createBridge(qbr);
  const before = await env.ns.links.get(qbr);
  for (const op of [() => rt.plug(vif, instance()), () => rt.unplug(vif, instance())]) {
    expectForeign(await causeOf(op()), vif.id, 'link', qbr);
    expect(await env.ns.links.get(qbr)).toEqual(before);
    for (const dev of [qvb, qvo]) expect(await env.ns.links.exists(dev)).toBe(false);
    expect(await env.db.getPort(qvo)).toBeUndefined();
  }
  await env.ns.links.delete(qbr);
});

it('a lone qvb… marked for this VIF (its peer under another name) is replaced by the pair', async () => {
  const rt = await env.runtime('native');
  const vif = hybridVif();
  const { qbr, qvb, qvo } = hybridNames(vif.id);
  await env.ns.links.createVeth(qvb, 'strayp0');
  await markLink(env, qvb, vif.id);
  await rt.plug(vif, instance());
  await expectPlugged(vif);
  expect(await env.ns.links.exists('strayp0')).toBe(false); // went with the old qvb
  await rt.unplug(vif, instance());
  for (const dev of [qbr, qvb, qvo]) expect(await env.ns.links.exists(dev)).toBe(false);
});

it("an unmarked lone qvb… not identified as this VIF's is refused and left alone with its peer", async () => {
  const rt = await env.runtime('native');
  const vif = hybridVif();
  const { qbr, qvb, qvo } = hybridNames(vif.id);
  await env.ns.links.createVeth(qvb, 'strayp1');
  const before = await env.ns.links.get(qvb);
  expectForeign(await causeOf(rt.plug(vif, instance())), vif.id, 'link', qvb);
  expect(await env.ns.links.get(qvb)).toEqual(before);
  expect(await env.ns.links.exists('strayp1')).toBe(true);
  for (const dev of [qbr, qvo]) expect(await env.ns.links.exists(dev)).toBe(false);
  await env.ns.links.delete(qvb);
});

it('a failed plug takes back the veth it made but not the qbr that was already there', async () => {
  const refusing: Sysctl = {
    read: (path) => env.ns.sysctl.read(path),
    write: async (path, value) => {
      if (path[path.length - 1] === 'arp_announce') throw new Error('refused');
      return env.ns.sysctl.write(path, value);
    },
  };
  const rt = await env.runtime('native', {}, { sysctl: refusing });
  const vif = hybridVif();
  const { qbr, qvb, qvo } = hybridNames(vif.id);
  await env.ns.links.createBridge(qbr);
  await markLink(env, qbr, vif.id); // left by an earlier plug of this VIF
  const err = await rt.plug(vif, instance()).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PlugFailedError);
  expect(String((err as PlugFailedError).cause)).toMatch(/refused/); // the sysctl write, not an ownership refusal
  expect(await env.ns.links.get(qbr)).toMatchObject({ kind: 'bridge' });
  for (const dev of [qvb, qvo]) expect(await env.ns.links.exists(dev)).toBe(false);
  expect(await env.db.getPort(qvo)).toBeUndefined();
  await env.ns.links.delete(qbr);
});

it('unplug while qvo… sits on another bridge fails and keeps that port, its veth and the Linux bridge (D58)', async () => {
  const rt = await env.runtime('native');
  const vif = hybridVif();
  const { qbr, qvb, qvo } = hybridNames(vif.id);
  await rt.plug(vif, instance());
  // Moved to another bridge as a new row without external_ids: nothing says it is this VIF's any more.
  await env.ovs.vsctl([
    'del-port',
    'br-int',
    qvo,
    '--',
    'add-br',
    'br-hyb-other',
    '--',
    'set',
    'Bridge',
    'br-hyb-other',
    'datapath_type=netdev',
    '--',
    'add-port',
    'br-hyb-other',
    qvo,
  ]);
  expectForeign(await causeOf(rt.unplug(vif, instance())), vif.id, 'ovs-port', qvo);
  expect(await env.db.getPort(qvo)).toMatchObject({ bridge: 'br-hyb-other' });
  for (const dev of [qbr, qvb, qvo]) expect(await env.ns.links.exists(dev)).toBe(true); // refused before any change
  // The row is this VIF's (os-vif's iface-id and attached-mac), but on another bridge than the VIF names.
  await identifyAsOsVif(env, qvo);
  const err = await rt.unplug(vif, instance()).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(String((err as { cause?: unknown }).cause ?? err)).toMatch(/port on other bridge/);
  expect(await env.db.getPort(qvo)).toMatchObject({ bridge: 'br-hyb-other' });
  expect(await env.ns.links.get(qvo)).toMatchObject({ kind: 'veth' });
  // The row goes first now, so the failure comes before any device is deleted (os-vif has deleted the bridge: D58).
  expect(await env.ns.links.exists(qbr)).toBe(true);
  await env.ovs.vsctl(['del-br', 'br-hyb-other']);
  await env.ns.links.delete(qvb);
  await env.ns.links.delete(qbr);
});

/** The cause of a failed plug/unplug (the runtime wraps the plugin's error). */
async function causeOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => undefined,
    (e: unknown) => (e as { cause?: unknown }).cause ?? e,
  );
}
