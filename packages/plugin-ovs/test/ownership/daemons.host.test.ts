// Open vSwitch daemons that die or stall under plugs in flight.
// - ovs-vswitchd stopped (SIGSTOP): every port write commits in ovsdb-server but is never applied, so each
//   plug fails with OvsdbTimeoutError after its rows were committed. Before ownership those rows stayed
//   (unmarked, some pointing at devices the rollback deleted); now they are taken back or left marked, and
//   gc removes every one: the host is as before.
// - ovsdb-server and ovs-vswitchd killed and restarted under 200 plugs in flight: every call ends, with
//   success or a typed error; after gc nothing half-made remains, and the plugs that succeeded are intact.
//   The recovery time (restart to the first plug that succeeds) is reported.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OsvifError } from '@osvif/sdk';
import type { OsVifRuntime } from '@osvif/runtime';
import { disposeAllNetns } from '@osvif/testkit';
import { captureState } from '@osvif/conformance';
import type { VIFBase } from '@osvif/objects';
import { DriverKind, DRIVERS, OvsTestEnv, startEnv } from '../helpers/env';
import { hybridVif, instance, vhostUserVif } from '../helpers/vifs';

afterAll(disposeAllNetns);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The code at the bottom of an error's cause chain. */
function rootCode(e: unknown): string | undefined {
  let c: unknown = e;
  while ((c as { cause?: unknown })?.cause !== undefined) c = (c as { cause?: unknown }).cause;
  return (c as { code?: string })?.code;
}

async function settle(
  runtime: OsVifRuntime,
  vifs: readonly VIFBase[],
  onEnd: () => void = () => undefined,
): Promise<Array<{ vif: VIFBase; error?: unknown }>> {
  return Promise.all(
    vifs.map((vif) =>
      runtime
        .plug(vif, instance())
        .then(
          () => ({ vif }),
          (error: unknown) => ({ vif, error }),
        )
        .finally(onEnd),
    ),
  );
}

describe.each(DRIVERS)('ovs-vswitchd stalled under plugs (%s driver)', (driver: DriverKind) => {
  let env: OvsTestEnv;
  let rt: OsVifRuntime;
  beforeAll(async () => {
    env = await startEnv();
    rt = await env.runtime(driver, { ovs_vsctl_timeout: 1 });
    await env.ovs.vsctl(['--may-exist', 'add-br', 'br-int', '--', 'set', 'Bridge', 'br-int', 'datapath_type=netdev']);
  }, 300_000);
  afterAll(async () => {
    await env?.dispose();
  });

  it('every plug fails with OvsdbTimeoutError; gc then leaves the host exactly as before', async () => {
    const before = await captureState({ netns: env.ns.name, ovsdb: env.ovs.dbEndpoint });
    const vswitchd = Number(readFileSync(join(env.ovs.dir, 'ovs-vswitchd.pid'), 'utf8').trim());
    const vifs = [...Array.from({ length: 5 }, () => hybridVif()), ...Array.from({ length: 5 }, () => vhostUserVif())];
    process.kill(vswitchd, 'SIGSTOP');
    let results;
    try {
      results = await settle(rt, vifs);
    } finally {
      process.kill(vswitchd, 'SIGCONT');
    }
    for (const r of results) expect(rootCode(r.error)).toBe('OVSDB_TIMEOUT');
    // Each VIF's port, committed before the timeout, was either taken back (the plugin says so) or the plugin
    // says it could not confirm that (the delete timed out too: with ovs-vswitchd stopped it commits but is never
    // applied), and a row left is marked for its VIF: one or the other, for every VIF.
    const left = await env.db.findPortsWithExternalId('osvif-vif-id');
    const ids = new Set(vifs.map((v) => v.id));
    for (const port of left) expect(ids.has(port.externalIds['osvif-vif-id'])).toBe(true);
    const said = (msg: string): number => env.logs.filter((l) => l.includes(msg)).length;
    const takenBack = said('OVS port write timed out; port taken back');
    const leftMarked = said('taking the port back was not confirmed');
    process.stdout.write(
      `vswitchd stalled (${driver}): ${takenBack} ports taken back, ${leftMarked} not confirmed, ${left.length} rows left (marked)\n`,
    );
    expect(takenBack + leftMarked).toBe(vifs.length);
    expect(left.length).toBeLessThanOrEqual(leftMarked);
    await rt.gc([]);
    expect(await captureState({ netns: env.ns.name, ovsdb: env.ovs.dbEndpoint })).toEqual(before);
  }, 120_000);
});

describe('ovsdb-server and ovs-vswitchd killed and restarted under 200 plugs', () => {
  let env: OvsTestEnv;
  let rt: OsVifRuntime;
  beforeAll(async () => {
    env = await startEnv();
    rt = await env.runtime('native', { ovs_vsctl_timeout: 5 });
    await env.ovs.vsctl(['--may-exist', 'add-br', 'br-int', '--', 'set', 'Bridge', 'br-int', 'datapath_type=netdev']);
  }, 300_000);
  afterAll(async () => {
    await env?.dispose();
  });

  it('every call ends (success or a typed error); gc leaves only the plugs that succeeded, intact', async () => {
    const before = await captureState({ netns: env.ns.name, ovsdb: env.ovs.dbEndpoint });
    const vifs = [...Array.from({ length: 100 }, () => hybridVif()), ...Array.from({ length: 100 }, () => vhostUserVif())];
    const started = Date.now();
    let ended = 0;
    const inFlight = settle(rt, vifs, () => ended++);
    // The daemons die once some plugs have ended and while others are still running.
    while (ended < 20) await sleep(2);
    await Promise.all([env.ovs.stopDb('SIGKILL'), env.ovs.stopVswitchd()]);
    const endedBeforeKill = ended;
    expect(endedBeforeKill).toBeLessThan(vifs.length);
    await sleep(500);
    await env.ovs.startDb();
    await env.ovs.startVswitchd();
    const restarted = Date.now();
    // Recovery: the first plug that succeeds after the restart.
    let recoveredAt: number | undefined;
    for (let i = 0; i < 100 && recoveredAt === undefined; i++) {
      const probe = vhostUserVif();
      try {
        await rt.plug(probe, instance());
        recoveredAt = Date.now();
        await rt.unplug(probe, instance());
      } catch {
        await sleep(100);
      }
    }
    const results = await inFlight;
    expect(Date.now() - started).toBeLessThan(60_000); // bounded: no call hung
    expect(recoveredAt).toBeDefined();
    const failed = results.filter((r) => r.error !== undefined);
    for (const r of failed) expect(r.error).toBeInstanceOf(OsvifError);
    const ok = results.filter((r) => r.error === undefined).map((r) => r.vif);
    process.stdout.write(
      `daemon restart under 200 plugs: ${endedBeforeKill} ended before the kill; ${ok.length} succeeded, ${failed.length} failed with typed errors ` +
        `(${[...new Set(failed.map((r) => rootCode(r.error)))].join(', ')}); recovery ${recoveredAt! - restarted} ms after restart\n`,
    );

    await rt.gc(ok.map((v) => v.id));
    const listed = (await rt.list()).map((v) => v.vifId).sort();
    expect(listed).toEqual(ok.map((v) => v.id).sort());
    for (const vif of ok) expect(await rt.check(vif, instance())).toMatchObject({ ok: true });
    for (const vif of ok) await rt.unplug(vif, instance());
    expect(await captureState({ netns: env.ns.name, ovsdb: env.ovs.dbEndpoint })).toEqual(before);
  }, 180_000);
});
