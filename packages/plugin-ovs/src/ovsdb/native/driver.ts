import type { Logger } from '@osvif/sdk';
import { OvsdbClient, OvsdbInvalidArgumentError } from '@osvif/ovsdb';
import type { CachedRow, TableCache } from '@osvif/ovsdb';
import { fromDatum, namedUuidAtom, ovsSet, uuidAtom, valueAsArray, valueAsStringMap } from '@osvif/ovsdb';
import type { Datum, OvsdbCondition, OvsdbOperation, OvsdbRow, OvsdbValue } from '@osvif/ovsdb';
import { OvsBridgeDatapathMismatchError, OvsNameInUseError, OvsNoSuchBridgeError, OvsPortOnOtherBridgeError } from '../errors';
import { DRIVER_MONITOR, OVS_DATABASE } from '../monitor';
import {
  BRIDGE_COLUMNS,
  INTERFACE_COLUMNS,
  PORT_COLUMNS,
  QOS_COLUMNS,
  toBridgeInfo,
  toInterfaceInfo,
  toPortInfo,
  toQosInfo,
} from '../rows';
import {
  BridgeInfo,
  EnsureBridgeOptions,
  InterfaceInfo,
  OvsDriver,
  PatchPortPairSpec,
  PortInfo,
  PortSpec,
  QosInfo,
  StringMap,
} from '../types';
import { checkMap, checkName, checkPortSpec, checkString, checkTag, sameDatapath } from '../validate';
import { Txn } from './txn';
import { WriteBatcher } from './write-batcher';

const byName = (name: string): OvsdbCondition[] => [['name', '==', name]];
const byUuid = (u: string): OvsdbCondition[] => [['_uuid', '==', uuidAtom(u)]];
const stringMap = (pairs: [string, string][]): Datum => ['map', pairs];

/**
 * The driver over our own RFC 7047 client (os-vif `ovsdb_interface=native`).
 * Each write is built from the cache, guarded by `wait` operations that
 * abort it if the cache was stale (then rebuilt and retried, at most 3
 * times, like the OVS IDL's verify), increments next_cfg, and waits for
 * ovs-vswitchd's cur_cfg. Concurrent writes share transactions (WriteBatcher).
 */
export class NativeOvsDriver implements OvsDriver {
  readonly kind = 'native' as const;
  readonly client: OvsdbClient;
  /** Combines concurrent writes into shared transactions (see WriteBatcher). */
  readonly batcher: WriteBatcher;

  constructor(options: {
    connection: string;
    timeoutMs: number;
    logger?: Logger;
    idleProbeMs?: number;
    /** At most this many writes per combined transaction (default 256; 1 = every write alone). */
    maxWritesPerTransaction?: number;
    /** Transactions on the wire at once (default 1: the next batch goes when the reply comes; more did not pay here). */
    maxTransactionsInFlight?: number;
  }) {
    this.client = new OvsdbClient({
      connection: options.connection,
      database: OVS_DATABASE,
      timeoutMs: options.timeoutMs,
      logger: options.logger,
      idleProbeMs: options.idleProbeMs,
      monitor: DRIVER_MONITOR,
    });
    this.batcher = new WriteBatcher(this.client, {
      maxWritesPerTransaction: options.maxWritesPerTransaction,
      maxTransactionsInFlight: options.maxTransactionsInFlight,
      logger: options.logger,
    });
  }

  private get cache(): TableCache {
    return this.client.cache;
  }

  async ensureBridge(name: string, datapathType?: string, options: EnsureBridgeOptions = {}): Promise<void> {
    checkName('bridge', name);
    if (datapathType !== undefined) checkString('datapathType', datapathType);
    await this.batcher.submit('ensureBridge', (txn) =>
      this.bridgeOps(txn, name, datapathType, options.keepExisting === true, 'ensureBridge', options.newBridgeExternalIds),
    );
  }

  async addOrUpdatePort(spec: PortSpec): Promise<void> {
    checkPortSpec(spec);
    await this.batcher.submit('addOrUpdatePort', (txn) => {
      if (spec.bridgeDatapathType !== undefined)
        this.bridgeOps(txn, spec.bridge, spec.bridgeDatapathType, spec.keepExistingBridge === true, 'addOrUpdatePort');
      this.portOps(txn, spec, 'addOrUpdatePort');
    });
  }

  async createPatchPortPair(spec: PatchPortPairSpec): Promise<void> {
    checkName('bridge', spec.bridge);
    checkName('port', spec.port);
    checkName('peerBridge', spec.peerBridge);
    checkName('peerPort', spec.peerPort);
    if (spec.tag !== undefined) checkTag(spec.tag);
    checkMap('externalIds', spec.externalIds);
    checkMap('portExternalIds', spec.portExternalIds);
    await this.batcher.submit('createPatchPortPair', (txn) => {
      this.portOps(
        txn,
        {
          bridge: spec.bridge,
          name: spec.port,
          tag: spec.tag,
          externalIds: spec.externalIds,
          portExternalIds: spec.portExternalIds,
          interfaceType: 'patch',
          options: { peer: spec.peerPort },
        },
        'createPatchPortPair',
      );
      this.portOps(
        txn,
        { bridge: spec.peerBridge, name: spec.peerPort, interfaceType: 'patch', options: { peer: spec.port } },
        'createPatchPortPair',
      );
    });
  }

  async deletePort(bridge: string | undefined, name: string): Promise<void> {
    if (bridge !== undefined) checkName('bridge', bridge);
    checkName('port name', name);
    await this.batcher.submit('deletePort', (txn) => {
      txn.touch('Port', name, 'exclusive');
      if (bridge !== undefined) txn.touch('Bridge', bridge, 'shared');
      const port = this.cache.findByName('Port', name);
      if (!port) return;
      if (bridge !== undefined && !this.cache.findByName('Bridge', bridge)) return;
      const owner = this.ownerOf(port._uuid);
      if (!owner) return;
      txn.touch('Bridge', String(owner.name), 'shared');
      if (bridge !== undefined && owner.name !== bridge) {
        throw new OvsPortOnOtherBridgeError('deletePort', `bridge ${bridge} does not have a port ${name} (it is on ${String(owner.name)})`);
      }
      // A bridge's local port is not a port of the bridge for del-port (ovs-vsctl --if-exists ignores it too).
      if (owner.name === name) return;
      txn.guardRow('Port', port._uuid, name);
      txn.guardRow('Bridge', owner._uuid, String(owner.name));
      txn.add({
        op: 'mutate',
        table: 'Bridge',
        where: byUuid(owner._uuid),
        mutations: [['ports', 'delete', ovsSet([uuidAtom(port._uuid)])]],
      });
    });
  }

  async deleteBridge(name: string): Promise<void> {
    checkName('bridge', name);
    await this.batcher.submit('deleteBridge', (txn) => {
      // Its ports go with it: every write on them or on the bridge waits for this one.
      txn.touch('Bridge', name, 'exclusive');
      const br = this.cache.findByName('Bridge', name);
      if (!br) return;
      for (const p of valueAsArray(br.ports)) {
        const portName = this.cache.get('Port', String(p))?.name;
        if (typeof portName === 'string') txn.touch('Port', portName, 'exclusive');
      }
      txn.guardRow('Bridge', br._uuid, name);
      txn.add({ op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['bridges', 'delete', ovsSet([uuidAtom(br._uuid)])]] });
    });
  }

  async bridgeExists(name: string): Promise<boolean> {
    checkName('bridge', name);
    await this.client.ready();
    return this.cache.findByName('Bridge', name) !== undefined;
  }

  async portExists(name: string, bridge?: string): Promise<boolean> {
    checkName('port name', name);
    if (bridge !== undefined) checkName('bridge', bridge);
    await this.client.ready();
    const port = this.cache.findByName('Port', name);
    if (!port) return false;
    if (bridge === undefined) return true;
    return this.ownerOf(port._uuid)?.name === bridge && name !== bridge;
  }

  async listPorts(bridge: string): Promise<string[]> {
    checkName('bridge', bridge);
    await this.client.ready();
    const br = this.cache.findByName('Bridge', bridge);
    if (!br) throw new OvsNoSuchBridgeError('listPorts', `no bridge named ${bridge}`);
    return valueAsArray(br.ports)
      .map((u) => this.cache.get('Port', String(u))?.name)
      .filter((n): n is string => typeof n === 'string' && n !== bridge)
      .sort();
  }

  async findPortsWithExternalId(key: string): Promise<PortInfo[]> {
    checkString('key', key);
    const [ports, bridges] = await this.select('findPortsWithExternalId', [
      { op: 'select', table: 'Port', where: [], columns: PORT_COLUMNS },
      { op: 'select', table: 'Bridge', where: [], columns: ['name', 'ports'] },
    ]);
    return ports.map((p) => toPortInfo(p, bridges)).filter((p) => Object.prototype.hasOwnProperty.call(p.externalIds, key));
  }

  async findBridgesWithExternalId(key: string): Promise<BridgeInfo[]> {
    checkString('key', key);
    const [rows] = await this.select('findBridgesWithExternalId', [{ op: 'select', table: 'Bridge', where: [], columns: BRIDGE_COLUMNS }]);
    return rows.map(toBridgeInfo).filter((b) => Object.prototype.hasOwnProperty.call(b.externalIds, key));
  }

  async getInterface(name: string): Promise<InterfaceInfo | undefined> {
    checkName('interface name', name);
    const [r] = await this.select('getInterface', [{ op: 'select', table: 'Interface', where: byName(name), columns: INTERFACE_COLUMNS }]);
    return r[0] ? toInterfaceInfo(r[0]) : undefined;
  }

  async interfaceExternalIds(name: string): Promise<Readonly<Record<string, string>> | undefined> {
    checkName('interface name', name);
    await this.client.ready();
    const row = this.cache.findByName('Interface', name);
    return row ? valueAsStringMap(row.external_ids) : undefined;
  }

  async getPort(name: string): Promise<PortInfo | undefined> {
    checkName('port name', name);
    const [ports, bridges] = await this.select('getPort', [
      { op: 'select', table: 'Port', where: byName(name), columns: PORT_COLUMNS },
      { op: 'select', table: 'Bridge', where: [], columns: ['name', 'ports'] },
    ]);
    return ports[0] ? toPortInfo(ports[0], bridges) : undefined;
  }

  async getBridge(name: string): Promise<BridgeInfo | undefined> {
    checkName('bridge', name);
    const [r] = await this.select('getBridge', [{ op: 'select', table: 'Bridge', where: byName(name), columns: BRIDGE_COLUMNS }]);
    return r[0] ? toBridgeInfo(r[0]) : undefined;
  }

  async findQos(externalIds: StringMap): Promise<QosInfo[]> {
    const pairs = qosFilter(externalIds);
    const [r] = await this.select('findQos', [
      { op: 'select', table: 'QoS', where: [['external_ids', 'includes', stringMap(pairs)]], columns: QOS_COLUMNS },
    ]);
    return r.map(toQosInfo);
  }

  async destroyQos(externalIds: StringMap): Promise<number> {
    const pairs = qosFilter(externalIds);
    const results = await this.batcher.submit('destroyQos', (txn) => {
      txn.touch('QoS', '*', 'exclusive');
      // The QoS table is monitored: when no cached row matches there is nothing
      // to destroy, so no transaction (and no cur_cfg wait). Our own writes are
      // in the cache before they return (they wait for cur_cfg, which arrives
      // after their row updates on the same connection).
      if (!this.cache.rows('QoS').some((r) => includesPairs(r.external_ids, pairs))) return;
      txn.add({ op: 'delete', table: 'QoS', where: [['external_ids', 'includes', stringMap(pairs)]] });
    });
    return results?.[0]?.count ?? 0;
  }

  async hasColumn(table: string, column: string): Promise<boolean> {
    checkString('table', table);
    checkString('column', column);
    const schema = await this.client.ready();
    return this.client.hasColumn(schema, table, column);
  }

  async close(): Promise<void> {
    this.client.close();
  }

  // ---- transaction building ----

  private ownerOf(portUuid: string): CachedRow | undefined {
    return this.cache.rows('Bridge').find((b) => valueAsArray(b.ports).includes(portUuid));
  }

  /** `--may-exist add-br NAME`, datapath_type set on a new bridge; an existing one of another datapath is refused or kept. */
  private bridgeOps(
    txn: Txn,
    name: string,
    datapathType: string | undefined,
    keepExisting: boolean,
    operation: string,
    newExternalIds?: StringMap,
  ): void {
    const br = this.cache.findByName('Bridge', name);
    if (br) {
      txn.touch('Bridge', name, 'shared');
      if (datapathType !== undefined && !keepExisting && !sameDatapath(String(br.datapath_type ?? ''), datapathType)) {
        throw new OvsBridgeDatapathMismatchError(operation, name, String(br.datapath_type ?? ''), datapathType);
      }
      return; // nothing written: the bridge is only ensured
    }
    if (this.cache.findByName('Port', name)) {
      throw new OvsNameInUseError('ensureBridge', `cannot create a bridge named ${name} because a port named ${name} already exists`);
    }
    txn.touch('Bridge', name, 'exclusive');
    txn.touch('Port', name, 'exclusive');
    // A bridge always has its local port + internal interface of the same name (as ovs-vsctl add-br).
    const [i, p, b] = [txn.name('iface'), txn.name('port'), txn.name('bridge')];
    txn.add({ op: 'insert', table: 'Interface', row: { name, type: 'internal' }, 'uuid-name': i });
    txn.add({ op: 'insert', table: 'Port', row: { name, interfaces: namedUuidAtom(i) }, 'uuid-name': p });
    txn.add({
      op: 'insert',
      table: 'Bridge',
      row: {
        name,
        ports: ovsSet([namedUuidAtom(p)]),
        ...(datapathType !== undefined ? { datapath_type: datapathType } : {}),
        ...(newExternalIds ? { external_ids: stringMap(checkMap('newBridgeExternalIds', newExternalIds)) } : {}),
      },
      'uuid-name': b,
    });
    txn.add({ op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['bridges', 'insert', ovsSet([namedUuidAtom(b)])]] });
  }

  /** `--may-exist add-port BR NAME` + `set Port` + `set Interface` (+ QoS create). */
  private portOps(txn: Txn, spec: PortSpec, operation: string): void {
    const { bridge, name } = spec;
    txn.touch('Port', name, 'exclusive');
    txn.touch('Bridge', bridge, 'shared');
    if (spec.qos !== undefined) txn.touch('QoS', '*', 'shared');
    const creatingBridge = txn.ops.some((o) => o.op === 'insert' && o.table === 'Bridge' && o.row.name === bridge);
    const br = this.cache.findByName('Bridge', bridge);
    if (!br && !creatingBridge) throw new OvsNoSuchBridgeError(operation, `no bridge named ${bridge}`);

    const portRow: Record<string, Datum> = {};
    if (spec.tag !== undefined) portRow.tag = spec.tag;
    if (spec.vlanMode !== undefined) portRow.vlan_mode = spec.vlanMode;
    if (spec.trunks !== undefined) portRow.trunks = ovsSet(spec.trunks);
    if (spec.qos !== undefined) {
      const q = txn.name('qos');
      txn.add({
        op: 'insert',
        table: 'QoS',
        row: { type: spec.qos.type, external_ids: stringMap(checkMap('qos.externalIds', spec.qos.externalIds)) },
        'uuid-name': q,
      });
      portRow.qos = namedUuidAtom(q);
    }
    const ifaceRow: Record<string, Datum> = {};
    if (spec.interfaceType !== undefined) ifaceRow.type = spec.interfaceType;
    if (spec.mtuRequest !== undefined) ifaceRow.mtu_request = spec.mtuRequest;
    const options = checkMap('options', spec.options);
    const extIds = checkMap('externalIds', spec.externalIds);
    const portExtIds = checkMap('portExternalIds', spec.portExternalIds);

    const port = this.cache.findByName('Port', name);
    if (port && spec.mustBeNew)
      throw new OvsNameInUseError(operation, `cannot create a port named ${name} because a port named ${name} already exists`);
    if (port) {
      const owner = this.ownerOf(port._uuid);
      if (!owner || owner.name !== bridge || creatingBridge) {
        throw new OvsPortOnOtherBridgeError(
          operation,
          `"--may-exist add-port ${bridge} ${name}" but ${name} is attached to bridge ${String(owner?.name)}`,
        );
      }
      txn.guardRow('Port', port._uuid, name);
      if (Object.keys(portRow).length) txn.add({ op: 'update', table: 'Port', where: byUuid(port._uuid), row: portRow });
      if (portExtIds.length)
        txn.add({ op: 'mutate', table: 'Port', where: byUuid(port._uuid), mutations: mergeMap('external_ids', portExtIds) });
      if (Object.keys(ifaceRow).length) txn.add({ op: 'update', table: 'Interface', where: byName(name), row: ifaceRow });
      const m = [...mergeMap('options', options), ...mergeMap('external_ids', extIds)];
      if (m.length) txn.add({ op: 'mutate', table: 'Interface', where: byName(name), mutations: m });
      return;
    }
    const [i, p] = [txn.name('iface'), txn.name('port')];
    const iface: OvsdbRow = {
      name,
      ...ifaceRow,
      ...(options.length ? { options: stringMap(options) } : {}),
      ...(extIds.length ? { external_ids: stringMap(extIds) } : {}),
    };
    txn.add({ op: 'insert', table: 'Interface', row: iface, 'uuid-name': i });
    txn.add({
      op: 'insert',
      table: 'Port',
      row: { name, interfaces: namedUuidAtom(i), ...portRow, ...(portExtIds.length ? { external_ids: stringMap(portExtIds) } : {}) },
      'uuid-name': p,
    });
    if (br && !creatingBridge) txn.guardRow('Bridge', br._uuid, bridge);
    txn.add({ op: 'mutate', table: 'Bridge', where: byName(bridge), mutations: [['ports', 'insert', ovsSet([namedUuidAtom(p)])]] });
  }

  private async select(operation: string, ops: OvsdbOperation[]): Promise<Record<string, OvsdbValue>[][]> {
    const results = await this.client.transact(ops, operation);
    return results.map((r) => (r.rows ?? []).map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, fromDatum(v)]))));
  }
}

/** Map-key merge like `ovs-vsctl set T R col:k=v`: delete the keys, then insert the pairs. */
function mergeMap(column: string, pairs: [string, string][]): [string, 'delete' | 'insert', Datum][] {
  if (!pairs.length) return [];
  return [
    [column, 'delete', ovsSet(pairs.map(([k]) => k))],
    [column, 'insert', stringMap(pairs)],
  ];
}

/** OVSDB `includes` on a string map, against a cached value. */
function includesPairs(value: OvsdbValue | undefined, pairs: readonly [string, string][]): boolean {
  const map = valueAsStringMap(value);
  return pairs.every(([k, v]) => Object.prototype.hasOwnProperty.call(map, k) && map[k] === v);
}

function qosFilter(externalIds: StringMap): [string, string][] {
  const pairs = checkMap('externalIds', externalIds);
  // An empty filter would match (and destroy) every QoS row.
  if (!pairs.length) throw new OvsdbInvalidArgumentError('externalIds', externalIds, 'needs at least one key to match QoS rows');
  return pairs;
}
