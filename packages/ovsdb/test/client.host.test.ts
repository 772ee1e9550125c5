// OvsdbClient against a real private ovsdb-server + ovs-vswitchd.
import {
  namedUuidAtom,
  OvsdbAbortedError,
  OvsdbClient,
  OvsdbConstraintViolationError,
  OvsdbDomainError,
  OvsdbDuplicateUuidNameError,
  OvsdbError,
  OvsdbNotOwnerError,
  OvsdbOperation,
  OvsdbRangeError,
  OvsdbReferentialIntegrityViolationError,
  OvsdbSyntaxError,
  OvsdbTransactionError,
  OvsdbUnknownColumnError,
  OvsdbUnknownDatabaseError,
  OvsdbWaitTimedOutError,
  ovsSet,
  uuidAtom,
} from '@osvif/ovsdb';
import { PrivateOvs, startPrivateOvs } from '@osvif/testkit';

/** What these tests read from the cache (the client itself caches nothing unless asked). */
const MONITOR = {
  Open_vSwitch: ['bridges', 'cur_cfg', 'next_cfg'],
  Bridge: ['name', 'ports', 'datapath_type', 'external_ids'],
  Port: ['name', 'interfaces', 'tag', 'vlan_mode', 'trunks', 'qos', 'external_ids'],
  Interface: ['name', 'type', 'options', 'external_ids', 'mtu_request'],
  QoS: ['type', 'external_ids'],
};

let ovs: PrivateOvs;
let c: OvsdbClient;
beforeAll(async () => {
  ovs = await startPrivateOvs();
  c = new OvsdbClient({ connection: ovs.dbEndpoint, database: 'Open_vSwitch', timeoutMs: 10000, monitor: MONITOR });
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
const addBridgeOps = (name: string): OvsdbOperation[] => [
  { op: 'insert', table: 'Interface', row: { name, type: 'internal' }, 'uuid-name': 'i' },
  { op: 'insert', table: 'Port', row: { name, interfaces: namedUuidAtom('i') }, 'uuid-name': 'p' },
  { op: 'insert', table: 'Bridge', row: { name, ports: ovsSet([namedUuidAtom('p')]), datapath_type: 'netdev' }, 'uuid-name': 'b' },
  { op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['bridges', 'insert', ovsSet([namedUuidAtom('b')])]] },
];

describe('OvsdbClient on a real ovsdb-server', () => {
  it('transact: insert with named UUIDs, select, update, mutate, wait, comment, commit, abort, assert, delete', async () => {
    const r = await c.transact([{ op: 'comment', comment: 'osvif test' }, ...addBridgeOps('brc1')]);
    const brUuid = r[3].uuid?.[1];
    expect(brUuid).toMatch(/^[0-9a-f-]{36}$/);
    const sel = await c.transact([
      { op: 'select', table: 'Bridge', where: [['_uuid', '==', uuidAtom(brUuid!)]], columns: ['name', 'datapath_type'] },
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
    expect(err).toBeInstanceOf(OvsdbTransactionError);
    expect(err).toMatchObject({ constructor: OvsdbWaitTimedOutError, code: 'OVSDB_WAIT_TIMED_OUT', error: 'timed out', opIndex: 1 });
    expect((await ovs.vsctl(['get', 'Bridge', 'brc1', 'datapath_type'])).trim()).toBe('netdev');
    // abort and assert (on a lock we do not hold) fail and change nothing.
    await expect(
      c.transact([{ op: 'update', table: 'Bridge', where: [['name', '==', 'brc1']], row: { datapath_type: 'x' } }, { op: 'abort' }]),
    ).rejects.toMatchObject({ constructor: OvsdbAbortedError, code: 'OVSDB_ABORTED', error: 'aborted', opIndex: 1 });
    await expect(c.transact([{ op: 'assert', lock: 'osvif_lock' }])).rejects.toMatchObject({
      constructor: OvsdbNotOwnerError,
      code: 'OVSDB_NOT_OWNER',
      error: 'not owner',
    });
    // delete: Bridge is not a root table, so dropping it from Open_vSwitch.bridges garbage-collects it.
    await c.transact([{ op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['bridges', 'delete', ovsSet([uuidAtom(brUuid!)])]] }]);
    expect((await c.transact([{ op: 'select', table: 'Bridge', where: [['name', '==', 'brc1']] }]))[0].rows).toEqual([]);
    const q = await c.transact([{ op: 'insert', table: 'QoS', row: { type: 'linux-noop' } }]);
    const del = await c.transact([{ op: 'delete', table: 'QoS', where: [['_uuid', '==', uuidAtom(q[0].uuid![1])]] }]);
    expect(del[0].count).toBe(1);
    // An unknown table or a bad column is the server's error, typed.
    await expect(c.transact([{ op: 'select', table: 'Nope', where: [] }])).rejects.toBeInstanceOf(OvsdbTransactionError);
    await expect(c.transact([{ op: 'select', table: 'Nope', where: [] }])).rejects.toBeInstanceOf(OvsdbSyntaxError);
    await expect(c.transact([{ op: 'insert', table: 'Bridge', row: { nosuch: 1 } }])).rejects.toMatchObject({ opIndex: 0 });
    await expect(c.transact([{ op: 'insert', table: 'Bridge', row: { nosuch: 1 } }])).rejects.toMatchObject({
      constructor: OvsdbUnknownColumnError,
      code: 'OVSDB_UNKNOWN_COLUMN',
    });
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

  it('waitForCache resolves once the condition holds on the cache (here: ovs-vswitchd applied next_cfg)', async () => {
    const r = await c.transact([
      ...addBridgeOps('brc3'),
      { op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['next_cfg', '+=', 1]] },
      { op: 'select', table: 'Open_vSwitch', where: [], columns: ['next_cfg'] },
    ]);
    const next = r[5].rows?.[0].next_cfg as number;
    const curCfgAtLeast =
      (n: number) =>
      (cache: OvsdbClient['cache']): boolean =>
        Number(cache.rows('Open_vSwitch')[0]?.cur_cfg) >= n;
    await c.waitForCache(curCfgAtLeast(next), 'test');
    expect(c.cache.rows('Open_vSwitch')[0].cur_cfg).toBeGreaterThanOrEqual(next);
    // Applied: the bridge's local port has an OpenFlow port number already.
    expect((await ovs.vsctl(['get', 'Interface', 'brc3', 'ofport'])).trim()).toBe('65534');
    await expect(c.waitForCache(curCfgAtLeast(next + 1000), 'never', 100)).rejects.toMatchObject({
      name: 'OvsdbTimeoutError',
      code: 'OVSDB_TIMEOUT',
      operation: 'never',
    });
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

describe('the errors a real ovsdb-server sends arrive typed, with what the server said', () => {
  const nextCfg = async (): Promise<number> =>
    (await c.transact([{ op: 'select', table: 'Open_vSwitch', where: [], columns: ['next_cfg'] }]))[0].rows?.[0].next_cfg as number;
  const qosRows = async (type: string): Promise<readonly unknown[]> =>
    (await c.transact([{ op: 'select', table: 'QoS', where: [['type', '==', type]] }]))[0].rows ?? [];

  it('duplicate uuid-name: the second insert naming "q" fails, and neither row exists', async () => {
    const e = await c
      .transact([
        { op: 'insert', table: 'QoS', row: { type: 'dup-test' }, 'uuid-name': 'q' },
        { op: 'insert', table: 'QoS', row: { type: 'dup-test' }, 'uuid-name': 'q' },
      ])
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OvsdbDuplicateUuidNameError);
    expect(e).toBeInstanceOf(OvsdbTransactionError);
    expect(e).toBeInstanceOf(OvsdbError);
    expect(e).toMatchObject({ code: 'OVSDB_DUPLICATE_UUID_NAME', error: 'duplicate uuid-name', opIndex: 1, syntax: '"q"' });
    expect((e as OvsdbTransactionError).details).toMatch(/uuid-name/);
    expect(await qosRows('dup-test')).toEqual([]);
  });

  it('referential integrity violation: a reference to a missing row fails the commit (one index past the operations)', async () => {
    const missing = '11111111-1111-1111-1111-111111111111';
    const e = await c
      .transact([{ op: 'insert', table: 'Port', row: { name: 'ri-test', interfaces: uuidAtom(missing) } }], 'add dangling port')
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OvsdbReferentialIntegrityViolationError);
    expect(e).toMatchObject({
      code: 'OVSDB_REFERENTIAL_INTEGRITY_VIOLATION',
      operation: 'add dangling port',
      error: 'referential integrity violation',
      opIndex: 1,
    });
    expect((e as OvsdbTransactionError).details).toContain(missing);
    expect((await c.transact([{ op: 'select', table: 'Port', where: [['name', '==', 'ri-test']] }]))[0].rows).toEqual([]);
  });

  it('constraint violation: a VLAN tag out of the schema range, and a mutation of an immutable column', async () => {
    const e = await c.transact([{ op: 'insert', table: 'Port', row: { name: 'cv-test', tag: 5000 } }]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OvsdbConstraintViolationError);
    expect(e).toMatchObject({ code: 'OVSDB_CONSTRAINT_VIOLATION', error: 'constraint violation', opIndex: 0 });
    expect((e as OvsdbTransactionError).details).toMatch(/5000 is not in the valid range 0 to 4095/);
    const immutable = await c
      .transact([{ op: 'mutate', table: 'Bridge', where: [], mutations: [['name', '+=', 1]] }])
      .catch((x: unknown) => x);
    expect(immutable).toMatchObject({ constructor: OvsdbConstraintViolationError, opIndex: 0, syntax: '["name","+=",1]' });
  });

  it('domain error (division by zero) and range error (integer overflow) in mutations change nothing', async () => {
    const before = await nextCfg();
    const div = await c
      .transact([{ op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['next_cfg', '/=', 0]] }])
      .catch((x: unknown) => x);
    expect(div).toMatchObject({ constructor: OvsdbDomainError, code: 'OVSDB_DOMAIN_ERROR', error: 'domain error', opIndex: 0 });
    const big = Number.MAX_SAFE_INTEGER;
    const overflow = await c
      .transact([
        { op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['next_cfg', '+=', big]] },
        { op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['next_cfg', '*=', big]] },
      ])
      .catch((x: unknown) => x);
    expect(overflow).toMatchObject({ constructor: OvsdbRangeError, code: 'OVSDB_RANGE_ERROR', error: 'range error', opIndex: 1 });
    expect(await nextCfg()).toBe(before); // the first mutation was rolled back with the second
  });

  it('unknown database: from a call naming it, and at once from a client set up for it (no retrying until the timeout)', async () => {
    const e = await c.call('get_schema', ['NoSuchDb']).catch((x: unknown) => x);
    expect(e).toMatchObject({ constructor: OvsdbUnknownDatabaseError, code: 'OVSDB_UNKNOWN_DATABASE', operation: 'get_schema' });
    const wrong = new OvsdbClient({ connection: ovs.dbEndpoint, database: 'NoSuchDb', timeoutMs: 10_000 });
    try {
      const t0 = Date.now();
      const e2 = await wrong.transact([{ op: 'select', table: 'Bridge', where: [] }]).catch((x: unknown) => x);
      expect(e2).toBeInstanceOf(OvsdbUnknownDatabaseError);
      expect(Date.now() - t0).toBeLessThan(5000);
      expect(wrong.connected).toBe(false);
    } finally {
      wrong.close();
    }
  });

  it('syntax error: an unknown operation, with the offending JSON quoted', async () => {
    const e = await c.transact([{ op: 'frob' } as unknown as OvsdbOperation]).catch((x: unknown) => x);
    expect(e).toMatchObject({ constructor: OvsdbSyntaxError, code: 'OVSDB_SYNTAX_ERROR', error: 'syntax error' });
    expect((e as OvsdbTransactionError).syntax).toBe('{"op":"frob"}');
  });
});
