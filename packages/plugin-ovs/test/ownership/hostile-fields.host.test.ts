// Fields that name things that are not the VIF's (issue: "own only what you make"). Each case failed before
// ownership (plug attached or rewrote the device, unplug deleted it); now plug and unplug are refused with a
// typed error before any change, and the bystanders' links, sysctls and OVS rows are identical before and
// after. Both drivers, real kernel links in a test namespace, a private OVS.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ForeignResourceError } from '@osvif/sdk';
import { OvsBridgeDatapathMismatchError } from '@osvif/plugin-ovs';
import type { OsVifRuntime } from '@osvif/runtime';
import { disposeAllNetns } from '@osvif/testkit';
import { captureState } from '@osvif/conformance';
import type { VIFBase } from '@osvif/objects';
import { DriverKind, DRIVERS, OvsTestEnv, startEnv } from '../helpers/env';
import { hybridVif, instance, ovsProfile, ovsVif, vhostUserVif } from '../helpers/vifs';

afterAll(disposeAllNetns);

/** The VIF with fields changed (as a network host could send it). */
function set<T extends VIFBase>(vif: T, fields: Record<string, string>): T {
  Object.assign(vif, fields);
  return vif;
}

/** A VIF id sharing its first 11 characters with `id` (so qbr/qvb/qvo/vhu names collide). */
function collidingId(id: string): string {
  const rest = randomUUID().slice(11);
  return `${id.slice(0, 11)}${rest}`;
}

describe.each(DRIVERS)('hostile VIF fields with the %s driver', (driver: DriverKind) => {
  let env: OvsTestEnv;
  let rt: OsVifRuntime;
  const plugged = { hybrid: hybridVif(), vhost: vhostUserVif() };
  beforeAll(async () => {
    env = await startEnv();
    rt = await env.runtime(driver);
    const inNs = ([file, ...args]: string[]): Promise<string> => env.ns.check(file, args);
    // Bystanders: an uplink veth with an address, a foreign Linux bridge with a member, a foreign OVS port.
    await inNs(['ip', 'link', 'add', 'uplink0', 'type', 'veth', 'peer', 'name', 'uplink0-p']);
    await inNs(['ip', 'addr', 'add', '192.0.2.10/24', 'dev', 'uplink0']);
    await inNs(['ip', 'link', 'set', 'uplink0', 'up']);
    await inNs(['ip', 'link', 'add', 'brx', 'type', 'bridge']);
    await inNs(['ip', 'link', 'add', 'brx-m', 'type', 'veth', 'peer', 'name', 'brx-m-p']);
    await inNs(['ip', 'link', 'set', 'brx-m', 'master', 'brx']);
    await env.ovs.vsctl(['--may-exist', 'add-br', 'br-int', '--', 'set', 'Bridge', 'br-int', 'datapath_type=netdev']);
    await env.ovs.vsctl([
      'add-port',
      'br-int',
      'foreign-p',
      '--',
      'set',
      'Interface',
      'foreign-p',
      'type=internal',
      'external_ids:iface-id=someone-else',
    ]);
    // Two VIFs osvif plugged: their devices are bystanders for the colliding ids.
    await rt.plug(plugged.hybrid, instance());
    await rt.plug(plugged.vhost, instance());
  }, 300_000);
  afterAll(async () => {
    await env?.dispose();
  });

  const snapshot = (): ReturnType<typeof captureState> =>
    captureState({ netns: env.ns.name, ovsdb: env.ovs.dbEndpoint, sysctls: ['brx', 'uplink0', 'lo', plugged.hybrid.bridge_name] });

  const cases: Array<[string, () => VIFBase, new (...a: never[]) => Error]> = [
    ['vif_name = lo', () => set(ovsVif(), { vif_name: 'lo' }), ForeignResourceError],
    ['vif_name = an uplink veth with an address', () => set(ovsVif(), { vif_name: 'uplink0' }), ForeignResourceError],
    ["vif_name = the OVS bridge's own br-int", () => set(ovsVif(), { vif_name: 'br-int' }), ForeignResourceError],
    ['vif_name = a foreign OVS port', () => set(ovsVif(), { vif_name: 'foreign-p' }), ForeignResourceError],
    ['bridge_name = a foreign Linux bridge with members', () => set(hybridVif(), { bridge_name: 'brx' }), ForeignResourceError],
    [
      'a hybrid VIF id sharing 11 characters with a plugged one',
      () => hybridVif({ id: collidingId(plugged.hybrid.id) }),
      ForeignResourceError,
    ],
    [
      'a vhost-user VIF id sharing 11 characters with a plugged one',
      () => vhostUserVif({ id: collidingId(plugged.vhost.id) }),
      ForeignResourceError,
    ],
    [
      'datapath_type system for the existing netdev br-int',
      () => hybridVif({ profile: ovsProfile({ datapath_type: 'system' }) }),
      OvsBridgeDatapathMismatchError,
    ],
  ];

  it.each(cases)('%s: plug and unplug are refused, the bystanders are byte-identical', async (_name, make, errorClass) => {
    const before = await snapshot();
    const vif = make();
    const plug = await rt.plug(vif, instance()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((plug as { cause?: unknown })?.cause).toBeInstanceOf(errorClass);
    expect(await snapshot()).toEqual(before);
    // Unplug deletes nothing that is not the VIF's (refused, or nothing of its own to remove).
    const unplug = await rt.unplug(vif, instance()).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (unplug !== undefined) expect((unplug as { cause?: unknown }).cause).toBeInstanceOf(ForeignResourceError);
    expect(await snapshot()).toEqual(before);
  });

  it('the plugged VIFs still unplug cleanly (their marks are theirs)', async () => {
    const alias = (await env.ns.links.get(plugged.hybrid.bridge_name))?.alias;
    expect(alias).toBe(`osvif:ovs:${plugged.hybrid.id}`);
    await rt.unplug(plugged.hybrid, instance());
    await rt.unplug(plugged.vhost, instance());
    expect(await env.ns.links.exists(plugged.hybrid.bridge_name)).toBe(false);
    expect(await env.db.portExists('foreign-p', 'br-int')).toBe(true);
    expect(await env.ns.links.exists('brx-m')).toBe(true);
  });
});
