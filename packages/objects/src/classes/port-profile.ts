// Port profiles. Backlevelling is declared with `fieldSince` (the version of
// the class's own history that introduced each field); that reproduces every
// obj_make_compatible rule of os-vif (upstream HEAD for the 1.4 classes).
import { FieldSpecs, ObjectInit, registerObject, VersionedObject } from '../base';
import { Field } from '../fields';
import { DatapathOffloadBase } from './datapath-offload';

/** 1.0 initial; 1.1 added datapath_offload. */
export class VIFPortProfileBase extends VersionedObject {
  static override readonly objName: string = 'VIFPortProfileBase';
  static override readonly VERSION: string = '1.1';
  static override readonly versions: readonly string[] = ['1.0', '1.1'];
  static override readonly fieldSpecs: FieldSpecs = {
    datapath_offload: Field.object('DatapathOffloadBase', { nullable: true, subclasses: true }),
  };
  static override readonly fieldSince: Readonly<Record<string, string>> = { datapath_offload: '1.1' };
  /** Datapath offload type of the port (since 1.1). */
  declare datapath_offload: DatapathOffloadBase | null;
  constructor(init?: ObjectInit<VIFPortProfileBase>) {
    super(init);
  }
}
registerObject(VIFPortProfileBase);

/** 1.1 +datapath_type; 1.2 base -> 1.1 (datapath_offload); 1.3 +create_port; 1.4 +create_tap, multiqueue (upstream 4.3.0). */
export class VIFPortProfileOpenVSwitch extends VIFPortProfileBase {
  static override readonly objName: string = 'VIFPortProfileOpenVSwitch';
  static override readonly VERSION: string = '1.4';
  static override readonly versions: readonly string[] = ['1.0', '1.1', '1.2', '1.3', '1.4'];
  static override readonly fieldSpecs: FieldSpecs = {
    interface_id: Field.uuid(),
    profile_id: Field.string(),
    datapath_type: Field.string({ nullable: true }),
    create_port: Field.boolean({ default: false }),
    create_tap: Field.boolean({ default: false }),
    multiqueue: Field.boolean({ default: false }),
  };
  static override readonly fieldSince: Readonly<Record<string, string>> = {
    datapath_type: '1.1',
    datapath_offload: '1.2',
    create_port: '1.3',
    create_tap: '1.4',
    multiqueue: '1.4',
  };
  /** A UUID that uniquely identifies the interface (Neutron's port id; written as the OVS `iface-id`). */
  declare interface_id: string;
  /** The Open vSwitch port profile for the interface. */
  declare profile_id: string;
  /** Datapath type of the bridge (`system`, `netdev`; since 1.1). */
  declare datapath_type: string | null;
  /** Whether the os-vif plugin should add the port to the bridge (since 1.3). */
  declare create_port: boolean;
  /** Whether the OVS plugin creates the kernel tap itself, with the MAC and MTU, before OVS uses it (since 1.4). */
  declare create_tap: boolean;
  /** Create that tap with IFF_MULTI_QUEUE; only read when `create_tap` is true (since 1.4). */
  declare multiqueue: boolean;
  constructor(init?: ObjectInit<VIFPortProfileOpenVSwitch>) {
    super(init);
  }
}
registerObject(VIFPortProfileOpenVSwitch);

/** Versions track VIFPortProfileOpenVSwitch 1:1, so the parent's fieldSince applies unchanged. */
export class VIFPortProfileFPOpenVSwitch extends VIFPortProfileOpenVSwitch {
  static override readonly objName = 'VIFPortProfileFPOpenVSwitch';
  static override readonly VERSION = '1.4';
  static override readonly versions = ['1.0', '1.1', '1.2', '1.3', '1.4'];
  static override readonly fieldSpecs: FieldSpecs = {
    bridge_name: Field.string(),
    hybrid_plug: Field.boolean({ default: false }),
  };
  /** Name of the bridge (managed by fast path) to connect to. */
  declare bridge_name: string;
  /** Whether the Open vSwitch network is using hybrid plug. */
  declare hybrid_plug: boolean;
  constructor(init?: ObjectInit<VIFPortProfileFPOpenVSwitch>) {
    super(init);
  }
}
registerObject(VIFPortProfileFPOpenVSwitch);

/** Deprecated in os-vif in favour of datapath_offload=DatapathOffloadRepresentor (kept for the wire). */
export class VIFPortProfileOVSRepresentor extends VIFPortProfileOpenVSwitch {
  static override readonly objName = 'VIFPortProfileOVSRepresentor';
  static override readonly VERSION = '1.4';
  static override readonly versions = ['1.0', '1.1', '1.2', '1.3', '1.4'];
  static override readonly fieldSpecs: FieldSpecs = {
    representor_name: Field.string({ nullable: true }),
    representor_address: Field.pci({ nullable: true }),
  };
  /** Name to set on the representor (if set). */
  declare representor_name: string | null;
  /** The PCI address of the Virtual Function. */
  declare representor_address: string | null;
  constructor(init?: ObjectInit<VIFPortProfileOVSRepresentor>) {
    super(init);
  }
}
registerObject(VIFPortProfileOVSRepresentor);

/** The profiles whose only change since 1.0 is the base's datapath_offload (1.1). */
export class VIFPortProfileFPBridge extends VIFPortProfileBase {
  static override readonly objName = 'VIFPortProfileFPBridge';
  static override readonly VERSION = '1.1';
  static override readonly versions = ['1.0', '1.1'];
  static override readonly fieldSpecs: FieldSpecs = { bridge_name: Field.string() };
  /** Name of the bridge (managed by fast path) to connect to. */
  declare bridge_name: string;
  constructor(init?: ObjectInit<VIFPortProfileFPBridge>) {
    super(init);
  }
}
registerObject(VIFPortProfileFPBridge);

/** Port profile of a fast-path (e.g. 6WIND) tap device. */
export class VIFPortProfileFPTap extends VIFPortProfileBase {
  static override readonly objName = 'VIFPortProfileFPTap';
  static override readonly VERSION = '1.1';
  static override readonly versions = ['1.0', '1.1'];
  static override readonly fieldSpecs: FieldSpecs = { mac_address: Field.mac({ nullable: true }) };
  /** The MAC address of the host vhost-user port. */
  declare mac_address: string | null;
  constructor(init?: ObjectInit<VIFPortProfileFPTap>) {
    super(init);
  }
}
registerObject(VIFPortProfileFPTap);

/** Port profile of an 802.1Qbg (VEPA/VDP) switch port. */
export class VIFPortProfile8021Qbg extends VIFPortProfileBase {
  static override readonly objName = 'VIFPortProfile8021Qbg';
  static override readonly VERSION = '1.1';
  static override readonly versions = ['1.0', '1.1'];
  static override readonly fieldSpecs: FieldSpecs = {
    manager_id: Field.integer(),
    type_id: Field.integer(),
    type_id_version: Field.integer(),
    instance_id: Field.uuid(),
  };
  /** The VSI Manager ID: identifies the database holding the VSI type and instance definitions. */
  declare manager_id: number;
  /** The VSI Type ID: identifies a VSI type characterising the network access. */
  declare type_id: number;
  /** The VSI Type Version (several versions of a VSI type may exist). */
  declare type_id_version: number;
  /** The VSI Instance ID: a globally unique id generated when the VSI instance (a virtual interface of a VM) is created. */
  declare instance_id: string;
  constructor(init?: ObjectInit<VIFPortProfile8021Qbg>) {
    super(init);
  }
}
registerObject(VIFPortProfile8021Qbg);

/** Port profile of an 802.1Qbh (VN-Tag) switch port. */
export class VIFPortProfile8021Qbh extends VIFPortProfileBase {
  static override readonly objName = 'VIFPortProfile8021Qbh';
  static override readonly VERSION = '1.1';
  static override readonly versions = ['1.0', '1.1'];
  static override readonly fieldSpecs: FieldSpecs = { profile_id: Field.string() };
  /** Name of the port profile to apply to this interface, resolved by the port profile database into network parameters. */
  declare profile_id: string;
  constructor(init?: ObjectInit<VIFPortProfile8021Qbh>) {
    super(init);
  }
}
registerObject(VIFPortProfile8021Qbh);

/** Port profile of a DPDK interface handed to a Kubernetes pod. */
export class VIFPortProfileK8sDPDK extends VIFPortProfileBase {
  static override readonly objName = 'VIFPortProfileK8sDPDK';
  static override readonly VERSION = '1.1';
  static override readonly versions = ['1.0', '1.1'];
  static override readonly fieldSpecs: FieldSpecs = {
    l3_setup: Field.boolean(),
    selflink: Field.string(),
    resourceversion: Field.string(),
  };
  /** Whether this VIF requires L3 setup. */
  declare l3_setup: boolean;
  /** URL of the object in the Kubernetes v1 API. */
  declare selflink: string;
  /** The Kubernetes v1 API server's internal version of this object. */
  declare resourceversion: string;
  constructor(init?: ObjectInit<VIFPortProfileK8sDPDK>) {
    super(init);
  }
}
registerObject(VIFPortProfileK8sDPDK);
