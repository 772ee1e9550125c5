import type { CommandRunner, Logger } from '@osvif/sdk';

/** The vlan_mode values of an OVS Port. */
export type VlanMode = 'trunk' | 'access' | 'native-tagged' | 'native-untagged' | 'dot1q-tunnel';
/** String maps; a null/undefined value means "leave this key alone" (never written as "None"). */
export type StringMap = Readonly<Record<string, string | null | undefined>>;

/** QoS row created with the port and linked from Port.qos, in the port's transaction. */
export interface QosSpec {
  readonly type: string;
  readonly externalIds: StringMap;
}

/**
 * `--may-exist add-port` plus column updates, as one transaction. Map
 * columns (options, external_ids) merge keys like `ovs-vsctl set
 * Interface X external_ids:k=v`; other given columns are overwritten;
 * omitted (undefined) columns are left untouched.
 */
export interface PortSpec {
  readonly bridge: string;
  readonly name: string;
  /** Interface.type ("internal", "patch", "dpdkvhostuserclient", ...). */
  readonly interfaceType?: string;
  /** Interface.options, merged. */
  readonly options?: StringMap;
  /** Interface.external_ids, merged. */
  readonly externalIds?: StringMap;
  /** Port.external_ids, merged. */
  readonly portExternalIds?: StringMap;
  /** Interface.mtu_request (written in the same transaction, as upstream does for vhost-user). */
  readonly mtuRequest?: number;
  readonly tag?: number;
  readonly vlanMode?: VlanMode;
  readonly trunks?: readonly number[];
  readonly qos?: QosSpec;
  /** When set, the bridge is created (may-exist) with this datapath_type in the same transaction (ensureBridge's rules). */
  readonly bridgeDatapathType?: string;
  /** With bridgeDatapathType: an existing bridge of another datapath_type is used as it is. */
  readonly keepExistingBridge?: boolean;
  /**
   * The port must not exist (`add-port` without `--may-exist`): OvsNameInUseError, nothing changed, when another
   * writer made it since the caller looked. Without it an existing port is updated.
   */
  readonly mustBeNew?: boolean;
}

/** How ensureBridge treats an existing bridge. */
export interface EnsureBridgeOptions {
  /** Use an existing bridge whatever its datapath_type (the VIF did not name one). Default: mismatch is an error. */
  readonly keepExisting?: boolean;
  /** Bridge.external_ids of a bridge created now (an ownership mark); an existing bridge keeps its own. */
  readonly newBridgeExternalIds?: StringMap;
}

/** Two OVS patch ports that join two bridges. */
export interface PatchPortPairSpec {
  /** End that gets tag/externalIds (os-vif: the `ibp…` port on the integration bridge). */
  readonly bridge: string;
  readonly port: string;
  readonly peerBridge: string;
  readonly peerPort: string;
  readonly tag?: number;
  readonly externalIds?: StringMap;
  /** Port.external_ids of the `port` end, merged (an ownership mark). */
  readonly portExternalIds?: StringMap;
}

/** What the driver reads back about an OVS Interface row. */
export interface InterfaceInfo {
  readonly uuid: string;
  readonly name: string;
  readonly type: string;
  readonly options: Record<string, string>;
  readonly externalIds: Record<string, string>;
  readonly mtuRequest?: number;
}

/** What the driver reads back about an OVS Port row. */
export interface PortInfo {
  readonly uuid: string;
  readonly name: string;
  /** Name of the bridge holding the port (undefined only in a transient DB state). */
  readonly bridge?: string;
  readonly interfaces: string[];
  readonly tag?: number;
  readonly vlanMode?: string;
  readonly trunks: number[];
  /** UUID of the linked QoS row. */
  readonly qos?: string;
  readonly externalIds: Record<string, string>;
}

/** What the driver reads back about an OVS Bridge row. */
export interface BridgeInfo {
  readonly uuid: string;
  readonly name: string;
  readonly datapathType: string;
  readonly ports: string[];
  readonly externalIds: Record<string, string>;
}

/** What the driver reads back about an OVS QoS row. */
export interface QosInfo {
  readonly uuid: string;
  readonly type: string;
  readonly externalIds: Record<string, string>;
}

/**
 * The OVSDB operations the OVS plugin needs. Every write is ONE atomic
 * transaction and, like ovs-vsctl, returns only after ovs-vswitchd has
 * applied it (Open_vSwitch.cur_cfg). Failures are thrown, never swallowed,
 * and typed the same by both drivers: an OvsdbTransactionError subclass when
 * nothing was changed (the database's own refusal, e.g.
 * OvsdbConstraintViolationError, or a precondition of ./errors, e.g.
 * OvsNoSuchBridgeError), OvsdbConnectionError (DB unreachable),
 * OvsdbTimeoutError (no answer / not applied in time), OvsdbInvalidArgumentError
 * (bad input, nothing sent).
 */
export interface OvsDriver {
  readonly kind: 'native' | 'vsctl';
  /**
   * `--may-exist add-br`, with datapath_type when given. An existing bridge is never rewritten: one with
   * another datapath_type is OvsBridgeDatapathMismatchError, unless `keepExisting` (the VIF did not say).
   */
  ensureBridge(name: string, datapathType?: string, options?: EnsureBridgeOptions): Promise<void>;
  /** Adds the port (`--may-exist add-port`, unless `mustBeNew`) and sets the columns `spec` gives, in one transaction. */
  addOrUpdatePort(spec: PortSpec): Promise<void>;
  /** `--if-exists del-port [bridge] name`: no-op when the port (or the given bridge) is absent;
   *  OvsPortOnOtherBridgeError when it sits on another bridge. */
  deletePort(bridge: string | undefined, name: string): Promise<void>;
  /** `--if-exists del-br`. */
  deleteBridge(name: string): Promise<void>;
  /** Both patch ends (type=patch, options:peer) in one transaction. */
  createPatchPortPair(spec: PatchPortPairSpec): Promise<void>;
  /** Whether a Bridge row of that name exists. */
  bridgeExists(name: string): Promise<boolean>;
  /** With `bridge`: the port is on that bridge (false when the bridge is missing). */
  portExists(name: string, bridge?: string): Promise<boolean>;
  /** Every Port row whose external_ids has `key` (osvif's ownership marks), with its bridge. */
  findPortsWithExternalId(key: string): Promise<PortInfo[]>;
  /** Every Bridge row whose external_ids has `key`. */
  findBridgesWithExternalId(key: string): Promise<BridgeInfo[]>;
  /** Port names of a bridge, sorted, without the bridge's own local port (as `list-ports`). */
  listPorts(bridge: string): Promise<string[]>;
  /** The Interface row of that name, or undefined. */
  getInterface(name: string): Promise<InterfaceInfo | undefined>;
  /**
   * The external_ids of the Interface of that name (what ownership claims read), or undefined when there is none.
   * Native: from the monitored cache, no round trip (the cache holds this connection's writes before they return,
   * and another client's a monitor update later). vsctl: a query.
   */
  interfaceExternalIds(name: string): Promise<Readonly<Record<string, string>> | undefined>;
  /** The Port row of that name, or undefined. */
  getPort(name: string): Promise<PortInfo | undefined>;
  /** The Bridge row of that name, or undefined. */
  getBridge(name: string): Promise<BridgeInfo | undefined>;
  /** QoS rows whose external_ids contain all the given pairs. */
  findQos(externalIds: StringMap): Promise<QosInfo[]>;
  /** Destroys those rows in one transaction; returns how many. */
  destroyQos(externalIds: StringMap): Promise<number>;
  /** Whether the database schema has `table`.`column` (columns newer OVS versions added). */
  hasColumn(table: string, column: string): Promise<boolean>;
  /** Releases the connection (native); no-op for vsctl. */
  close(): Promise<void>;
}

/** Options of createOvsDriver: native OVSDB or ovs-vsctl, the database endpoint, timeouts and logger. */
export type OvsDriverOptions = NativeOvsDriverOptions | VsctlOvsDriverOptions;

/** What both drivers take. */
export interface OvsDriverCommonOptions {
  /** os-vif `ovsdb_connection`: `unix:PATH` or `tcp:HOST:PORT`; empty = ovs-vsctl's default local socket (DEFAULT_OVSDB_ENDPOINT). */
  readonly connection: string;
  /** os-vif `ovs_vsctl_timeout` (seconds, > 0). */
  readonly timeoutSeconds: number;
  readonly logger?: Logger;
}

/** os-vif `ovsdb_interface = native`: the RFC 7047 client. */
export interface NativeOvsDriverOptions extends OvsDriverCommonOptions {
  readonly interface: 'native';
}

/** os-vif `ovsdb_interface = vsctl`: one ovs-vsctl process per transaction. */
export interface VsctlOvsDriverOptions extends OvsDriverCommonOptions {
  readonly interface: 'vsctl';
  /** Runs ovs-vsctl: the plugin passes its COMMAND_RUNNER (the runtime's ExecFileCommandRunner); there is no other default. */
  readonly runner: CommandRunner;
  /** Path of ovs-vsctl (default "ovs-vsctl" on PATH). */
  readonly vsctlPath?: string;
}
