// VIFs: VIFBase and its seven kinds.
import { FieldSpecs, ObjectInit, registerObject, VersionedObject } from '../base';
import {
  Field,
  VIFDirectMode,
  VIFDirectModeValue,
  VIFHostDeviceDevType,
  VIFHostDeviceDevTypeValue,
  VIFVHostUserMode,
  VIFVHostUserModeValue,
} from '../fields';
import type { Network } from './network';
import type { VIFPortProfileBase } from './port-profile';

/** Base of every VIF: id, address, network, plugin name, port profile and the other fields all VIF types share. */
export class VIFBase extends VersionedObject {
  static override readonly objName: string = 'VIFBase';
  static override readonly VERSION: string = '1.0';
  static override readonly versions: readonly string[] = ['1.0'];
  static override readonly fieldSpecs: FieldSpecs = {
    id: Field.uuid(),
    address: Field.mac({ nullable: true }),
    network: Field.object('Network', { nullable: true }),
    plugin: Field.string(),
    active: Field.boolean({ default: true }),
    preserve_on_delete: Field.boolean({ default: false }),
    has_traffic_filtering: Field.boolean({ default: false }),
    port_profile: Field.object('VIFPortProfileBase', { subclasses: true }),
  };
  /** Unique identifier of the VIF port. */
  declare id: string;
  /** The guest MAC address. */
  declare address: string | null;
  /** The network to which the VIF is connected. */
  declare network: Network | null;
  /** Name of the registered os-vif plugin (the `@VifPlugin` name) that plugs this VIF. */
  declare plugin: string;
  /** Whether the VIF is initially online (default true, applied by `setDefaults`). */
  declare active: boolean;
  /** Whether the host VIF should be preserved on unplug. */
  declare preserve_on_delete: boolean;
  /** Whether the network service has provided traffic filtering (then the plugin installs no filtering of its own). */
  declare has_traffic_filtering: boolean;
  /** The virtual port profile metadata (any VIFPortProfileBase subclass). */
  declare port_profile: VIFPortProfileBase;
  constructor(init?: ObjectInit<VIFBase>) {
    super(init);
  }
}
registerObject(VIFBase);

/** A VIF plugged as a plain host device (a tap) that the hypervisor attaches to. */
export class VIFGeneric extends VIFBase {
  static override readonly objName = 'VIFGeneric';
  static override readonly VERSION = '1.0';
  static override readonly versions = ['1.0'];
  static override readonly fieldSpecs: FieldSpecs = { vif_name: Field.string() };
  /** Name of the device to create. */
  declare vif_name: string;
  constructor(init?: ObjectInit<VIFGeneric>) {
    super(init);
  }
}
registerObject(VIFGeneric);

/** A VIF attached to a host bridge (Linux bridge, or the hybrid OVS plug). */
export class VIFBridge extends VIFBase {
  static override readonly objName = 'VIFBridge';
  static override readonly VERSION = '1.0';
  static override readonly versions = ['1.0'];
  static override readonly fieldSpecs: FieldSpecs = { vif_name: Field.string(), bridge_name: Field.string() };
  /** Name of the virtual device to create. */
  declare vif_name: string;
  /** Name of the host bridge to connect to (e.g. `br0`; `qbr…` for the hybrid OVS plug). */
  declare bridge_name: string;
  constructor(init?: ObjectInit<VIFBridge>) {
    super(init);
  }
}
registerObject(VIFBridge);

/** A VIF attached directly to an Open vSwitch bridge. */
export class VIFOpenVSwitch extends VIFBase {
  static override readonly objName = 'VIFOpenVSwitch';
  static override readonly VERSION = '1.0';
  static override readonly versions = ['1.0'];
  static override readonly fieldSpecs: FieldSpecs = { vif_name: Field.string(), bridge_name: Field.string() };
  /** Name of the virtual device to create. */
  declare vif_name: string;
  /** Name of the bridge to connect to (e.g. `br0`). */
  declare bridge_name: string;
  constructor(init?: ObjectInit<VIFOpenVSwitch>) {
    super(init);
  }
}
registerObject(VIFOpenVSwitch);

/** A VIF on a physical device in macvtap mode (vepa, passthrough or bridge). */
export class VIFDirect extends VIFBase {
  static override readonly objName = 'VIFDirect';
  static override readonly VERSION = '1.0';
  static override readonly versions = ['1.0'];
  static override readonly fieldSpecs: FieldSpecs = {
    vif_name: Field.string(),
    dev_address: Field.pci(),
    mode: Field.enumOf('VIFDirectMode', VIFDirectMode),
    vlan_name: Field.string(),
  };
  /** Name of the device to create. */
  declare vif_name: string;
  /** The PCI address of the host device. */
  declare dev_address: string;
  /** Port connection mode: `vepa`, `passthrough` or `bridge`. */
  declare mode: VIFDirectModeValue;
  /** The VLAN device name to use. */
  declare vlan_name: string;
  constructor(init?: ObjectInit<VIFDirect>) {
    super(init);
  }
}
registerObject(VIFDirect);

/** 1.1 added vif_name. */
export class VIFVHostUser extends VIFBase {
  static override readonly objName = 'VIFVHostUser';
  static override readonly VERSION = '1.1';
  static override readonly versions = ['1.0', '1.1'];
  static override readonly fieldSpecs: FieldSpecs = {
    vif_name: Field.string(),
    path: Field.string(),
    mode: Field.enumOf('VIFVHostUserMode', VIFVHostUserMode),
  };
  static override readonly fieldSince: Readonly<Record<string, string>> = { vif_name: '1.1' };
  /** Name of the vhost-user port to create (since 1.1). */
  declare vif_name: string;
  /** UNIX socket path. */
  declare path: string;
  /** UNIX socket access mode: `client` or `server` (the QEMU side's role). */
  declare mode: VIFVHostUserModeValue;
  constructor(init?: ObjectInit<VIFVHostUser>) {
    super(init);
  }
}
registerObject(VIFVHostUser);

/** A VIF that is a host device (an SR-IOV virtual function) passed to the instance. */
export class VIFHostDevice extends VIFBase {
  static override readonly objName = 'VIFHostDevice';
  static override readonly VERSION = '1.0';
  static override readonly versions = ['1.0'];
  static override readonly fieldSpecs: FieldSpecs = {
    dev_type: Field.enumOf('VIFHostDeviceDevType', VIFHostDeviceDevType),
    dev_address: Field.pci(),
  };
  /** The type of the host device: `ethernet` (`<interface type='hostdev'>`) or `generic` (`<hostdev mode='subsystem' type='pci'>`). */
  declare dev_type: VIFHostDeviceDevTypeValue;
  /** The PCI address of the host device. */
  declare dev_address: string;
  constructor(init?: ObjectInit<VIFHostDevice>) {
    super(init);
  }
}
registerObject(VIFHostDevice);

/** pci_address is a plain string in os-vif (not PCI-validated); kept so. */
export class VIFNestedDPDK extends VIFBase {
  static override readonly objName = 'VIFNestedDPDK';
  static override readonly VERSION = '1.0';
  static override readonly versions = ['1.0'];
  static override readonly fieldSpecs: FieldSpecs = { pci_address: Field.string(), dev_driver: Field.string() };
  /** PCI address of the device. */
  declare pci_address: string;
  /** Name of the driver the device was previously bound to (virtio, SR-IOV, ...). */
  declare dev_driver: string;
  constructor(init?: ObjectInit<VIFNestedDPDK>) {
    super(init);
  }
}
registerObject(VIFNestedDPDK);
