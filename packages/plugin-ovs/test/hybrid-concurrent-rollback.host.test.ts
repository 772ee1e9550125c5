// Hybrid plug runs its kernel and OVSDB steps concurrently. A step failing
// while others still run must not start the rollback early: every step
// settles first, then everything made (qbr, veth pair, and the OVS port
// made meanwhile) is taken back, and the failure reaches the caller.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Sysctl } from '@osvif/sdk';
import { PlugFailedError } from '@osvif/runtime';
import { disposeAllNetns } from '@osvif/testkit';
import { hybridNames } from './helpers/names';
import { DRIVERS, OvsTestEnv, startEnv } from './helpers/env';
import { hybridVif, instance } from './helpers/vifs';

afterAll(disposeAllNetns);

class SysctlFailure extends Error {
  constructor(readonly key: string) {
    super(`refused ${key}`);
  }
}

/** The namespace's Sysctl, except that arp_announce fails after `delayMs`. */
function lateFailingSysctl(real: Sysctl, delayMs: number): Sysctl {
  return {
    read: (path) => real.read(path),
    async write(path, value) {
      if (path[path.length - 1] !== 'arp_announce') return real.write(path, value);
      await new Promise((r) => setTimeout(r, delayMs));
      throw new SysctlFailure(path.join('.'));
    },
  };
}

describe.each(DRIVERS)('hybrid plug, concurrent steps, with the %s driver', (driver) => {
  let env: OvsTestEnv;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(async () => env?.dispose());

  it('a kernel step failing early (OVS port write still in flight): nothing is left, not even the port made after the failure', async () => {
    const rt = await env.runtime(driver, {}, { sysctl: lateFailingSysctl(env.ns.sysctl, 0) });
    const vif = hybridVif();
    const { qbr, qvb, qvo } = hybridNames(vif.id);
    const err = await rt.plug(vif, instance()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as PlugFailedError).cause).toBeInstanceOf(SysctlFailure);
    // Give a step that was not awaited the time to finish: it must not be there afterwards either.
    await new Promise((r) => setTimeout(r, 300));
    expect(await env.db.getPort(qvo)).toBeUndefined();
    for (const dev of [qbr, qvb, qvo]) expect(await env.ns.links.exists(dev)).toBe(false);
  });

  it('a kernel step failing late rolls back the qbr, the veth pair and the OVS port made meanwhile', async () => {
    const rt = await env.runtime(driver, {}, { sysctl: lateFailingSysctl(env.ns.sysctl, 1500) });
    const vif = hybridVif();
    const { qbr, qvb, qvo } = hybridNames(vif.id);
    const seen: { port?: boolean } = {};
    // Watch the OVS port appear while the failing sysctl is still pending.
    const watch = (async () => {
      for (let i = 0; i < 50 && !seen.port; i++) {
        if (await env.db.portExists(qvo, 'br-int')) seen.port = true;
        else await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const err = await rt.plug(vif, instance()).then(
      () => undefined,
      (e: unknown) => e,
    );
    await watch;
    expect(err).toBeInstanceOf(PlugFailedError);
    expect((err as PlugFailedError).cause).toBeInstanceOf(SysctlFailure);
    expect(seen.port).toBe(true); // the OVS port was really made before the failure...
    expect(await env.db.getPort(qvo)).toBeUndefined(); // ...and taken back
    for (const dev of [qbr, qvb, qvo]) expect(await env.ns.links.exists(dev)).toBe(false);
  });
});
