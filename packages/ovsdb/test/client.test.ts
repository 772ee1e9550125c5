// OvsdbClient against a real private ovsdb-server + ovs-vswitchd.
import { namedUuid, OvsdbClient, OvsdbTransactionError, set, uuid, Operation } from '@osvif/ovsdb';
import { PrivateOvs, startPrivateOvs } from '@osvif/testkit';

let ovs: PrivateOvs;
let c: OvsdbClient;
beforeAll(async () => {
  ovs = await startPrivateOvs();
  c = new OvsdbClient({ connection: ovs.dbEndpoint, timeoutMs: 10000 });
  await c.ready();
});
afterAll(async () => {
  c?.close();
  await ovs?.stop();
});

const until = async (cond: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** Ops that add bridge `name` (with its local port) using named UUIDs. */
const addBridgeOps = (name: string): Operation[] => [
  { op: 'insert', table: 'Interface', row: { name, type: 'internal' }, 'uuid-name': 'i' },
  { op: 'insert', table: 'Port', row: { name, interfaces: namedUuid('i') }, 'uuid-name': 'p' },
  { op: 'insert', table: 'Bridge', row: { name, ports: set([namedUuid('p')]), datapath_type: 'netdev' }, 'uuid-name': 'b' },
  { op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['bridges', 'insert', set([namedUuid('b')])]] },
];

describe('OvsdbClient on a real ovsdb-server', () => {
  it('transact: insert with named UUIDs, select, update, mutate, wait, comment, commit, abort, assert, delete', async () => {
    const r = await c.transact([{ op: 'comment', comment: 'osvif test' }, ...addBridgeOps('brc1')]);
    const brUuid = r[3].uuid?.[1];
    expect(brUuid).toMatch(/^[0-9a-f-]{36}$/);
    const sel = await c.transact([
      { op: 'select', table: 'Bridge', where: [['_uuid', '==', uuid(brUuid!)]], columns: ['name', 'datapath_type'] },
    ]);
    expect(sel[0].rows).toEqual([{ name: 'brc1', datapath_type: 'netdev' }]);
    const upd = await c.transact([
      {
        op: 'wait',
        table: 'Bridge',
        where: [['name', '==', 'brc1']],
        columns: ['datapath_type'],
        until: '==',
        rows: [{ datapath_type: 'netdev' }],
        timeout: 0,
      },
      { op: 'update', table: 'Bridge', where: [['name', '==', 'brc1']], row: { external_ids: ['map', [['a', '1']]] } },
      { op: 'mutate', table: 'Bridge', where: [['name', '==', 'brc1']], mutations: [['external_ids', 'insert', ['map', [['b', '2']]]]] },
      { op: 'commit', durable: false },
    ]);
    expect(upd[1].count).toBe(1);
    expect((await ovs.vsctl(['get', 'Bridge', 'brc1', 'external_ids'])).trim()).toBe('{a="1", b="2"}');
    // A failing wait aborts the whole transaction: the update before it is not applied.
    const err = await c
      .transact([
        { op: 'update', table: 'Bridge', where: [['name', '==', 'brc1']], row: { datapath_type: 'system' } },
        {
          op: 'wait',
          table: 'Bridge',
          where: [['name', '==', 'brc1']],
          columns: ['name'],
          until: '==',
          rows: [{ name: 'other' }],
          timeout: 0,
        },
      ])
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ constructor: OvsdbTransactionError, error: 'timed out', opIndex: 1 });
    expect((await ovs.vsctl(['get', 'Bridge', 'brc1', 'datapath_type'])).trim()).toBe('netdev');
    // abort and assert (on a lock we do not hold) fail and change nothing.
    await expect(
      c.transact([{ op: 'update', table: 'Bridge', where: [['name', '==', 'brc1']], row: { datapath_type: 'x' } }, { op: 'abort' }]),
    ).rejects.toMatchObject({ error: 'aborted', opIndex: 1 });
    await expect(c.transact([{ op: 'assert', lock: 'osvif_lock' }])).rejects.toMatchObject({ error: 'not owner' });
    // delete: Bridge is not a root table, so dropping it from Open_vSwitch.bridges garbage-collects it.
    await c.transact([{ op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['bridges', 'delete', set([uuid(brUuid!)])]] }]);
    expect((await c.transact([{ op: 'select', table: 'Bridge', where: [['name', '==', 'brc1']] }]))[0].rows).toEqual([]);
    const q = await c.transact([{ op: 'insert', table: 'QoS', row: { type: 'linux-noop' } }]);
    const del = await c.transact([{ op: 'delete', table: 'QoS', where: [['_uuid', '==', uuid(q[0].uuid![1])]] }]);
    expect(del[0].count).toBe(1);
    // An unknown table or a bad column is the server's error, typed.
    await expect(c.transact([{ op: 'select', table: 'Nope', where: [] }])).rejects.toBeInstanceOf(OvsdbTransactionError);
    await expect(c.transact([{ op: 'insert', table: 'Bridge', row: { nosuch: 1 } }])).rejects.toMatchObject({ opIndex: 0 });
  });

  it('the cache follows changes made by other clients (ovs-vsctl), without a round trip to read it', async () => {
    await ovs.vsctl(['add-br', 'brc2', '--', 'set', 'Bridge', 'brc2', 'datapath_type=netdev']);
    await until(() => c.cache.findByName('Bridge', 'brc2') !== undefined);
    await ovs.vsctl(['add-port', 'brc2', 'pc2', '--', 'set', 'Interface', 'pc2', 'type=internal', 'external_ids:k=v']);
    await until(() => (c.cache.findByName('Interface', 'pc2')?.external_ids as Record<string, string> | undefined)?.k === 'v');
    const br = c.cache.findByName('Bridge', 'brc2')!;
    const port = c.cache.findByName('Port', 'pc2')!;
    expect(br.ports).toContain(port._uuid);
    await ovs.vsctl(['del-br', 'brc2']);
    await until(() => c.cache.findByName('Bridge', 'brc2') === undefined && c.cache.findByName('Port', 'pc2') === undefined);
  });

  it('waitForCurCfg resolves once ovs-vswitchd applied next_cfg', async () => {
    const r = await c.transact([
      ...addBridgeOps('brc3'),
      { op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['next_cfg', '+=', 1]] },
      { op: 'select', table: 'Open_vSwitch', where: [], columns: ['next_cfg'] },
    ]);
    const next = r[5].rows?.[0].next_cfg as number;
    await c.waitForCurCfg(next, 'test');
    expect(c.cache.rows('Open_vSwitch')[0].cur_cfg).toBeGreaterThanOrEqual(next);
    // Applied: the bridge's local port has an OpenFlow port number already.
    expect((await ovs.vsctl(['get', 'Interface', 'brc3', 'ofport'])).trim()).toBe('65534');
    await expect(c.waitForCurCfg(next + 1000, 'never', 100)).rejects.toMatchObject({ name: 'OvsdbTimeoutError' });
  });

  it('many transactions in flight on one connection are matched to their replies', async () => {
    const names = Array.from({ length: 200 }, (_, i) => `m${i}`);
    const results = await Promise.all(
      names.map((n) =>
        c.transact([
          { op: 'insert', table: 'QoS', row: { type: 'linux-noop', external_ids: ['map', [['n', n]]] } },
          { op: 'select', table: 'QoS', where: [['external_ids', 'includes', ['map', [['n', n]]]]], columns: ['external_ids'] },
        ]),
      ),
    );
    results.forEach((r, i) => expect(r[1].rows).toEqual([{ external_ids: ['map', [['n', names[i]]]] }]));
    await c.transact([{ op: 'delete', table: 'QoS', where: [] }]);
  });
});
