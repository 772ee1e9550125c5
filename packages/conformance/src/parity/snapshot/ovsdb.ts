// OVSDB part of a snapshot: Bridge/Port/Interface/QoS rows as os-vif and
// osvif write them, keyed by name, UUIDs replaced by the names they point to.
// Read with ovs-vsctl (not with the code under test).
import { checkIn } from './exec';

export interface OvsBridgeState {
  readonly datapath_type: string;
  /** Port names, sorted (the bridge's own local port included). */
  readonly ports: readonly string[];
  readonly external_ids: Readonly<Record<string, string>>;
}

export interface OvsQosRef {
  readonly type: string;
  readonly external_ids: Readonly<Record<string, string>>;
}

export interface OvsPortState {
  /** The bridge holding the port (null: a dangling row, never expected). */
  readonly bridge: string | null;
  readonly interfaces: readonly string[];
  readonly tag: number | null;
  readonly vlan_mode: string | null;
  readonly trunks: readonly number[];
  readonly external_ids: Readonly<Record<string, string>>;
  readonly qos: OvsQosRef | null;
}

export interface OvsInterfaceState {
  readonly type: string;
  readonly options: Readonly<Record<string, string>>;
  readonly external_ids: Readonly<Record<string, string>>;
  readonly mtu_request: number | null;
}

export interface OvsQosState extends OvsQosRef {
  /** Ports whose `qos` column points at this row (sorted). */
  readonly ports: readonly string[];
}

export interface OvsState {
  readonly bridges: Readonly<Record<string, OvsBridgeState>>;
  readonly ports: Readonly<Record<string, OvsPortState>>;
  readonly interfaces: Readonly<Record<string, OvsInterfaceState>>;
  /** Every QoS row (leaked rows included), sorted by type then external_ids. */
  readonly qos: readonly OvsQosState[];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const COLUMNS = {
  Bridge: ['_uuid', 'name', 'datapath_type', 'ports', 'external_ids'],
  Port: ['_uuid', 'name', 'interfaces', 'tag', 'vlan_mode', 'trunks', 'qos', 'external_ids'],
  Interface: ['_uuid', 'name', 'type', 'options', 'external_ids', 'mtu_request'],
  QoS: ['_uuid', 'type', 'external_ids'],
} as const;

/** RFC 7047 <value>: atoms, ["set", [...]], ["map", [[k, v]...]], ["uuid", u]. */
function atom(v: Json): string | number | boolean {
  if (Array.isArray(v) && (v[0] === 'uuid' || v[0] === 'named-uuid')) return String(v[1]);
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  throw new Error(`unexpected OVSDB atom ${JSON.stringify(v)}`);
}

function set(v: Json): Array<string | number | boolean> {
  if (Array.isArray(v) && v[0] === 'set') return (v[1] as Json[]).map(atom);
  return [atom(v)];
}

function map(v: Json): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(v) || v[0] !== 'map') throw new Error(`unexpected OVSDB map ${JSON.stringify(v)}`);
  for (const [k, val] of [...(v[1] as Json[][])].sort((a, b) => String(a[0]).localeCompare(String(b[0]))))
    out[String(atom(k))] = String(atom(val));
  return out;
}

/** external_ids without osvif's ownership marks (osvif- keys: docs/ownership.md, differences.md D57). */
function externalIds(v: Json): Record<string, string> {
  return Object.fromEntries(Object.entries(map(v)).filter(([k]) => !k.startsWith('osvif-')));
}

function optional<T>(v: Json, f: (a: string | number | boolean) => T): T | null {
  const s = set(v);
  return s.length ? f(s[0]) : null;
}

function rows(text: string): Array<Record<string, Json>> {
  const parsed = JSON.parse(text) as { headings: string[]; data: Json[][] };
  return parsed.data.map((r) => Object.fromEntries(parsed.headings.map((h, i) => [h, r[i]])));
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Reads the four tables in one ovs-vsctl transaction (consistent view). */
export async function captureOvsState(dbEndpoint: string): Promise<OvsState> {
  const args = [`--db=${dbEndpoint}`, '--timeout=20', '--format=json', '--data=json', '--oneline'];
  for (const [table, cols] of Object.entries(COLUMNS)) args.push('--', `--columns=${cols.join(',')}`, 'list', table);
  const out = (await checkIn(undefined, 'ovs-vsctl', args)).trim().split('\n');
  const [bridgeRows, portRows, ifaceRows, qosRows] = out.map(rows);

  const ifaceName = new Map(ifaceRows.map((r) => [String(atom(r._uuid)), String(r.name)]));
  const portName = new Map(portRows.map((r) => [String(atom(r._uuid)), String(r.name)]));
  const qosByUuid = new Map(
    qosRows.map((r) => [String(atom(r._uuid)), { type: String(r.type), external_ids: externalIds(r.external_ids) }]),
  );

  const bridges: Record<string, OvsBridgeState> = {};
  const portBridge = new Map<string, string>();
  for (const r of bridgeRows) {
    const ports = set(r.ports)
      .map((u) => portName.get(String(u)) ?? `<dangling ${u}>`)
      .sort(byName);
    for (const p of ports) portBridge.set(p, String(r.name));
    bridges[String(r.name)] = { datapath_type: String(r.datapath_type), ports, external_ids: externalIds(r.external_ids) };
  }
  const qosPorts = new Map<string, string[]>();
  const ports: Record<string, OvsPortState> = {};
  for (const r of portRows) {
    const name = String(r.name);
    const qosUuid = optional(r.qos, String);
    if (qosUuid) qosPorts.set(qosUuid, [...(qosPorts.get(qosUuid) ?? []), name]);
    ports[name] = {
      bridge: portBridge.get(name) ?? null,
      interfaces: set(r.interfaces)
        .map((u) => ifaceName.get(String(u)) ?? `<dangling ${u}>`)
        .sort(byName),
      tag: optional(r.tag, Number),
      vlan_mode: optional(r.vlan_mode, String),
      trunks: set(r.trunks)
        .map(Number)
        .sort((a, b) => a - b),
      external_ids: externalIds(r.external_ids),
      qos: qosUuid ? (qosByUuid.get(qosUuid) ?? null) : null,
    };
  }
  const interfaces: Record<string, OvsInterfaceState> = {};
  for (const r of ifaceRows) {
    interfaces[String(r.name)] = {
      type: String(r.type),
      options: map(r.options),
      external_ids: externalIds(r.external_ids),
      mtu_request: optional(r.mtu_request, Number),
    };
  }
  const qos = [...qosByUuid.entries()]
    .map(([uuid, q]) => ({ ...q, ports: (qosPorts.get(uuid) ?? []).sort(byName) }))
    .sort((a, b) => byName(`${a.type} ${JSON.stringify(a.external_ids)}`, `${b.type} ${JSON.stringify(b.external_ids)}`));
  return { bridges: sortKeys(bridges), ports: sortKeys(ports), interfaces: sortKeys(interfaces), qos };
}

export function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(o)
      .sort(byName)
      .map((k) => [k, o[k]]),
  );
}
