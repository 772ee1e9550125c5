// Typed views of rows, shared by both drivers so that their results compare
// equal: both read RFC 7047 datums (ovs-vsctl --format=json prints the same
// notation) and convert them here.
import { asArray, asOptional, asStringMap, Value } from '@osvif/ovsdb';
import { BridgeInfo, InterfaceInfo, PortInfo, QosInfo } from './types';

type PlainRow = Readonly<Record<string, Value>>;

const str = (v: Value | undefined): string => (v === undefined ? '' : String(v));
const num = (v: Value | undefined): number | undefined => {
  const x = asOptional(v);
  return typeof x === 'number' ? x : undefined;
};

export function toInterfaceInfo(r: PlainRow): InterfaceInfo {
  const mtu = num(r.mtu_request);
  return {
    uuid: str(r._uuid),
    name: str(r.name),
    type: str(r.type),
    options: asStringMap(r.options),
    externalIds: asStringMap(r.external_ids),
    ...(mtu === undefined ? {} : { mtuRequest: mtu }),
  };
}

export function toPortInfo(r: PlainRow, bridges: readonly PlainRow[]): PortInfo {
  const uuid = str(r._uuid);
  const owner = bridges.find((b) => asArray(b.ports).includes(uuid));
  const tag = num(r.tag);
  const vlanMode = asOptional(r.vlan_mode);
  const qos = asOptional(r.qos);
  return {
    uuid,
    name: str(r.name),
    ...(owner ? { bridge: str(owner.name) } : {}),
    interfaces: asArray(r.interfaces).map(String).sort(),
    ...(tag === undefined ? {} : { tag }),
    ...(vlanMode === undefined ? {} : { vlanMode: String(vlanMode) }),
    trunks: asArray(r.trunks)
      .map(Number)
      .sort((a, b) => a - b),
    ...(qos === undefined ? {} : { qos: String(qos) }),
    externalIds: asStringMap(r.external_ids),
  };
}

export function toBridgeInfo(r: PlainRow): BridgeInfo {
  return {
    uuid: str(r._uuid),
    name: str(r.name),
    datapathType: str(r.datapath_type),
    ports: asArray(r.ports).map(String).sort(),
    externalIds: asStringMap(r.external_ids),
  };
}

export function toQosInfo(r: PlainRow): QosInfo {
  return { uuid: str(r._uuid), type: str(r.type), externalIds: asStringMap(r.external_ids) };
}

export const INTERFACE_COLUMNS = ['_uuid', 'name', 'type', 'options', 'external_ids', 'mtu_request'];
export const PORT_COLUMNS = ['_uuid', 'name', 'interfaces', 'tag', 'vlan_mode', 'trunks', 'qos', 'external_ids'];
export const BRIDGE_COLUMNS = ['_uuid', 'name', 'datapath_type', 'ports', 'external_ids'];
export const QOS_COLUMNS = ['_uuid', 'type', 'external_ids'];
