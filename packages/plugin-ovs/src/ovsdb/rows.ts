// Typed views of rows, shared by both drivers so that their results compare
// equal: both read RFC 7047 datums (ovs-vsctl --format=json prints the same
// notation) and convert them here.
import { valueAsArray, valueAsOptional, valueAsStringMap } from '@osvif/ovsdb';
import type { OvsdbValue } from '@osvif/ovsdb';
import { BridgeInfo, InterfaceInfo, PortInfo, QosInfo } from './types';

type PlainRow = Readonly<Record<string, OvsdbValue>>;

const str = (v: OvsdbValue | undefined): string => (v === undefined ? '' : String(v));
const num = (v: OvsdbValue | undefined): number | undefined => {
  const x = valueAsOptional(v);
  return typeof x === 'number' ? x : undefined;
};

export function toInterfaceInfo(r: PlainRow): InterfaceInfo {
  const mtu = num(r.mtu_request);
  return {
    uuid: str(r._uuid),
    name: str(r.name),
    type: str(r.type),
    options: valueAsStringMap(r.options),
    externalIds: valueAsStringMap(r.external_ids),
    ...(mtu === undefined ? {} : { mtuRequest: mtu }),
  };
}

export function toPortInfo(r: PlainRow, bridges: readonly PlainRow[]): PortInfo {
  const uuid = str(r._uuid);
  const owner = bridges.find((b) => valueAsArray(b.ports).includes(uuid));
  const tag = num(r.tag);
  const vlanMode = valueAsOptional(r.vlan_mode);
  const qos = valueAsOptional(r.qos);
  return {
    uuid,
    name: str(r.name),
    ...(owner ? { bridge: str(owner.name) } : {}),
    interfaces: valueAsArray(r.interfaces).map(String).sort(),
    ...(tag === undefined ? {} : { tag }),
    ...(vlanMode === undefined ? {} : { vlanMode: String(vlanMode) }),
    trunks: valueAsArray(r.trunks)
      .map(Number)
      .sort((a, b) => a - b),
    ...(qos === undefined ? {} : { qos: String(qos) }),
    externalIds: valueAsStringMap(r.external_ids),
  };
}

export function toBridgeInfo(r: PlainRow): BridgeInfo {
  return {
    uuid: str(r._uuid),
    name: str(r.name),
    datapathType: str(r.datapath_type),
    ports: valueAsArray(r.ports).map(String).sort(),
    externalIds: valueAsStringMap(r.external_ids),
  };
}

export function toQosInfo(r: PlainRow): QosInfo {
  return { uuid: str(r._uuid), type: str(r.type), externalIds: valueAsStringMap(r.external_ids) };
}

export const INTERFACE_COLUMNS = ['_uuid', 'name', 'type', 'options', 'external_ids', 'mtu_request'];
export const PORT_COLUMNS = ['_uuid', 'name', 'interfaces', 'tag', 'vlan_mode', 'trunks', 'qos', 'external_ids'];
export const BRIDGE_COLUMNS = ['_uuid', 'name', 'datapath_type', 'ports', 'external_ids'];
export const QOS_COLUMNS = ['_uuid', 'type', 'external_ids'];
