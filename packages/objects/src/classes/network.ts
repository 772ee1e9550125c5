// Network model objects: FixedIP(+List), Route(+List), Subnet(+List), Network.
import { FieldSpecs, ObjectInit, registerObject, VersionedObject } from '../base';
import { Field } from '../fields';
import { ObjectListBase } from './list-base';

/** A fixed IP address of a VIF, with its floating IPs. */
export class FixedIP extends VersionedObject {
  static override readonly objName = 'FixedIP';
  static override readonly VERSION = '1.0';
  static override readonly versions = ['1.0'];
  static override readonly fieldSpecs: FieldSpecs = {
    address: Field.ipAddress(),
    floating_ips: Field.listOfIPAddress(),
  };
  /** The fixed IP address. */
  declare address: string;
  /** The floating IP addresses associated with this fixed IP. */
  declare floating_ips: readonly string[];
  constructor(init?: ObjectInit<FixedIP>) {
    super(init);
  }
}
registerObject(FixedIP);

/** A list of FixedIP objects. */
export class FixedIPList extends ObjectListBase<FixedIP> {
  static override readonly objName = 'FixedIPList';
  static override readonly VERSION = '1.0';
  static override readonly versions = ['1.0'];
  static override readonly fieldSpecs: FieldSpecs = { objects: Field.listOfObjects('FixedIP') };
  constructor(init?: ObjectInit<FixedIPList>) {
    super(init);
  }
}
registerObject(FixedIPList);

/** A static route of a subnet: destination CIDR, gateway and interface. */
export class Route extends VersionedObject {
  static override readonly objName = 'Route';
  static override readonly VERSION = '1.0';
  static override readonly versions = ['1.0'];
  static override readonly fieldSpecs: FieldSpecs = {
    cidr: Field.ipNetwork(),
    gateway: Field.ipAddress(),
    interface: Field.string(),
  };
  /** Destination network of the route. */
  declare cidr: string;
  /** Next hop of the route. */
  declare gateway: string;
  /** Device of the route (never set by Nova; os-vif plans to remove it in 2.0). */
  declare interface: string;
  constructor(init?: ObjectInit<Route>) {
    super(init);
  }
}
registerObject(Route);

/** A list of Route objects. */
export class RouteList extends ObjectListBase<Route> {
  static override readonly objName = 'RouteList';
  static override readonly VERSION = '1.0';
  static override readonly versions = ['1.0'];
  static override readonly fieldSpecs: FieldSpecs = { objects: Field.listOfObjects('Route') };
  constructor(init?: ObjectInit<RouteList>) {
    super(init);
  }
}
registerObject(RouteList);

/** A subnet of a network: CIDR, DNS servers, gateway, DHCP server, IPs and routes. */
export class Subnet extends VersionedObject {
  static override readonly objName = 'Subnet';
  static override readonly VERSION = '1.0';
  static override readonly versions = ['1.0'];
  static override readonly fieldSpecs: FieldSpecs = {
    cidr: Field.ipNetwork(),
    dns: Field.listOfIPAddress(),
    gateway: Field.ipAddress(),
    ips: Field.object('FixedIPList'),
    routes: Field.object('RouteList'),
    dhcp_server: Field.ipAddress(),
  };
  /** The subnet's network address and prefix. */
  declare cidr: string;
  /** DNS server addresses of the subnet. */
  declare dns: readonly string[];
  /** The subnet's gateway address. */
  declare gateway: string;
  /** The fixed IPs of the VIF in this subnet. */
  declare ips: FixedIPList;
  /** Extra routes of the subnet. */
  declare routes: RouteList;
  /** Address of the subnet's DHCP server. */
  declare dhcp_server: string;
  constructor(init?: ObjectInit<Subnet>) {
    super(init);
  }
}
registerObject(Subnet);

/** A list of Subnet objects. */
export class SubnetList extends ObjectListBase<Subnet> {
  static override readonly objName = 'SubnetList';
  static override readonly VERSION = '1.0';
  static override readonly versions = ['1.0'];
  static override readonly fieldSpecs: FieldSpecs = { objects: Field.listOfObjects('Subnet') };
  constructor(init?: ObjectInit<SubnetList>) {
    super(init);
  }
}
registerObject(SubnetList);

/** 1.0 initial; 1.1 added mtu. */
export class Network extends VersionedObject {
  static override readonly objName = 'Network';
  static override readonly VERSION = '1.1';
  static override readonly versions = ['1.0', '1.1'];
  static override readonly fieldSpecs: FieldSpecs = {
    id: Field.uuid(),
    bridge: Field.string(),
    label: Field.string(),
    subnets: Field.object('SubnetList'),
    multi_host: Field.boolean(),
    should_provide_bridge: Field.boolean(),
    should_provide_vlan: Field.boolean(),
    bridge_interface: Field.string({ nullable: true }),
    vlan: Field.integer({ nullable: true }),
    mtu: Field.integer({ nullable: true }),
  };
  static override readonly fieldSince: Readonly<Record<string, string>> = { mtu: '1.1' };
  /** Unique identifier of the network. */
  declare id: string;
  /** Name of the host bridge the network uses (the integration bridge for OVS, e.g. `br-int`). */
  declare bridge: string;
  /** Human-readable name of the network. */
  declare label: string;
  /** The subnets of the network (default: an empty SubnetList). */
  declare subnets: SubnetList;
  /** Whether the network is served from every compute host (nova-network multi_host; the Linux bridge plugin then does nothing). */
  declare multi_host: boolean;
  /** Whether the plugin must create the bridge (Linux bridge plugin). */
  declare should_provide_bridge: boolean;
  /** Whether the plugin must create the VLAN device (`vlan<N>`) under the bridge (Linux bridge plugin). */
  declare should_provide_vlan: boolean;
  /** Physical interface to enslave to the bridge (or the VLAN parent), if any. */
  declare bridge_interface: string | null;
  /** VLAN id of the network, if any. */
  declare vlan: number | null;
  /** MTU of the network; unset, null or 0: the plugin's configured `network_device_mtu` (since 1.1). */
  declare mtu: number | null;

  constructor(init?: ObjectInit<Network>) {
    super(init);
  }

  /** As os-vif's Network.__init__: subnets, multi_host, should_provide_* and mtu get values unless given (they count as changed). */
  static override fillConstructorDefaults(obj: VersionedObject): void {
    const n = obj as Network;
    if (!n.isSet('subnets')) n.subnets = new SubnetList({ objects: [] });
    if (!n.isSet('multi_host')) n.multi_host = false;
    if (!n.isSet('should_provide_bridge')) n.should_provide_bridge = false;
    if (!n.isSet('should_provide_vlan')) n.should_provide_vlan = false;
    if (!n.isSet('mtu')) n.mtu = null;
  }
}
registerObject(Network);
