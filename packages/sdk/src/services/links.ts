import { OsvifError } from '@osvif/objects';

/** A network link as the kernel reports it. */
export interface LinkInfo {
  readonly name: string;
  readonly index: number;
  /** IFLA_INFO_KIND: 'bridge', 'veth', 'vlan', 'tun', 'dummy', 'openvswitch', ... ; undefined for plain devices. */
  readonly kind?: string;
  readonly mtu: number;
  /** Administratively up (IFF_UP). */
  readonly up: boolean;
  readonly promisc: boolean;
  /** Name of the master device (bridge), if enslaved. */
  readonly master?: string;
  /** MAC address, lower-case colon form. */
  readonly mac?: string;
  /** IFLA_IFALIAS (`ip link set DEV alias TEXT`): osvif's ownership mark (readLinkMark), when set. */
  readonly alias?: string;
}

/** Settings os-vif applies to the bridges it creates. Undefined means "kernel default". */
export interface BridgeOptions {
  /** Centiseconds, as IFLA_BR_FORWARD_DELAY. */
  readonly forwardDelay?: number;
  readonly stp?: boolean;
  readonly multicastSnooping?: boolean;
  /** Centiseconds, as IFLA_BR_AGEING_TIME. */
  readonly ageingTime?: number;
}

/** Changes LinkApi.set applies to a link (up/down, MTU, master bridge, MAC address, promiscuous mode). */
export interface LinkChanges {
  readonly up?: boolean;
  readonly mtu?: number;
  /** Bridge to enslave to, or null to release from any master. */
  readonly master?: string | null;
  readonly mac?: string;
  readonly promisc?: boolean;
  /** IFLA_IFALIAS, at most 255 bytes, no control characters; '' clears it. */
  readonly alias?: string;
}

/**
 * Link operations in the network namespace of the process that runs them.
 * Every name is validated first (InvalidLinkNameError); kernel errors become
 * LinkError subclasses carrying errno, operation and interface.
 */
export interface LinkApi {
  /** Whether a link of that name exists. */
  exists(name: string): Promise<boolean>;
  /** The link, or undefined when there is none of that name. */
  get(name: string): Promise<LinkInfo | undefined>;
  /** Every link of the namespace. */
  list(): Promise<LinkInfo[]>;
  /** Creates a Linux bridge with `options` (unset options keep the kernel's defaults). */
  createBridge(name: string, options?: BridgeOptions): Promise<void>;
  /** Creates a veth pair: `name` and its peer `peerName`. */
  createVeth(name: string, peerName: string): Promise<void>;
  /** Creates VLAN device `name` on `parent` with 802.1Q id `vlanId`. */
  createVlan(name: string, parent: string, vlanId: number): Promise<void>;
  /** Creates a persistent tap device (IFF_MULTI_QUEUE with `multiqueue`). */
  createTap(name: string, options?: { readonly multiqueue?: boolean }): Promise<void>;
  /** Deletes the link; NoSuchLinkError when there is none. */
  delete(name: string): Promise<void>;
  /** Deletes the link if there is one; resolves true when it was there (absent is an answer, not an error). */
  deleteIfExists(name: string): Promise<boolean>;
  /** Applies `changes` to the link (only the properties given). */
  set(name: string, changes: LinkChanges): Promise<void>;
}

/** The LinkApi operation a LinkError happened in. */
export type LinkOperation = 'get' | 'list' | 'create' | 'delete' | 'set';

/**
 * Base of every link error: which operation on which interface failed, and why. Each subclass declares
 * its stable `static readonly code`; a LinkError itself is a kernel error without a more precise class.
 */
export class LinkError extends OsvifError {
  static readonly code: string = 'LINK_ERROR';
  constructor(
    readonly operation: LinkOperation,
    readonly ifname: string,
    /** errno name from the kernel ('EEXIST', 'ENODEV', ...), when there is one. */
    readonly errno: string | undefined,
    message: string,
  ) {
    super(new.target.code, message);
  }
}
/** The interface already exists (EEXIST). */
export class LinkExistsError extends LinkError {
  static override readonly code = 'LINK_EXISTS';
}
/** No such interface (ENODEV). */
export class NoSuchLinkError extends LinkError {
  static override readonly code = 'NO_SUCH_LINK';
}
/** The kernel refused for lack of privilege (EPERM, EACCES): CAP_NET_ADMIN is needed. */
export class LinkPermissionError extends LinkError {
  static override readonly code = 'LINK_PERMISSION_DENIED';
}
/** The kernel lacks the feature (e.g. no 8021q module): `feature` names it. */
export class LinkNotSupportedError extends LinkError {
  static override readonly code = 'LINK_NOT_SUPPORTED';
  constructor(
    operation: LinkOperation,
    ifname: string,
    errno: string | undefined,
    readonly feature: string,
    message: string,
  ) {
    super(operation, ifname, errno, message);
  }
}
/** An interface name the kernel would refuse (dev_valid_name); nothing was sent. */
export class InvalidLinkNameError extends LinkError {
  static override readonly code = 'INVALID_LINK_NAME';
  constructor(
    ifname: string,
    readonly reason: string,
  ) {
    super('get', ifname, undefined, `invalid interface name ${JSON.stringify(ifname)}: ${reason}`);
  }
}

/** Linux IFNAMSIZ - 1; the rules the kernel's dev_valid_name() applies. */
export function validateLinkName(name: string): void {
  if (typeof name !== 'string' || name.length === 0) throw new InvalidLinkNameError(String(name), 'empty');
  if (Buffer.byteLength(name, 'utf8') > 15) throw new InvalidLinkNameError(name, 'longer than 15 bytes');
  if (name === '.' || name === '..') throw new InvalidLinkNameError(name, 'reserved name');
  if (/[/:\s\0]/.test(name)) throw new InvalidLinkNameError(name, "contains '/', ':', NUL or whitespace");
}
