// Parses an RTM_NEWLINK reply (ifinfomsg + attributes) into the fields LinkInfo needs.
import { parseAttrs, readCString } from './attributes';
import * as C from './constants';

export interface RawLink {
  readonly index: number;
  readonly name: string;
  readonly kind?: string;
  readonly mtu: number;
  readonly up: boolean;
  readonly promisc: boolean;
  readonly masterIndex?: number;
  readonly mac?: string;
  readonly alias?: string;
  /** IFLA_LINK: a veth's peer index (a VLAN's parent), when it differs from the link's own. */
  readonly linkIndex?: number;
  /** IFLA_GROUP. */
  readonly group: number;
}

export function parseLinkMessage(data: Buffer): RawLink {
  const index = data.readInt32LE(4);
  const flags = data.readUInt32LE(8);
  const attrs = parseAttrs(data.subarray(C.IFINFOMSG_LEN));
  const name = attrs.has(C.IFLA_IFNAME) ? readCString(attrs.get(C.IFLA_IFNAME)!) : '';
  const mtuBuf = attrs.get(C.IFLA_MTU);
  const masterBuf = attrs.get(C.IFLA_MASTER);
  const addr = attrs.get(C.IFLA_ADDRESS);
  const info = attrs.get(C.IFLA_LINKINFO);
  const alias = attrs.get(C.IFLA_IFALIAS);
  const link = attrs.get(C.IFLA_LINK);
  const group = attrs.get(C.IFLA_GROUP);
  const kindBuf = info ? parseAttrs(info).get(C.IFLA_INFO_KIND) : undefined;
  return {
    index,
    name,
    kind: kindBuf ? readCString(kindBuf) : undefined,
    mtu: mtuBuf ? mtuBuf.readUInt32LE(0) : 0,
    up: (flags & C.IFF_UP) !== 0,
    // ifi_flags carries the user-requested IFF_PROMISC (dev->gflags), not the
    // promiscuity a bridge imposes on its ports: what `set({promisc})` changed.
    promisc: (flags & C.IFF_PROMISC) !== 0,
    masterIndex: masterBuf && masterBuf.readUInt32LE(0) !== 0 ? masterBuf.readUInt32LE(0) : undefined,
    mac: addr && addr.length === 6 ? [...addr].map((b) => b.toString(16).padStart(2, '0')).join(':') : undefined,
    alias: alias && alias.length > 0 && alias[0] !== 0 ? readCString(alias) : undefined,
    linkIndex: link && link.readUInt32LE(0) !== index ? link.readUInt32LE(0) : undefined,
    group: group ? group.readUInt32LE(0) : 0,
  };
}
