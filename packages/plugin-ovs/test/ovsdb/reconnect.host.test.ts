// ovsdb-server killed (SIGKILL) and restarted in the middle of a run.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { OvsdbConnectionError, OvsdbTimeoutError } from '@osvif/ovsdb';
import { ExecFileCommandRunner } from '@osvif/runtime';
import { createOvsDriver, NativeOvsDriver } from '../../src/ovsdb';
import { PrivateOvs, startPrivateOvs } from '@osvif/testkit';

let ovs: PrivateOvs;
beforeAll(async () => {
  ovs = await startPrivateOvs();
});
afterAll(async () => {
  await ovs?.stop();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('ovsdb-server killed and restarted mid-run', () => {
  it('native: calls in flight fail with a clear error or succeed (never hang); the client reconnects and resyncs its cache', async () => {
    const d = createOvsDriver({ connection: ovs.dbEndpoint, interface: 'native', timeoutSeconds: 3 }) as NativeOvsDriver;
    let stop = false;
    try {
      await d.ensureBridge('brr', 'netdev');
      const outcomes: string[] = [];
      let disconnects = 0;
      d.client.on('disconnected', () => disconnects++);
      // A steady stream of add/delete while the server dies and comes back.
      const worker = (async () => {
        for (let i = 0; !stop; i++) {
          const t0 = Date.now();
          try {
            await d.addOrUpdatePort({ bridge: 'brr', name: `r${i % 5}`, interfaceType: 'internal', externalIds: { i: String(i) } });
            outcomes.push('ok');
          } catch (e) {
            expect(e instanceof OvsdbConnectionError || e instanceof OvsdbTimeoutError).toBe(true);
            outcomes.push(e instanceof OvsdbConnectionError ? 'conn' : 'timeout');
          }
          expect(Date.now() - t0).toBeLessThan(3000 + 1500); // bounded by the timeout: no hang
        }
      })();
      await sleep(150);
      await ovs.stopDb('SIGKILL');
      await sleep(300);
      // While the server is down, change the database file directly: no update
      // notification can ever tell the client; only a resync after reconnect can.
      const ops = JSON.stringify([
        'Open_vSwitch',
        { op: 'insert', table: 'Interface', row: { name: 'broff', type: 'internal' }, 'uuid-name': 'i' },
        { op: 'insert', table: 'Port', row: { name: 'broff', interfaces: ['named-uuid', 'i'] }, 'uuid-name': 'p' },
        { op: 'insert', table: 'Bridge', row: { name: 'broff', ports: ['named-uuid', 'p'], datapath_type: 'netdev' }, 'uuid-name': 'b' },
        { op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['bridges', 'insert', ['named-uuid', 'b']]] },
      ]);
      await new Promise<void>((res, rej) =>
        execFile('ovsdb-tool', ['transact', join(ovs.dir, 'conf.db'), ops], (e) => (e ? rej(e) : res())),
      );
      expect(d.client.cache.findByName('Bridge', 'broff')).toBeUndefined(); // not known while down
      await ovs.startDb();
      const before = outcomes.length;
      await sleep(800);
      stop = true;
      await worker;
      expect(outcomes.filter((o) => o === 'ok').length).toBeGreaterThan(2);
      expect(disconnects).toBe(1); // the outage happened during the stream of writes
      // Calls caught by the kill either failed with a typed error (checked above) or, if they were
      // only waiting for the session or for cur_cfg, completed after the reconnect; work then goes on.
      expect(outcomes.slice(before).filter((o) => o === 'ok').length).toBeGreaterThan(2);
      expect(d.client.connected).toBe(true);
      expect(await d.bridgeExists('broff')).toBe(true); // resynced
      await d.addOrUpdatePort({ bridge: 'broff', name: 'poff', interfaceType: 'internal' });
      expect(await d.listPorts('broff')).toEqual(['poff']);
    } finally {
      stop = true;
      await d.close();
    }
  });

  it('both drivers: with the server down, calls fail with OvsdbConnectionError within the timeout', async () => {
    await ovs.stopDb('SIGKILL');
    try {
      for (const kind of ['native', 'vsctl'] as const) {
        const d = createOvsDriver({ connection: ovs.dbEndpoint, interface: kind, timeoutSeconds: 1, runner: new ExecFileCommandRunner() });
        const t0 = Date.now();
        const e = await d.addOrUpdatePort({ bridge: 'brr', name: 'x' }).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(OvsdbConnectionError);
        expect(Date.now() - t0).toBeLessThan(2500);
        await d.close();
      }
    } finally {
      await ovs.startDb();
    }
  });
});
