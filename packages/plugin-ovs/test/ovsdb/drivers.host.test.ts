// Every OvsDriver operation and error, run with BOTH drivers against a real
// private ovsdb-server + ovs-vswitchd; a final test replays the same script
// with each driver and compares the resulting database rows.
import {
  OvsdbConnectionError,
  OvsdbInvalidArgumentError,
  OvsdbReferentialIntegrityViolationError,
  OvsdbTimeoutError,
  OvsdbTransactionError,
} from '@osvif/ovsdb';
import {
  createOvsDriver,
  OvsBridgeDatapathMismatchError,
  OvsDriver,
  qosExternalIds,
  OvsNameInUseError,
  OvsNoSuchBridgeError,
  OvsPortOnOtherBridgeError,
} from '../../src/ovsdb';
import type { CommandRunner } from '@osvif/sdk';
import { ExecFileCommandRunner } from '@osvif/runtime';

/** The runner the plugin gets from the runtime (COMMAND_RUNNER); the vsctl driver has no default of its own. */
const RUNNER = new ExecFileCommandRunner();
import { PrivateOvs, startPrivateOvs } from '@osvif/testkit';
import { execFile } from 'node:child_process';

let ovs: PrivateOvs;
beforeAll(async () => {
  ovs = await startPrivateOvs();
});
afterAll(async () => {
  await ovs?.stop();
});

const KINDS = ['native', 'vsctl'] as const;
let seq = 0;
/** A fresh bridge name per test, so tests do not see each other's rows. */
const uniq = (p: string): string => `${p}${seq++}`;

describe.each(KINDS)('%s driver', (kind) => {
  let d: OvsDriver;
  beforeAll(() => {
    d = createOvsDriver({ connection: ovs.dbEndpoint, interface: kind, timeoutSeconds: 10, runner: RUNNER });
  });
  afterAll(async () => {
    await d.close();
  });

  it('ensureBridge creates the bridge with its local port, is idempotent, and never rewrites an existing datapath_type', async () => {
    const br = uniq('brA');
    expect(await d.bridgeExists(br)).toBe(false);
    await d.ensureBridge(br, 'netdev');
    expect(await d.bridgeExists(br)).toBe(true);
    expect((await d.getBridge(br))?.datapathType).toBe('netdev');
    expect(await d.listPorts(br)).toEqual([]);
    expect((await d.getInterface(br))?.type).toBe('internal');
    await d.ensureBridge(br);
    expect((await d.getBridge(br))?.datapathType).toBe('netdev');
    await d.ensureBridge(br, 'netdev'); // the same datapath: fine
    // Another datapath on an existing (possibly shared) bridge: refused, and the bridge is left as it is.
    const e = await d.ensureBridge(br, 'system').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OvsBridgeDatapathMismatchError);
    expect(e).toBeInstanceOf(OvsdbTransactionError);
    expect(e).toMatchObject({
      code: 'OVS_BRIDGE_DATAPATH_MISMATCH',
      operation: 'ensureBridge',
      bridge: br,
      actual: 'netdev',
      wanted: 'system',
    });
    expect((await ovs.vsctl(['get', 'Bridge', br, 'datapath_type'])).trim()).toBe('netdev');
    // keepExisting (the VIF named no datapath): the existing bridge is used as it is.
    await d.ensureBridge(br, 'system', { keepExisting: true });
    expect((await ovs.vsctl(['get', 'Bridge', br, 'datapath_type'])).trim()).toBe('netdev');
    await d.deleteBridge(br);
    expect(await d.bridgeExists(br)).toBe(false);
    await d.deleteBridge(br); // if-exists
    // keepExisting on a new bridge: created with the datapath given.
    await d.ensureBridge(br, 'netdev', { keepExisting: true });
    expect((await d.getBridge(br))?.datapathType).toBe('netdev');
    await d.deleteBridge(br);
  });

  it("ensureBridge: an empty datapath_type is OVS's default, the same as 'system'", async () => {
    const br = uniq('brS');
    await d.ensureBridge(br, '');
    expect((await d.getBridge(br))?.datapathType).toBe('');
    await d.ensureBridge(br, 'system');
    expect((await d.getBridge(br))?.datapathType).toBe(''); // not rewritten either
    await expect(d.ensureBridge(br, 'netdev')).rejects.toBeInstanceOf(OvsBridgeDatapathMismatchError);
    const br2 = uniq('brS');
    await d.ensureBridge(br2, 'system');
    await d.ensureBridge(br2, '');
    expect((await d.getBridge(br2))?.datapathType).toBe('system');
    await d.deleteBridge(br);
    await d.deleteBridge(br2);
  });

  it('addOrUpdatePort creates port+interface with every column in one go, and is applied by ovs-vswitchd', async () => {
    const br = uniq('brB');
    await d.ensureBridge(br, 'netdev');
    await d.addOrUpdatePort({
      bridge: br,
      name: `${br}p`,
      interfaceType: 'internal',
      externalIds: { 'iface-id': 'e65867e0', 'iface-status': 'active', 'attached-mac': 'ca:fe:de:ad:be:ef', 'vm-uuid': 'f0' },
      portExternalIds: { owner: 'osvif' },
      mtuRequest: 1400,
      tag: 4095,
      vlanMode: 'trunk',
      trunks: [4095],
    });
    // Returned only after ovs-vswitchd applied it: the interface already has an OpenFlow port number.
    expect(Number((await ovs.vsctl(['get', 'Interface', `${br}p`, 'ofport'])).trim())).toBeGreaterThan(0);
    const i = await d.getInterface(`${br}p`);
    expect(i).toMatchObject({ name: `${br}p`, type: 'internal', mtuRequest: 1400, options: {} });
    expect(i?.externalIds).toEqual({
      'iface-id': 'e65867e0',
      'iface-status': 'active',
      'attached-mac': 'ca:fe:de:ad:be:ef',
      'vm-uuid': 'f0',
    });
    const p = await d.getPort(`${br}p`);
    expect(p).toMatchObject({ name: `${br}p`, bridge: br, tag: 4095, vlanMode: 'trunk', trunks: [4095], externalIds: { owner: 'osvif' } });
    expect(p?.interfaces).toEqual([i?.uuid]);
    expect(await d.portExists(`${br}p`)).toBe(true);
    expect(await d.portExists(`${br}p`, br)).toBe(true);
    expect(await d.listPorts(br)).toEqual([`${br}p`]);
  });

  it('addOrUpdatePort on an existing port merges map keys, overwrites given columns, leaves the rest', async () => {
    const br = uniq('brC');
    const name = `${br}p`;
    await d.ensureBridge(br, 'netdev');
    await d.addOrUpdatePort({ bridge: br, name, interfaceType: 'internal', externalIds: { a: '1', b: '2' }, options: { x: 'y' }, tag: 10 });
    const before = await d.getInterface(name);
    await d.addOrUpdatePort({ bridge: br, name, externalIds: { b: '3', c: '4', d: null, e: undefined }, tag: 11 });
    const after = await d.getInterface(name);
    expect(after?.uuid).toBe(before?.uuid); // same row: may-exist, not re-created
    expect(after?.externalIds).toEqual({ a: '1', b: '3', c: '4' }); // null/undefined never written (no "None")
    expect(after?.options).toEqual({ x: 'y' });
    expect(after?.type).toBe('internal');
    expect((await d.getPort(name))?.tag).toBe(11);
    expect(await d.listPorts(br)).toEqual([name]);
  });

  it('addOrUpdatePort with bridgeDatapathType creates the bridge in the same transaction (vhost-user path)', async () => {
    const br = uniq('tbr-');
    await d.addOrUpdatePort({
      bridge: br,
      name: `${br}v`,
      bridgeDatapathType: 'netdev',
      interfaceType: 'dpdkvhostuserclient',
      options: { 'vhost-server-path': '/tmp/nonexistent-vhu.sock' },
      externalIds: { 'iface-id': 'x', bridge_name: br },
      mtuRequest: 9000,
    });
    expect((await d.getBridge(br))?.datapathType).toBe('netdev');
    expect(await d.getInterface(`${br}v`)).toMatchObject({
      type: 'dpdkvhostuserclient',
      mtuRequest: 9000,
      options: { 'vhost-server-path': '/tmp/nonexistent-vhu.sock' },
    });
    // The same rule as ensureBridge on an existing bridge of another datapath: refused, nothing written...
    await expect(
      d.addOrUpdatePort({ bridge: br, name: `${br}w`, bridgeDatapathType: 'system', interfaceType: 'internal' }),
    ).rejects.toMatchObject({
      constructor: OvsBridgeDatapathMismatchError,
      operation: 'addOrUpdatePort',
    });
    expect(await d.portExists(`${br}w`)).toBe(false);
    // ...unless keepExistingBridge: the port is added, the bridge kept as it is.
    await d.addOrUpdatePort({
      bridge: br,
      name: `${br}w`,
      bridgeDatapathType: 'system',
      keepExistingBridge: true,
      interfaceType: 'internal',
    });
    expect(await d.portExists(`${br}w`, br)).toBe(true);
    expect((await d.getBridge(br))?.datapathType).toBe('netdev');
    await d.deleteBridge(br);
    expect(await d.portExists(`${br}v`)).toBe(false);
  });

  it('addOrUpdatePort with qos creates the QoS row and links it in the port transaction; findQos/destroyQos', async () => {
    const br = uniq('brQ');
    const name = `${br}p`;
    const ids = qosExternalIds(name, 'linux-noop');
    await d.ensureBridge(br, 'netdev');
    await d.addOrUpdatePort({ bridge: br, name, interfaceType: 'internal', qos: { type: 'linux-noop', externalIds: ids } });
    const rows = await d.findQos(ids);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'linux-noop', externalIds: ids });
    expect((await d.getPort(name))?.qos).toBe(rows[0].uuid);
    // Still referenced by the port: the DB refuses, and the error says why.
    await expect(d.destroyQos(ids)).rejects.toMatchObject({
      constructor: OvsdbReferentialIntegrityViolationError,
      code: 'OVSDB_REFERENTIAL_INTEGRITY_VIOLATION',
      error: 'referential integrity violation',
    });
    await d.deletePort(br, name);
    expect(await d.destroyQos(ids)).toBe(1);
    expect(await d.findQos(ids)).toEqual([]);
    expect(await d.destroyQos(ids)).toBe(0);
    await expect(d.destroyQos({})).rejects.toBeInstanceOf(OvsdbInvalidArgumentError);
  });

  it('createPatchPortPair makes both ends in one transaction, tag and ids on the first end', async () => {
    const pb = uniq('pb');
    const ib = uniq('ib');
    await d.ensureBridge(pb, 'netdev');
    await d.ensureBridge(ib, 'netdev');
    await d.createPatchPortPair({
      bridge: ib,
      port: `${ib}x`,
      peerBridge: pb,
      peerPort: `${pb}x`,
      tag: 4095,
      externalIds: { 'iface-id': 'v1' },
    });
    expect(await d.getInterface(`${ib}x`)).toMatchObject({ type: 'patch', options: { peer: `${pb}x` }, externalIds: { 'iface-id': 'v1' } });
    expect(await d.getInterface(`${pb}x`)).toMatchObject({ type: 'patch', options: { peer: `${ib}x` }, externalIds: {} });
    expect((await d.getPort(`${ib}x`))?.tag).toBe(4095);
    expect((await d.getPort(`${pb}x`))?.tag).toBeUndefined();
    // Atomic: if the second end cannot be made, neither exists.
    await expect(d.createPatchPortPair({ bridge: ib, port: `${ib}y`, peerBridge: 'nobridge', peerPort: `${pb}y` })).rejects.toMatchObject({
      constructor: OvsNoSuchBridgeError,
      error: 'no such bridge',
    });
    expect(await d.portExists(`${ib}y`)).toBe(false);
  });

  it('deletePort: if-exists, with and without a bridge; refuses another bridge; ignores a local port', async () => {
    const b1 = uniq('brD');
    const b2 = uniq('brD');
    await d.ensureBridge(b1, 'netdev');
    await d.ensureBridge(b2, 'netdev');
    await d.addOrUpdatePort({ bridge: b1, name: `${b1}p`, interfaceType: 'internal' });
    await d.addOrUpdatePort({ bridge: b1, name: `${b1}q`, interfaceType: 'internal' });
    await expect(d.deletePort(b2, `${b1}p`)).rejects.toMatchObject({
      constructor: OvsPortOnOtherBridgeError,
      code: 'OVS_PORT_ON_OTHER_BRIDGE',
      error: 'port on other bridge',
    });
    await expect(d.deletePort(b2, `${b1}p`)).rejects.toBeInstanceOf(OvsdbTransactionError);
    await d.deletePort(b1, b1); // the bridge's local port is not deleted (as ovs-vsctl --if-exists)
    expect((await d.getPort(b1))?.bridge).toBe(b1);
    await d.deletePort(b1, `${b1}p`);
    await d.deletePort(undefined, `${b1}q`);
    expect(await d.listPorts(b1)).toEqual([]);
    expect(await d.getInterface(`${b1}p`)).toBeUndefined();
    await d.deletePort(b1, `${b1}p`); // absent port: no-op
    await d.deletePort('no-such-bridge', 'no-such-port'); // absent bridge: no-op
  });

  it('failures are typed and never swallowed: missing bridge, port on another bridge, DB constraint', async () => {
    const b1 = uniq('brE');
    const b2 = uniq('brE');
    await d.ensureBridge(b1, 'netdev');
    await d.ensureBridge(b2, 'netdev');
    const e1 = await d.addOrUpdatePort({ bridge: 'nobr', name: 'p-x' }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(OvsdbTransactionError);
    expect(e1).toMatchObject({ operation: 'addOrUpdatePort', error: 'no such bridge' });
    expect(e1).toMatchObject({ constructor: OvsNoSuchBridgeError, code: 'OVS_NO_SUCH_BRIDGE' });
    await d.addOrUpdatePort({ bridge: b1, name: `${b1}p`, interfaceType: 'internal', externalIds: { k: 'v1' } });
    await expect(d.addOrUpdatePort({ bridge: b2, name: `${b1}p`, externalIds: { k: 'v2' } })).rejects.toMatchObject({
      constructor: OvsPortOnOtherBridgeError,
      error: 'port on other bridge',
    });
    expect((await d.getInterface(`${b1}p`))?.externalIds).toEqual({ k: 'v1' }); // nothing half-done
    await expect(d.listPorts('nobr')).rejects.toMatchObject({ constructor: OvsNoSuchBridgeError, error: 'no such bridge' });
    expect(await d.portExists(`${b1}p`, b2)).toBe(false);
    expect(await d.portExists(`${b1}p`, 'nobr')).toBe(false);
    // A bridge whose name clashes with an existing port.
    await expect(d.ensureBridge(`${b1}p`)).rejects.toMatchObject({
      constructor: OvsNameInUseError,
      code: 'OVS_NAME_IN_USE',
      error: 'name in use',
    });
    expect(await d.bridgeExists(`${b1}p`)).toBe(false);
  });

  it('bad input is refused before anything is sent', async () => {
    for (const name of ['', '-x', '@x', 'a\nb', 'x'.repeat(256), 'bad\ud800', '\udc00x']) {
      await expect(d.addOrUpdatePort({ bridge: 'br', name })).rejects.toBeInstanceOf(OvsdbInvalidArgumentError);
    }
    await expect(d.addOrUpdatePort({ bridge: 'br', name: 'p', tag: 4096 })).rejects.toMatchObject({ argument: 'tag' });
    await expect(d.addOrUpdatePort({ bridge: 'br', name: 'p', trunks: [1, -1] })).rejects.toMatchObject({ argument: 'trunks' });
    await expect(d.addOrUpdatePort({ bridge: 'br', name: 'p', vlanMode: 'bogus' as never })).rejects.toMatchObject({
      argument: 'vlanMode',
    });
    await expect(d.addOrUpdatePort({ bridge: 'br', name: 'p', externalIds: { k: 5 as unknown as string } })).rejects.toMatchObject({
      argument: 'externalIds.k',
    });
    await expect(d.ensureBridge(42 as unknown as string)).rejects.toBeInstanceOf(OvsdbInvalidArgumentError);
    // Lone surrogates anywhere (ovsdb-server would drop the connection; argv would get U+FFFD).
    await expect(d.addOrUpdatePort({ bridge: 'br', name: 'p', externalIds: { k: 'v\ud800' } })).rejects.toMatchObject({
      argument: 'externalIds.k',
    });
    await expect(d.addOrUpdatePort({ bridge: 'br', name: 'p', options: { ['k\udfff']: 'v' } })).rejects.toMatchObject({
      argument: 'options key',
    });
    await expect(d.addOrUpdatePort({ bridge: 'br', name: 'p', interfaceType: '\ud83d' })).rejects.toMatchObject({
      argument: 'interfaceType',
    });
  });

  it('hostile but legal names and values round-trip literally (no shell, no vsctl syntax injection)', async () => {
    const br = uniq('brH');
    await d.ensureBridge(br, 'netdev');
    const name = `${br}"; rm -rf /;$(x)`;
    const ids = { 'a:b=c,d': 'x=1,y:"2"\\', 'vm-uuid': '', 'owner-\u{1F600}': 'x\u{1F600}y' };
    await d.addOrUpdatePort({ bridge: br, name, externalIds: ids });
    expect((await d.getInterface(name))?.externalIds).toEqual(ids);
    expect(await d.listPorts(br)).toEqual([name]);
    expect(await d.portExists(name, br)).toBe(true);
    await d.deletePort(br, name);
    expect(await d.portExists(name)).toBe(false);
  });

  it('interfaceExternalIds: the Interface marks a claim reads, equal to getInterface, also after another client changed them', async () => {
    const br = uniq('brX');
    await d.ensureBridge(br, 'netdev');
    const name = `${br}p`;
    expect(await d.interfaceExternalIds(name)).toBeUndefined();
    await d.addOrUpdatePort({ bridge: br, name, externalIds: { 'osvif-vif-id': 'v1', 'iface-id': 'i1' } });
    expect(await d.interfaceExternalIds(name)).toEqual({ 'osvif-vif-id': 'v1', 'iface-id': 'i1' });
    expect(await d.interfaceExternalIds(name)).toEqual((await d.getInterface(name))?.externalIds);
    // Another client (ovs-vsctl) re-marks it: the native driver's cache follows its monitor.
    await ovs.vsctl(['set', 'Interface', name, 'external_ids:osvif-vif-id=v2']);
    for (let i = 0; i < 50 && (await d.interfaceExternalIds(name))?.['osvif-vif-id'] !== 'v2'; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await d.interfaceExternalIds(name)).toEqual({ 'osvif-vif-id': 'v2', 'iface-id': 'i1' });
    await d.deletePort(br, name);
    expect(await d.interfaceExternalIds(name)).toBeUndefined();
    await expect(d.interfaceExternalIds('-bad')).rejects.toBeInstanceOf(OvsdbInvalidArgumentError);
  });

  it('hasColumn reads the schema (exact names only)', async () => {
    expect(await d.hasColumn('Interface', 'mtu_request')).toBe(true);
    expect(await d.hasColumn('Interface', 'mtu_req')).toBe(false);
    expect(await d.hasColumn('Interface', 'nosuch')).toBe(false);
    expect(await d.hasColumn('NoTable', 'name')).toBe(false);
    expect(await d.hasColumn('QoS', 'external_ids')).toBe(true);
  });

  it('an unreachable database is an OvsdbConnectionError naming the endpoint', async () => {
    const dead = createOvsDriver({ connection: `unix:${ovs.dir}/nothing.sock`, interface: kind, timeoutSeconds: 1, runner: RUNNER });
    const e = await dead.bridgeExists('x').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OvsdbConnectionError);
    expect((e as OvsdbConnectionError).endpoint).toBe(`unix:${ovs.dir}/nothing.sock`);
    await dead.close();
  });
});

describe('tcp endpoint', () => {
  it('both drivers work over tcp:HOST:PORT', async () => {
    const t = await startPrivateOvs({ tcp: true });
    try {
      expect(t.tcpEndpoint).toMatch(/^tcp:127\.0\.0\.1:\d+$/);
      for (const kind of KINDS) {
        const d = createOvsDriver({ connection: t.tcpEndpoint!, interface: kind, timeoutSeconds: 5, runner: RUNNER });
        await d.ensureBridge(`tcp${kind}`, 'netdev');
        await d.addOrUpdatePort({ bridge: `tcp${kind}`, name: `tcp${kind}p`, interfaceType: 'internal' });
        expect(await d.portExists(`tcp${kind}p`, `tcp${kind}`)).toBe(true);
        await d.close();
      }
    } finally {
      await t.stop();
    }
  });
});

describe('native driver specifics', () => {
  it('concurrent writes from one driver (same and different ports) all land, each atomically', async () => {
    const d = createOvsDriver({ connection: ovs.dbEndpoint, interface: 'native', timeoutSeconds: 10 });
    try {
      const br = uniq('brK');
      await d.ensureBridge(br, 'netdev');
      const calls = Array.from({ length: 30 }, (_, i) =>
        d.addOrUpdatePort({ bridge: br, name: `${br}p${i % 10}`, interfaceType: 'internal', externalIds: { [`k${i}`]: String(i) } }),
      );
      await Promise.all(calls);
      const ports = await d.listPorts(br);
      expect(ports).toHaveLength(10);
      for (let j = 0; j < 10; j++) {
        const ids = (await d.getInterface(`${br}p${j}`))?.externalIds;
        expect(ids).toEqual({ [`k${j}`]: String(j), [`k${j + 10}`]: String(j + 10), [`k${j + 20}`]: String(j + 20) });
      }
    } finally {
      await d.close();
    }
  });
});

describe('vsctl driver specifics', () => {
  it("runs os-vif's ovs-vsctl command line through the injected CommandRunner, without a shell", async () => {
    const calls: { file: string; args: readonly string[] }[] = [];
    const real = RUNNER;
    const runner: CommandRunner = {
      run: (file, args, o) => {
        calls.push({ file, args });
        return real.run(file, args, o);
      },
    };
    const d = createOvsDriver({ connection: ovs.dbEndpoint, interface: 'vsctl', timeoutSeconds: 7, runner });
    const br = uniq('brV');
    await d.ensureBridge(br, 'netdev');
    await d.addOrUpdatePort({ bridge: br, name: `${br}p`, tag: 4095, externalIds: { 'iface-id': 'x' }, interfaceType: 'internal' });
    const prefix = ['--timeout=7', '--oneline', '--format=json', `--db=${ovs.dbEndpoint}`];
    // A datapath is given: the bridge is read first (ovs-vsctl cannot make the set conditional)...
    const find = {
      file: 'ovs-vsctl',
      args: [...prefix, '--', '--columns=_uuid,name,datapath_type,ports,external_ids', 'find', 'Bridge', `name="${br}"`],
    };
    expect(calls[0]).toEqual(find);
    // ...and datapath_type is set only because the bridge is new.
    expect(calls[1]).toEqual({
      file: 'ovs-vsctl',
      args: [...prefix, '--', '--may-exist', 'add-br', br, '--', 'set', 'Bridge', br, 'datapath_type="netdev"'],
    });
    expect(calls[2].args.slice(4)).toEqual([
      '--',
      '--may-exist',
      'add-port',
      br,
      `${br}p`,
      '--',
      'set',
      'Port',
      `${br}p`,
      'tag=4095',
      '--',
      'set',
      'Interface',
      `${br}p`,
      'external_ids:"iface-id"="x"',
      'type="internal"',
    ]);
    // The bridge exists now: read again, then only the may-exist add-br (an existing bridge is never rewritten).
    await d.ensureBridge(br, 'netdev');
    expect(calls.slice(3)).toEqual([find, { file: 'ovs-vsctl', args: [...prefix, '--', '--may-exist', 'add-br', br] }]);
    // No datapath given: no read, the add-br alone.
    await d.ensureBridge(br);
    expect(calls.slice(5)).toEqual([{ file: 'ovs-vsctl', args: [...prefix, '--', '--may-exist', 'add-br', br] }]);
    await d.close();
  });

  it('an empty connection runs ovs-vsctl without --db, so it uses its own default socket (here: OVS_RUNDIR)', async () => {
    const dir = ovs.dbEndpoint.slice('unix:'.length).replace(/\/db\.sock$/, '');
    const calls: (readonly string[])[] = [];
    const runner: CommandRunner = {
      // ovs-vsctl's default database is unix:$OVS_RUNDIR/db.sock: point it at this test's private OVS.
      run: (file, args, o) =>
        new Promise((resolve) => {
          calls.push(args);
          execFile(file, [...args], { env: { ...process.env, OVS_RUNDIR: dir }, timeout: o?.timeoutMs ?? 0 }, (err, stdout, stderr) =>
            resolve({ stdout, stderr, exitCode: err ? Number((err as { code?: unknown }).code) || 1 : 0 }),
          );
        }),
    };
    const d = createOvsDriver({ connection: '', interface: 'vsctl', timeoutSeconds: 7, runner });
    const br = uniq('brD');
    await d.ensureBridge(br, 'netdev');
    expect(await d.bridgeExists(br)).toBe(true);
    expect(calls.flat().some((a) => a.startsWith('--db'))).toBe(false);
    await d.deleteBridge(br);
  });
});

describe('both drivers', () => {
  it('timeout: a write not applied by ovs-vswitchd within the timeout is an OvsdbTimeoutError', async () => {
    const solo = await startPrivateOvs({ vswitchd: false });
    try {
      for (const kind of KINDS) {
        const d = createOvsDriver({ connection: solo.dbEndpoint, interface: kind, timeoutSeconds: 1, runner: RUNNER });
        const e = await d.ensureBridge(`t${kind}`).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(OvsdbTimeoutError);
        await d.close();
      }
    } finally {
      await solo.stop();
    }
  });

  it('produce identical database rows for the same script', async () => {
    const snapshot = async (d: OvsDriver, tag: string): Promise<unknown> => {
      const br = `cmp${tag}`;
      const tbr = `tbr-cmp${tag}`;
      await d.ensureBridge(br, 'netdev');
      await d.addOrUpdatePort({
        bridge: br,
        name: `${br}a`,
        interfaceType: 'internal',
        externalIds: { 'iface-id': 'i', 'attached-mac': 'm' },
        tag: 4095,
        vlanMode: 'trunk',
        trunks: [4095],
        mtuRequest: 1450,
      });
      await d.addOrUpdatePort({ bridge: br, name: `${br}a`, externalIds: { 'iface-status': 'active', 'vm-uuid': undefined } });
      await d.addOrUpdatePort({
        bridge: tbr,
        name: `${tbr}v`,
        bridgeDatapathType: 'netdev',
        interfaceType: 'dpdkvhostuserclient',
        options: { 'vhost-server-path': '/tmp/v.sock' },
        mtuRequest: 9000,
      });
      await d.addOrUpdatePort({
        bridge: br,
        name: `${br}q`,
        interfaceType: 'internal',
        qos: { type: 'linux-noop', externalIds: qosExternalIds(`${br}q`, 'linux-noop') },
      });
      await d.createPatchPortPair({
        bridge: br,
        port: `${br}i`,
        peerBridge: tbr,
        peerPort: `${tbr}p`,
        tag: 7,
        externalIds: { 'iface-id': 'v' },
      });
      await d.addOrUpdatePort({ bridge: br, name: `${br}gone`, interfaceType: 'internal' });
      await d.deletePort(br, `${br}gone`);
      const norm = (s: string): string => s.split(tag).join('#');
      const strip = (o: object | undefined): unknown =>
        o && JSON.parse(norm(JSON.stringify(o, (k, v: unknown) => (['uuid', 'interfaces', 'ports', 'qos'].includes(k) ? undefined : v))));
      const names = [br, `${br}a`, `${br}q`, `${br}i`, tbr, `${tbr}v`, `${tbr}p`, `${br}gone`];
      const out: unknown[] = [];
      for (const n of names) out.push([await d.getBridge(n), await d.getPort(n), await d.getInterface(n)].map(strip));
      out.push((await d.listPorts(br)).map(norm), (await d.listPorts(tbr)).map(norm));
      out.push(
        (await d.findQos({ _type: 'linux-noop' })).filter((r) => r.externalIds.id === qosExternalIds(`${br}q`, 'linux-noop').id).length,
      );
      out.push(((await d.getPort(`${br}q`))?.qos ?? '').length);
      return out;
    };
    const results: unknown[] = [];
    for (const kind of KINDS) {
      const d = createOvsDriver({ connection: ovs.dbEndpoint, interface: kind, timeoutSeconds: 10, runner: RUNNER });
      try {
        results.push(await snapshot(d, kind));
      } finally {
        await d.close();
      }
    }
    expect(results[0]).toEqual(results[1]);
    expect(JSON.stringify(results[0])).toContain('dpdkvhostuserclient');
  });
});
