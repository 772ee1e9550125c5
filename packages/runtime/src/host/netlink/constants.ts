// rtnetlink numbers from <linux/rtnetlink.h>, <linux/if_link.h>, <linux/veth.h>
// (checked against this machine's kernel headers). Kept here, not taken from the
// `netlink` package, because the byte layout of our requests is our contract.

export const RTM_NEWLINK = 16;
export const RTM_DELLINK = 17;
export const RTM_GETLINK = 18;
export const RTM_SETLINK = 19;

export const NLM_F_REQUEST = 0x1;
export const NLM_F_ACK = 0x4;
export const NLM_F_DUMP = 0x300;
export const NLM_F_EXCL = 0x200;
export const NLM_F_CREATE = 0x400;
export const NLMSG_ERROR = 2;
export const NLMSG_DONE = 3;

export const IFLA_ADDRESS = 1;
export const IFLA_IFNAME = 3;
export const IFLA_MTU = 4;
export const IFLA_LINK = 5;
export const IFLA_MASTER = 10;
export const IFLA_LINKINFO = 18;
export const IFLA_IFALIAS = 20;
/** The device group (u32, 0 = default): RTM_DELLINK with ifi_index 0 and this attribute deletes the whole group. */
export const IFLA_GROUP = 27;
/** IFALIASZ - 1: the longest alias the kernel keeps. */
export const MAX_ALIAS_BYTES = 255;

export const IFLA_INFO_KIND = 1;
export const IFLA_INFO_DATA = 2;

export const IFLA_BR_FORWARD_DELAY = 1;
export const IFLA_BR_AGEING_TIME = 4;
export const IFLA_BR_STP_STATE = 5;
export const IFLA_BR_MCAST_SNOOPING = 23;

export const IFLA_VLAN_ID = 1;
export const VETH_INFO_PEER = 1;

export const IFF_UP = 0x1;
export const IFF_PROMISC = 0x100;

/** sizeof(struct ifinfomsg) */
export const IFINFOMSG_LEN = 16;
