// Network model objects: FixedIP(+List), Route(+List), Subnet(+List), Network.
import { FieldSpecs, ObjectInit, registerObject, VersionedObject } from '../base';
import { Field } from '../fields';
import { ObjectListBase } from './list-base';

export class FixedIP extends VersionedObject {
  static override readonly objName = 'FixedIP';
  static override readonly VERSION = '1.0';
  static override readonly versions = ['1.0'];
  static override readonly fieldSpecs: FieldSpecs = {
    address: Field.ipAddress(),
    floating_ips: Field.listOfIPAddress(),
  };
  declare address: string;
  declare floating_ips: readonly string[];
  constructor(init?: ObjectInit<FixedIP>) {
    super(init);
  }
}
registerObject(FixedIP);

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

export class Route extends VersionedObject {
  static override readonly objName = 'Route';
  static override readonly VERSION = '1.0';
  static override readonly versions = ['1.0'];
  static override readonly fieldSpecs: FieldSpecs = {
    cidr: Field.ipNetwork(),
    gateway: Field.ipAddress(),
    interface: Field.string(),
  };
  declare cidr: string;
  declare gateway: string;
  declare interface: string;
  constructor(init?: ObjectInit<Route>) {
    super(init);
  }
}
registerObject(Route);

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
  declare cidr: string;
  declare dns: readonly string[];
  declare gateway: string;
  declare ips: FixedIPList;
  declare routes: RouteList;
  declare dhcp_server: string;
  constructor(init?: ObjectInit<Subnet>) {
    super(init);
  }
}
registerObject(Subnet);

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
  declare id: string;
  declare bridge: string;
  declare label: string;
  declare subnets: SubnetList;
  declare multi_host: boolean;
  declare should_provide_bridge: boolean;
  declare should_provide_vlan: boolean;
  declare bridge_interface: string | null;
  declare vlan: number | null;
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
