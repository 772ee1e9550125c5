// Chaos: plugs of each kind (hybrid, generic create_port, create_tap, vhost-user) SIGKILLed right after each
// of their host-changing steps in turn (every link change, sysctl write and ovs-vsctl run: helpers/
// killable-plug.js), beside survivors plugged to the end and bystanders that are not osvif's. Then `osvif gc`
// with the survivors as the valid set: the namespace and the OVS database are exactly as before the killed
// plugs (nothing leaked, survivors and bystanders untouched), `list` names exactly the survivors, and no
// record of a plug in flight is left. Both drivers: with vsctl every OVSDB read and write is a step too; with
// the native driver the kills fall between the kernel steps and around its transactions.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { disposeAllNetns } from '@osvif/testkit';
import { captureState } from '@osvif/conformance';
import type { VersionedObject } from '@osvif/objects';
import { DriverKind, DRIVERS, OvsTestEnv, startEnv } from '../helpers/env';
import { hybridVif, instance, ovsProfile, ovsVif, vhostUserVif } from '../helpers/vifs';

const REPO = resolve(__dirname, '../../../..');
const BIN = join(REPO, 'packages/runtime/bin/osvif.js');
const VICTIM = join(REPO, 'packages/plugin-ovs/test/helpers/killable-plug.js');

afterAll(disposeAllNetns);

const KINDS: Record<string, () => VersionedObject & { id: string }> = {
  hybrid: () => hybridVif(),
  generic: () => ovsVif(),
  create_tap: () => ovsVif({ profile: ovsProfile({ datapath_type: 'netdev', create_port: true, create_tap: true }) }),
  'vhost-user': () => vhostUserVif(),
};

describe.each(DRIVERS)('plugs killed at every host-changing step, then gc (%s driver)', (driver: DriverKind) => {
  let env: OvsTestEnv;
  let dir: string;
  let config: string;
  let n = 0;
  beforeAll(async () => {
    env = await startEnv();
    dir = mkdtempSync(join(tmpdir(), 'osvif-chaos-'));
    config = join(dir, 'osvif.conf');
    writeFileSync(
      config,
      `${env.configText(driver)}\n[osvif]\nlock_path = ${join(dir, 'locks')}\njournal_path = ${join(dir, 'journal')}\n`,
    );
    writeFileSync(join(dir, 'instance.json'), JSON.stringify(instance().toPrimitive()));
    await env.ns.check('ip', ['link', 'add', 'keep0', 'type', 'veth', 'peer', 'name', 'keep0-p']);
    await env.ns.check('ip', ['link', 'add', 'keepbr', 'type', 'bridge']);
    await env.ovs.vsctl(['--may-exist', 'add-br', 'br-int', '--', 'set', 'Bridge', 'br-int', 'datapath_type=netdev']);
    await env.ovs.vsctl([
      'add-port',
      'br-int',
      'keep-p',
      '--',
      'set',
      'Interface',
      'keep-p',
      'type=internal',
      'external_ids:iface-id=other',
    ]);
  }, 300_000);
  afterAll(async () => {
    await env?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function run(file: string, args: string[]): Promise<{ code: number | string; stdout: string; stderr: string }> {
    return new Promise((done) =>
      execFile(
        'ip',
        ['netns', 'exec', env.ns.name, process.execPath, file, ...args],
        { encoding: 'utf8', timeout: 60_000 },
        (err, stdout, stderr) =>
          done({
            code: err ? ((err as { code?: number | string; signal?: string }).signal ?? (err as { code?: number }).code ?? 1) : 0,
            stdout,
            stderr,
          }),
      ),
    );
  }
  /** Plugs `vif` in a process that dies after step `killAfter` (0: never); resolves how it ended and the step count. */
  async function plug(vif: VersionedObject, killAfter: number): Promise<{ code: number | string; steps: number }> {
    const vifFile = join(dir, `vif${n++}.json`);
    writeFileSync(vifFile, JSON.stringify(vif.toPrimitive()));
    const r = await run(VICTIM, [config, vifFile, join(dir, 'instance.json'), String(killAfter)]);
    if (r.code !== 0 && r.code !== 'SIGKILL') throw new Error(`plug failed: ${r.stderr}`);
    return { code: r.code, steps: Number(/steps (\d+)/.exec(r.stdout)?.[1] ?? NaN) };
  }
  const snapshot = (): ReturnType<typeof captureState> => captureState({ netns: env.ns.name, ovsdb: env.ovs.dbEndpoint, sysctls: true });

  it('leaves exactly the survivors and the bystanders', async () => {
    const survivors: string[] = [];
    const stepsOf: Record<string, number> = {};
    for (const [kind, make] of Object.entries(KINDS)) {
      const vif = make();
      const done = await plug(vif, 0);
      expect(done.code).toBe(0);
      stepsOf[kind] = done.steps;
      survivors.push(vif.id);
    }
    const before = await snapshot();
    let killed = 0;
    for (const [kind, make] of Object.entries(KINDS)) {
      expect(stepsOf[kind]).toBeGreaterThan(0);
      for (let k = 1; k <= stepsOf[kind]; k++) {
        const r = await plug(make(), k);
        expect(r.code).toBe('SIGKILL');
        killed++;
      }
    }
    expect(killed).toBeGreaterThanOrEqual(driver === 'vsctl' ? 20 : 10);
    expect(await snapshot()).not.toEqual(before); // the killed plugs did leave things behind

    writeFileSync(join(dir, 'valid.json'), JSON.stringify(survivors));
    const gc = await run(BIN, ['--config-file', config, 'gc', '--json', '--valid', join(dir, 'valid.json')]);
    expect(gc.code).toBe(0);
    expect(await snapshot()).toEqual(before);
    const list = await run(BIN, ['--config-file', config, 'list', '--json']);
    expect((JSON.parse(list.stdout) as Array<{ vif_id: string }>).map((v) => v.vif_id).sort()).toEqual([...survivors].sort());
    expect(readdirSync(join(dir, 'journal', 'pending'))).toEqual([]);
  }, 600_000);
});
