// Pure builders of rtnetlink link requests: message type, flags and payload
// (ifinfomsg + attributes). The netlink header (length, seq, port) is added by
// the socket. Kept pure so that the exact bytes can be tested even for what
// this kernel cannot create (802.1Q VLANs).
import type { BridgeOptions } from '@osvif/sdk';
import { attr, attrString, attrU16, attrU32, attrU8, ifinfomsg, nested } from './attributes';
import * as C from './constants';

export interface LinkRequest {
  readonly type: number;
  readonly flags: number;
  readonly payload: Buffer;
}

const CREATE_FLAGS = C.NLM_F_CREATE | C.NLM_F_EXCL;

function newLink(name: string, kind: string, data: readonly Buffer[] | undefined, extra: readonly Buffer[] = []): LinkRequest {
  const info = [attrString(C.IFLA_INFO_KIND, kind)];
  if (data) info.push(nested(C.IFLA_INFO_DATA, data));
  return {
    type: C.RTM_NEWLINK,
    flags: CREATE_FLAGS,
    payload: Buffer.concat([ifinfomsg(), attrString(C.IFLA_IFNAME, name), ...extra, nested(C.IFLA_LINKINFO, info)]),
  };
}

/** Only the options given are sent; the kernel keeps its defaults for the others. */
export function createBridgeRequest(name: string, o: BridgeOptions = {}): LinkRequest {
  const data: Buffer[] = [];
  // Forward delay before STP state: the kernel range-checks the delay only when STP is on.
  if (o.forwardDelay !== undefined) data.push(attrU32(C.IFLA_BR_FORWARD_DELAY, o.forwardDelay));
  if (o.stp !== undefined) data.push(attrU32(C.IFLA_BR_STP_STATE, o.stp ? 1 : 0));
  if (o.multicastSnooping !== undefined) data.push(attrU8(C.IFLA_BR_MCAST_SNOOPING, o.multicastSnooping ? 1 : 0));
  if (o.ageingTime !== undefined) data.push(attrU32(C.IFLA_BR_AGEING_TIME, o.ageingTime));
  return newLink(name, 'bridge', data.length ? data : undefined);
}

/** VETH_INFO_PEER carries a whole ifinfomsg followed by the peer's attributes. */
export function createVethRequest(name: string, peer: string): LinkRequest {
  const peerInfo = attr(C.VETH_INFO_PEER, Buffer.concat([ifinfomsg(), attrString(C.IFLA_IFNAME, peer)]));
  return newLink(name, 'veth', [peerInfo]);
}

export function createVlanRequest(name: string, parentIndex: number, vlanId: number): LinkRequest {
  return newLink(name, 'vlan', [attrU16(C.IFLA_VLAN_ID, vlanId)], [attrU32(C.IFLA_LINK, parentIndex)]);
}

/** A `tun` kind request; kernels since 4.x answer EOPNOTSUPP (TUNSETIFF is the only way). */
export function createTunRequest(name: string): LinkRequest {
  return newLink(name, 'tun', undefined);
}

export function deleteLinkRequest(name: string): LinkRequest {
  return { type: C.RTM_DELLINK, flags: 0, payload: Buffer.concat([ifinfomsg(), attrString(C.IFLA_IFNAME, name)]) };
}

export function getLinkByNameRequest(name: string): LinkRequest {
  return { type: C.RTM_GETLINK, flags: 0, payload: Buffer.concat([ifinfomsg(), attrString(C.IFLA_IFNAME, name)]) };
}

export function getLinkByIndexRequest(index: number): LinkRequest {
  return { type: C.RTM_GETLINK, flags: 0, payload: ifinfomsg({ index }) };
}

export function dumpLinksRequest(): LinkRequest {
  return { type: C.RTM_GETLINK, flags: C.NLM_F_DUMP, payload: ifinfomsg() };
}

export interface SetLinkFields {
  readonly up?: boolean;
  readonly promisc?: boolean;
  readonly mtu?: number;
  /** Master index; 0 releases from any master. */
  readonly masterIndex?: number;
  readonly mac?: Buffer;
  /** IFLA_IFALIAS bytes (no NUL, as iproute2 sends it); empty clears the alias. */
  readonly alias?: Buffer;
  /** IFLA_GROUP (a batch's group id; 0 puts the link back in the default group). */
  readonly group?: number;
}

/** One RTM_SETLINK addressed by name, so all changes go in a single kernel call. */
export function setLinkRequest(name: string, f: SetLinkFields): LinkRequest {
  let flags = 0;
  let change = 0;
  if (f.up !== undefined) {
    change |= C.IFF_UP;
    if (f.up) flags |= C.IFF_UP;
  }
  if (f.promisc !== undefined) {
    change |= C.IFF_PROMISC;
    if (f.promisc) flags |= C.IFF_PROMISC;
  }
  const attrs = [attrString(C.IFLA_IFNAME, name)];
  if (f.mtu !== undefined) attrs.push(attrU32(C.IFLA_MTU, f.mtu));
  if (f.masterIndex !== undefined) attrs.push(attrU32(C.IFLA_MASTER, f.masterIndex));
  if (f.mac !== undefined) attrs.push(attr(C.IFLA_ADDRESS, f.mac));
  if (f.alias !== undefined) attrs.push(attr(C.IFLA_IFALIAS, f.alias));
  if (f.group !== undefined) attrs.push(attrU32(C.IFLA_GROUP, f.group));
  return { type: C.RTM_SETLINK, flags: 0, payload: Buffer.concat([ifinfomsg({ flags, change }), ...attrs]) };
}

/**
 * Puts the link of that index in device group `group`. Addressed by index only: with an index, IFLA_IFNAME
 * would rename the link. The index was just read with the link's ownership mark (group-delete.ts).
 */
export function setGroupRequest(index: number, group: number): LinkRequest {
  return { type: C.RTM_SETLINK, flags: 0, payload: Buffer.concat([ifinfomsg({ index }), attrU32(C.IFLA_GROUP, group)]) };
}

/** RTM_DELLINK with ifi_index 0 and IFLA_GROUP: every link of the group, in one unregister_netdevice_many. */
export function deleteGroupRequest(group: number): LinkRequest {
  return { type: C.RTM_DELLINK, flags: 0, payload: Buffer.concat([ifinfomsg(), attrU32(C.IFLA_GROUP, group)]) };
}
