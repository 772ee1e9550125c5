// combineOperations: which operations of a batch are shared or merged, and
// where each write's operations end up. (The transactions it builds are run
// against a real ovsdb-server in write-batching.host.test.ts.)
import type { OvsdbOperation } from '@osvif/ovsdb';
import { combineOperations } from '../../src/ovsdb/native/combine';

const bridgeGuard: OvsdbOperation = {
  op: 'wait',
  table: 'Bridge',
  where: [['_uuid', '==', ['uuid', 'b-1']]],
  columns: ['name'],
  until: '==',
  rows: [{ name: 'br-int' }],
  timeout: 0,
};
const portGuard = (p: string): OvsdbOperation => ({
  op: 'wait',
  table: 'Port',
  where: [['_uuid', '==', ['uuid', p]]],
  columns: ['name'],
  until: '==',
  rows: [{ name: p }],
  timeout: 0,
});
const ports = (mutator: 'insert' | 'delete', ...atoms: (readonly ['uuid' | 'named-uuid', string])[]): OvsdbOperation => ({
  op: 'mutate',
  table: 'Bridge',
  where: [['name', '==', 'br-int']],
  mutations: [['ports', mutator, ['set', atoms]]],
});
const addPort = (n: number): OvsdbOperation[] => [
  { op: 'insert', table: 'Interface', row: { name: `p${n}` }, 'uuid-name': `iface${n}` },
  { op: 'insert', table: 'Port', row: { name: `p${n}`, interfaces: ['named-uuid', `iface${n}`] }, 'uuid-name': `port${n}` },
  bridgeGuard,
  ports('insert', ['named-uuid', `port${n}`]),
];
const delPort = (p: string): OvsdbOperation[] => [portGuard(p), bridgeGuard, ports('delete', ['uuid', p])];

/** The operations each write would have had in the combined transaction. */
const seenBy = (c: ReturnType<typeof combineOperations>, w: number): OvsdbOperation[] => c.at[w].map((i) => c.ops[i]);

it('port additions: one bridge guard, one ports mutation after every insert, the inserts in order', () => {
  const c = combineOperations([addPort(1), addPort(2), addPort(3)]);
  expect(c.ops.map((o) => `${o.op} ${'table' in o ? o.table : ''}`)).toEqual([
    'insert Interface',
    'insert Port',
    'wait Bridge',
    'insert Interface',
    'insert Port',
    'insert Interface',
    'insert Port',
    'mutate Bridge',
  ]);
  expect(c.ops[7]).toEqual(ports('insert', ['named-uuid', 'port1'], ['named-uuid', 'port2'], ['named-uuid', 'port3']));
  // Each write points at its own inserts, the shared guard and the merged mutation.
  expect(c.at).toEqual([
    [0, 1, 2, 7],
    [3, 4, 2, 7],
    [5, 6, 2, 7],
  ]);
  expect(seenBy(c, 1)[0]).toEqual(addPort(2)[0]);
});

it('port deletions: each port keeps its own guard, the bridge guard and the mutation are shared', () => {
  const c = combineOperations([delPort('u1'), delPort('u2')]);
  expect(c.ops).toEqual([portGuard('u1'), bridgeGuard, portGuard('u2'), ports('delete', ['uuid', 'u1'], ['uuid', 'u2'])]);
  expect(c.at).toEqual([
    [0, 1, 3],
    [2, 1, 3],
  ]);
});

it('a single write, or writes with nothing in common, come out unchanged', () => {
  expect(combineOperations([addPort(1)]).ops).toEqual(addPort(1));
  const a: OvsdbOperation = { op: 'update', table: 'Interface', where: [['name', '==', 'a']], row: { mtu_request: 1400 } };
  const b: OvsdbOperation = { op: 'delete', table: 'QoS', where: [['_uuid', '==', ['uuid', 'q']]] };
  const c = combineOperations([[a], [b]]);
  expect(c.ops).toEqual([a, b]);
  expect(c.at).toEqual([[0], [1]]);
});

it('an insertion and a deletion on the same column are never merged across each other, and keep their order', () => {
  const c = combineOperations([addPort(1), delPort('u9'), addPort(2)]);
  const mutations = c.ops.filter((o) => o.op === 'mutate');
  // insert(port1) | delete(u9) | insert(port2): the deletion ends the first group, so three mutations in order.
  expect(mutations).toEqual([
    ports('insert', ['named-uuid', 'port1']),
    ports('delete', ['uuid', 'u9']),
    ports('insert', ['named-uuid', 'port2']),
  ]);
});

it('an operation that reads the column between two mutations keeps them apart', () => {
  const readsPorts: OvsdbOperation = {
    op: 'wait',
    table: 'Bridge',
    where: [['name', '==', 'br-int']],
    columns: ['ports'],
    until: '==',
    rows: [{ ports: ['set', []] }],
    timeout: 0,
  };
  const select: OvsdbOperation = { op: 'select', table: 'Bridge', where: [] };
  for (const between of [readsPorts, select]) {
    const c = combineOperations([[ports('insert', ['named-uuid', 'a'])], [between], [ports('insert', ['named-uuid', 'b'])]]);
    expect(c.ops).toEqual([ports('insert', ['named-uuid', 'a']), between, ports('insert', ['named-uuid', 'b'])]);
  }
  // A select of other columns does not read `ports`: the two merge.
  const other: OvsdbOperation = { op: 'select', table: 'Bridge', where: [], columns: ['name'] };
  expect(combineOperations([[ports('insert', ['named-uuid', 'a'])], [other], [ports('insert', ['named-uuid', 'b'])]]).ops).toEqual([
    other,
    ports('insert', ['named-uuid', 'a'], ['named-uuid', 'b']),
  ]);
});

it('a guard is sent again when something between could change what it checks', () => {
  const rename: OvsdbOperation = { op: 'update', table: 'Bridge', where: [['name', '==', 'br-int']], row: { name: 'br-x' } };
  const drop: OvsdbOperation = { op: 'delete', table: 'Bridge', where: [['name', '==', 'br-y']] };
  const otherColumn: OvsdbOperation = {
    op: 'update',
    table: 'Bridge',
    where: [['name', '==', 'br-int']],
    row: { other_config: ['map', []] },
  };
  expect(combineOperations([[bridgeGuard], [rename], [bridgeGuard]]).ops).toEqual([bridgeGuard, rename, bridgeGuard]);
  expect(combineOperations([[bridgeGuard], [drop], [bridgeGuard]]).ops).toEqual([bridgeGuard, drop, bridgeGuard]);
  expect(combineOperations([[bridgeGuard], [otherColumn], [bridgeGuard]]).ops).toEqual([bridgeGuard, otherColumn]);
});

it('maps, scalars, several mutations in one op, different rows and repeated elements are not merged', () => {
  const ids = (k: string): OvsdbOperation => ({
    op: 'mutate',
    table: 'Interface',
    where: [['name', '==', 'a']],
    mutations: [['external_ids', 'insert', ['map', [[k, 'v']]]]],
  });
  expect(combineOperations([[ids('x')], [ids('y')]]).ops).toEqual([ids('x'), ids('y')]);
  const bump: OvsdbOperation = { op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['next_cfg', '+=', 1]] };
  expect(combineOperations([[bump], [bump]]).ops).toEqual([bump, bump]);
  const two: OvsdbOperation = {
    op: 'mutate',
    table: 'Bridge',
    where: [['name', '==', 'br-int']],
    mutations: [
      ['ports', 'insert', ['set', []]],
      ['mirrors', 'insert', ['set', []]],
    ],
  };
  expect(combineOperations([[two], [two]]).ops).toEqual([two, two]);
  const onOther: OvsdbOperation = {
    op: 'mutate',
    table: 'Bridge',
    where: [['name', '==', 'br-ex']],
    mutations: [['ports', 'insert', ['set', [['named-uuid', 'b']]]]],
  };
  expect(combineOperations([[ports('insert', ['named-uuid', 'a'])], [onOther]]).ops).toHaveLength(2);
  // The same element twice would be a set with a duplicate, which ovsdb-server refuses.
  const again = ports('delete', ['uuid', 'u1']);
  expect(combineOperations([[again], [again]]).ops).toEqual([again, again]);
});

it('a single uuid atom (not wrapped in a set) merges like a one-element set', () => {
  const atom: OvsdbOperation = {
    op: 'mutate',
    table: 'Bridge',
    where: [['name', '==', 'br-int']],
    mutations: [['ports', 'delete', ['uuid', 'u1']]],
  };
  expect(combineOperations([[atom], [ports('delete', ['uuid', 'u2'])]]).ops).toEqual([ports('delete', ['uuid', 'u1'], ['uuid', 'u2'])]);
});
