// The native driver's group commit (WriteBatcher): concurrent writes share
// one transaction against a real private ovsdb-server + ovs-vswitchd, yet
// every caller gets its own result or its own error, dependent writes keep
// their order, and a connection dropped mid-batch fails every member with a
// typed error instead of hanging.
import { OvsdbConnectionError, OvsdbConstraintViolationError, OvsdbTransactionError, OvsdbWaitTimedOutError } from '@osvif/ovsdb';
import { NativeOvsDriver, OvsNoSuchBridgeError, qosExternalIds, Txn } from '../../src/ovsdb';
import { PrivateOvs, startFakeOvsdbServer, startPrivateOvs } from '@osvif/testkit';

let ovs: PrivateOvs;
let d: NativeOvsDriver;
beforeAll(async () => {
  ovs = await startPrivateOvs();
  d = new NativeOvsDriver({ connection: ovs.dbEndpoint, timeoutMs: 10_000 });
});
afterAll(async () => {
  await d?.close();
  await ovs?.stop();
});

const ids = (i: number): Record<string, string> => ({
  'iface-id': `id-${i}`,
  'iface-status': 'active',
  'attached-mac': 'fa:16:3e:00:00:01',
  'vm-uuid': 'vm',
});
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const listPorts = async (br: string): Promise<string[]> =>
  (await ovs.vsctl(['list-ports', br]))
    .split('\n')
    .filter((l) => l.trim())
    .sort();

/** Counts transactions sent while `fn` runs. */
async function countTransactions<T>(fn: () => Promise<T>): Promise<{ result: T; transactions: number; ops: number[] }> {
  const spy = jest.spyOn(d.client, 'transact');
  try {
    const result = await fn();
    return { result, transactions: spy.mock.calls.length, ops: spy.mock.calls.map((c) => c[0].length) };
  } finally {
    spy.mockRestore();
  }
}

it('50 port writes issued together go out as ONE transaction, and each is applied by ovs-vswitchd', async () => {
  await d.ensureBridge('brbat0', 'netdev');
  const names = range(50).map((i) => `bat0p${i}`);
  const add = await countTransactions(() =>
    Promise.all(names.map((name, i) => d.addOrUpdatePort({ bridge: 'brbat0', name, interfaceType: 'internal', externalIds: ids(i) }))),
  );
  expect(add.transactions).toBe(1);
  expect(await listPorts('brbat0')).toEqual([...names].sort());
  // Every caller returned after cur_cfg: ovs-vswitchd already gave each its OpenFlow port.
  const ofports = (await ovs.vsctl(['--bare', '--columns=ofport', 'find', 'Interface', 'type=internal']))
    .split('\n')
    .filter((l) => l.trim());
  expect(ofports.filter((p) => Number(p) > 0).length).toBeGreaterThanOrEqual(50);
  // Each port got its own columns.
  expect((await ovs.vsctl(['get', 'Interface', 'bat0p17', 'external_ids:iface-id'])).trim()).toBe('id-17');

  const del = await countTransactions(() => Promise.all(names.map((name) => d.deletePort('brbat0', name))));
  expect(del.transactions).toBe(1);
  expect(await listPorts('brbat0')).toEqual([]);
});

it('a combined transaction carries each shared guard once and one bridge ports mutation, and every write still gets its own results', async () => {
  await d.ensureBridge('brbatc', 'netdev');
  const names = range(20).map((i) => `batcp${i}`);
  const add = await countTransactions(() =>
    Promise.all(names.map((name, i) => d.addOrUpdatePort({ bridge: 'brbatc', name, externalIds: ids(i) }))),
  );
  expect(add.transactions).toBe(1);
  // Per port an Interface and a Port insert; once: the bridge guard, the ports mutation, next_cfg and its select.
  expect(add.ops).toEqual([20 * 2 + 4]);
  expect(await listPorts('brbatc')).toEqual([...names].sort());
  // Each write still sees its own results (its inserts' UUIDs), one per operation it built.
  const own = await Promise.all(
    names.slice(0, 3).map((name) =>
      d.batcher.submit(`probe ${name}`, (txn) => {
        txn.touch('Port', name, 'shared');
        txn.add({ op: 'select', table: 'Port', where: [['name', '==', name]], columns: ['name'] });
      }),
    ),
  );
  expect(own.map((r) => r?.[0].rows?.[0]?.name)).toEqual(names.slice(0, 3));

  const del = await countTransactions(() => Promise.all(names.map((name) => d.deletePort('brbatc', name))));
  expect(del.transactions).toBe(1);
  // Per port its own guard (a wait on its row); once: the bridge guard, the ports mutation, next_cfg and its select.
  expect(del.ops).toEqual([20 + 4]);
  expect(await listPorts('brbatc')).toEqual([]);
});

it('one write the server refuses fails alone; the writes it was combined with succeed', async () => {
  await d.ensureBridge('brbat1', 'netdev');
  const good = range(8).map((i) => `bat1p${i}`);
  const before = { ...d.batcher.stats };
  // A write whose transaction the server must refuse: a wait whose condition is false.
  const bad = d.batcher.submit('refused write', (txn) => {
    txn.touch('Port', 'bat1-none', 'exclusive');
    txn.add({
      op: 'wait',
      table: 'Bridge',
      where: [['name', '==', 'brbat1']],
      columns: ['name'],
      until: '==',
      rows: [{ name: 'not-brbat1' }],
      timeout: 0,
    });
  });
  const results = await Promise.allSettled([
    ...good.slice(0, 4).map((name, i) => d.addOrUpdatePort({ bridge: 'brbat1', name, externalIds: ids(i) })),
    bad,
    ...good.slice(4).map((name, i) => d.addOrUpdatePort({ bridge: 'brbat1', name, externalIds: ids(i) })),
  ]);
  expect(results.map((r) => r.status)).toEqual([...Array(4).fill('fulfilled'), 'rejected', ...Array(4).fill('fulfilled')]);
  const err = (results[4] as PromiseRejectedResult).reason;
  expect(err).toBeInstanceOf(OvsdbTransactionError);
  // Its own error, named after its own operation and op index, not the batch's.
  expect(err).toMatchObject({ operation: 'refused write', error: 'timed out', opIndex: 0 });
  expect(err).toBeInstanceOf(OvsdbWaitTimedOutError);
  expect(await listPorts('brbat1')).toEqual([...good].sort());
  // The first combined try failed, the bad write was re-run alone.
  expect(d.batcher.stats.soloReruns - before.soloReruns).toBe(1);
  expect(d.batcher.stats.largestBatch).toBeGreaterThanOrEqual(9);
});

it('a refused guard that several writes shared (sent once): each of them re-runs alone and gets its own error', async () => {
  await d.ensureBridge('brbat9', 'netdev');
  const good = range(3).map((i) => `bat9p${i}`);
  const before = { ...d.batcher.stats };
  const falseWait = {
    op: 'wait',
    table: 'Bridge',
    where: [['name', '==', 'brbat9']],
    columns: ['name'],
    until: '==',
    rows: [{ name: 'not-brbat9' }],
    timeout: 0,
  } as const;
  const bad = (n: number): Promise<unknown> =>
    d.batcher.submit(`refused write ${n}`, (txn) => {
      txn.touch('Port', `bat9-none-${n}`, 'exclusive');
      txn.add(falseWait);
    });
  const sent = countTransactions(() =>
    Promise.allSettled([bad(1), ...good.map((name, i) => d.addOrUpdatePort({ bridge: 'brbat9', name, externalIds: ids(i) })), bad(2)]),
  );
  const { result: results, ops } = await sent;
  expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
  expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ operation: 'refused write 1', opIndex: 0 });
  expect((results[4] as PromiseRejectedResult).reason).toMatchObject({ operation: 'refused write 2', opIndex: 0 });
  expect(ops[0]).toBe(1 + 3 * 2 + 2 + 2); // the shared false wait once, 3 ports, bridge guard + ports mutation, next_cfg + select
  expect(d.batcher.stats.soloReruns - before.soloReruns).toBe(2);
  expect(await listPorts('brbat9')).toEqual(good);
});

it('a commit-time index clash that names no operation: every member re-runs alone and only the loser fails', async () => {
  // Two raw writes that both insert a bridge named the same (they declare no
  // shared keys, so the batcher combines them): the index on Bridge.name refuses the commit.
  const insert = (txn: Txn): void => {
    const b = txn.name('bridge');
    txn.add({ op: 'insert', table: 'Bridge', row: { name: 'brbatdup' }, 'uuid-name': b });
    txn.add({ op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['bridges', 'insert', ['set', [['named-uuid', b]]]]] });
  };
  const before = { ...d.batcher.stats };
  const results = await Promise.allSettled([d.batcher.submit('dup A', insert), d.batcher.submit('dup B', insert)]);
  expect(results[0].status).toBe('fulfilled');
  expect(results[1]).toMatchObject({
    status: 'rejected',
    reason: { constructor: OvsdbConstraintViolationError, operation: 'dup B', error: 'constraint violation' },
  });
  expect(d.batcher.stats.soloReruns - before.soloReruns).toBe(2);
  expect((await ovs.vsctl(['--bare', '--columns=name', 'find', 'Bridge', 'name=brbatdup'])).trim()).toBe('brbatdup');
  await d.deleteBridge('brbatdup');
});

it('the same new bridge asked for by many writers at once is created once, and nobody fails', async () => {
  const { transactions } = await countTransactions(() => Promise.all(range(20).map(() => d.ensureBridge('brbat2', 'netdev'))));
  // The first creates it; the others wait a round, then see it in the cache and have nothing to do.
  expect(transactions).toBe(1);
  expect((await ovs.vsctl(['--bare', '--columns=name', 'find', 'Bridge', 'name=brbat2'])).trim()).toBe('brbat2');
  // A bridge and ports on it, all issued together: the ports wait for the bridge, then share a transaction.
  const ports = range(10).map((i) => `bat3p${i}`);
  const both = await countTransactions(() =>
    Promise.all([d.ensureBridge('brbat3', 'netdev'), ...ports.map((name) => d.addOrUpdatePort({ bridge: 'brbat3', name }))]),
  );
  expect(both.transactions).toBe(2);
  expect(await listPorts('brbat3')).toEqual([...ports].sort());
  await Promise.all([d.deleteBridge('brbat2'), d.deleteBridge('brbat3')]);
  expect(await d.bridgeExists('brbat3')).toBe(false);
});

it('writes on the same port keep the order they were issued in', async () => {
  await d.ensureBridge('brbat4', 'netdev');
  // add, delete, add: the port must exist at the end, with the second add's ids.
  await Promise.all([
    d.addOrUpdatePort({ bridge: 'brbat4', name: 'bat4p', externalIds: ids(1) }),
    d.deletePort('brbat4', 'bat4p'),
    d.addOrUpdatePort({ bridge: 'brbat4', name: 'bat4p', externalIds: ids(2) }),
  ]);
  expect(await listPorts('brbat4')).toEqual(['bat4p']);
  expect((await ovs.vsctl(['get', 'Interface', 'bat4p', 'external_ids:iface-id'])).trim()).toBe('id-2');
  // add then delete: gone at the end; delete of an absent port queued behind an add still deletes it.
  await Promise.all([d.addOrUpdatePort({ bridge: 'brbat4', name: 'bat4q' }), d.deletePort('brbat4', 'bat4q')]);
  expect(await listPorts('brbat4')).toEqual(['bat4p']);
  // A bridge deleted while ports are added to it: the adds queued after it fail with "no such bridge".
  const r = await Promise.allSettled([d.deleteBridge('brbat4'), d.addOrUpdatePort({ bridge: 'brbat4', name: 'bat4r' })]);
  expect(r[0].status).toBe('fulfilled');
  expect(r[1]).toMatchObject({
    status: 'rejected',
    reason: { constructor: OvsNoSuchBridgeError, code: 'OVS_NO_SUCH_BRIDGE', error: 'no such bridge' },
  });
  expect(await d.bridgeExists('brbat4')).toBe(false);
});

it('a write with nothing to do returns at once, without a round trip, unless a write queued before it touches its rows', async () => {
  await d.ensureBridge('brbat7', 'netdev');
  const order: string[] = [];
  const adds = Promise.all(range(20).map((i) => d.addOrUpdatePort({ bridge: 'brbat7', name: `bat7p${i}` }))).then(() => order.push('adds'));
  // Issued after the adds: the bridge exists and none of them changes that.
  const { transactions } = await countTransactions(() => d.ensureBridge('brbat7', 'netdev').then(() => order.push('ensure')));
  expect(order).toEqual(['ensure']);
  expect(transactions).toBe(0);
  await adds;
  // Behind a queued delete of the bridge, the same no-op must wait its turn (and then recreate it).
  await Promise.all([d.deleteBridge('brbat7'), d.ensureBridge('brbat7', 'netdev')]);
  // Had the ensure answered at once ("exists"), the delete would have left no bridge.
  expect(await d.bridgeExists('brbat7')).toBe(true);
  expect(await listPorts('brbat7')).toEqual([]);
  await d.deleteBridge('brbat7');
});

it('QoS: destroying a stale row and creating the port with its new row, issued together, stay in order', async () => {
  await d.ensureBridge('brbat5', 'netdev');
  const q = qosExternalIds('bat5p', 'linux-noop');
  // A row left behind by an earlier port of that name (what os-vif destroys before it creates).
  await ovs.vsctl(['create', 'QoS', 'type=linux-noop', `external_ids:id=${q.id}`, `external_ids:_type=${q._type}`]);
  await d.ensureBridge('brbat5b', 'netdev'); // returns after cur_cfg: our cache has seen the row by then
  const [destroyed] = await Promise.all([
    d.destroyQos({ id: q.id }),
    d.addOrUpdatePort({ bridge: 'brbat5', name: 'bat5p', qos: { type: 'linux-noop', externalIds: q } }),
  ]);
  // Combined, the destroy (a delete by external_ids) would have taken the new row too.
  expect(destroyed).toBe(1);
  const rows = (await ovs.vsctl(['--bare', '--columns=_uuid', 'find', 'QoS', `external_ids:id=${q.id}`]))
    .split('\n')
    .filter((l) => l.trim());
  expect(rows).toHaveLength(1);
  expect((await ovs.vsctl(['get', 'Port', 'bat5p', 'qos'])).trim()).toBe(rows[0].trim());
  await d.deletePort('brbat5', 'bat5p');
  await d.destroyQos({ id: q.id });
  await Promise.all([d.deleteBridge('brbat5'), d.deleteBridge('brbat5b')]);
});

it('a bad argument fails at once without holding up or spoiling the writes beside it', async () => {
  await d.ensureBridge('brbat6', 'netdev');
  const r = await Promise.allSettled([
    d.addOrUpdatePort({ bridge: 'brbat6', name: 'bat6a' }),
    d.addOrUpdatePort({ bridge: 'brbat6', name: 'bat6b', tag: 5000 }),
    d.addOrUpdatePort({ bridge: 'brbat6', name: 'bat6c' }),
    // ovsdb-server would drop the whole connection on this one, taking the batch with it.
    d.addOrUpdatePort({ bridge: 'brbat6', name: 'bat6d', externalIds: { 'iface-id': 'x\ud800' } }),
  ]);
  expect(r.map((x) => x.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
  expect(await listPorts('brbat6')).toEqual(['bat6a', 'bat6c']);
  await d.deleteBridge('brbat6');
});

it('a connection dropped while a combined transaction is in flight fails every member with a typed error, promptly', async () => {
  let transacts = 0;
  let opsInTransact = 0;
  const srv = await startFakeOvsdbServer((m, sock) => {
    if (m.method === 'transact') {
      transacts++;
      opsInTransact = (m.params?.length ?? 1) - 1;
      sock.destroy(); // the server goes away mid-transaction
    } else if (m.method === 'echo') {
      sock.write(JSON.stringify({ id: m.id, result: m.params, error: null }));
    }
  });
  const fake = new NativeOvsDriver({ connection: srv.endpoint, timeoutMs: 30_000 });
  try {
    const t0 = Date.now();
    const r = await Promise.allSettled(range(30).map((i) => fake.ensureBridge(`brfake${i}`)));
    expect(r.every((x) => x.status === 'rejected' && x.reason instanceof OvsdbConnectionError)).toBe(true);
    expect(Date.now() - t0).toBeLessThan(15_000); // not the 30 s timeout: the drop itself ended them
    expect(transacts).toBe(1);
    // 30 bridges (3 inserts each, their 30 Open_vSwitch.bridges inserts merged into one) + one next_cfg bump + its select
    expect(opsInTransact).toBe(30 * 3 + 1 + 2);
  } finally {
    await fake.close();
    await srv.close();
  }
});

it('maxWritesPerTransaction bounds a batch (1: every write alone; nonsense values count as 1)', async () => {
  for (const max of [1, 0, -5, Number.NaN]) {
    const one = new NativeOvsDriver({ connection: ovs.dbEndpoint, timeoutMs: 10_000, maxWritesPerTransaction: max });
    try {
      await one.ensureBridge('brbat8', 'netdev');
      const before = one.batcher.stats.transactions;
      await Promise.all(range(5).map((i) => one.addOrUpdatePort({ bridge: 'brbat8', name: `bat8p${i}` })));
      expect(one.batcher.stats.transactions - before).toBe(5);
      expect(one.batcher.stats.largestBatch).toBe(1);
      await one.deleteBridge('brbat8');
    } finally {
      await one.close();
    }
  }
});

it('with two transactions allowed on the wire, a write touching a row of the first waits for its reply', async () => {
  // A fake server that answers transactions only when told to.
  const held: Array<() => void> = [];
  const seen: string[][] = [];
  const srv = await startFakeOvsdbServer((m, sock) => {
    if (m.method !== 'transact') return;
    const ops = (m.params ?? []).slice(1) as Array<{ op: string; table?: string; where?: unknown[] }>;
    seen.push(ops.filter((o) => o.op === 'insert').map((o) => String((o as unknown as { row: { name: string } }).row.name)));
    held.push(() =>
      sock.write(JSON.stringify({ id: m.id, result: ops.map((o) => (o.op === 'select' ? { rows: [{}] } : {})), error: null })),
    );
  });
  const fake = new NativeOvsDriver({ connection: srv.endpoint, timeoutMs: 10_000, maxTransactionsInFlight: 2 });
  const write = (name: string): Promise<unknown> =>
    fake.batcher.submit(`insert ${name}`, (txn) => {
      txn.touch('Port', name, 'exclusive');
      txn.add({ op: 'insert', table: 'Port', row: { name } });
    });
  const until = async (ok: () => boolean): Promise<void> => {
    for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
    expect(ok()).toBe(true);
  };
  try {
    const first = [write('a'), write('b')];
    await until(() => seen.length === 1);
    const second = [write('c'), write('a')]; // "a" is on the wire in the first transaction
    await until(() => seen.length === 2);
    expect(seen).toEqual([['a', 'b'], ['c']]); // the second went out unanswered first, without the second "a"
    held.shift()!();
    await Promise.all(first);
    await until(() => seen.length === 3);
    expect(seen[2]).toEqual(['a']); // the held-back "a" went out once the first was answered
    held.splice(0).forEach((answer) => answer());
    await Promise.all(second);
    expect(fake.batcher.stats.transactions).toBe(3);
  } finally {
    await fake.close();
    await srv.close();
  }
});
