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
  declare id: string;
  declare address: string | null;
  declare network: Network | null;
  declare plugin: string;
  declare active: boolean;
  declare preserve_on_delete: boolean;
  declare has_traffic_filtering: boolean;
  declare port_profile: VIFPortProfileBase;
  constructor(init?: ObjectInit<VIFBase>) {
    super(init);
  }
}
registerObject(VIFBase);

export class VIFGeneric extends VIFBase {
  static override readonly objName = 'VIFGeneric';
  static override readonly VERSION = '1.0';
  static override readonly versions = ['1.0'];
  static override readonly fieldSpecs: FieldSpecs = { vif_name: Field.string() };
  declare vif_name: string;
  constructor(init?: ObjectInit<VIFGeneric>) {
    super(init);
  }
}
registerObject(VIFGeneric);

export class VIFBridge extends VIFBase {
  static override readonly objName = 'VIFBridge';
  static override readonly VERSION = '1.0';
  static override readonly versions = ['1.0'];
  static override readonly fieldSpecs: FieldSpecs = { vif_name: Field.string(), bridge_name: Field.string() };
  declare vif_name: string;
  declare bridge_name: string;
  constructor(init?: ObjectInit<VIFBridge>) {
    super(init);
  }
}
registerObject(VIFBridge);

export class VIFOpenVSwitch extends VIFBase {
  static override readonly objName = 'VIFOpenVSwitch';
  static override readonly VERSION = '1.0';
  static override readonly versions = ['1.0'];
  static override readonly fieldSpecs: FieldSpecs = { vif_name: Field.string(), bridge_name: Field.string() };
  declare vif_name: string;
  declare bridge_name: string;
  constructor(init?: ObjectInit<VIFOpenVSwitch>) {
    super(init);
  }
}
registerObject(VIFOpenVSwitch);

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
  declare vif_name: string;
  declare dev_address: string;
  declare mode: VIFDirectModeValue;
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
  declare vif_name: string;
  declare path: string;
  declare mode: VIFVHostUserModeValue;
  constructor(init?: ObjectInit<VIFVHostUser>) {
    super(init);
  }
}
registerObject(VIFVHostUser);

export class VIFHostDevice extends VIFBase {
  static override readonly objName = 'VIFHostDevice';
  static override readonly VERSION = '1.0';
  static override readonly versions = ['1.0'];
  static override readonly fieldSpecs: FieldSpecs = {
    dev_type: Field.enumOf('VIFHostDeviceDevType', VIFHostDeviceDevType),
    dev_address: Field.pci(),
  };
  declare dev_type: VIFHostDeviceDevTypeValue;
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
  declare pci_address: string;
  declare dev_driver: string;
  constructor(init?: ObjectInit<VIFNestedDPDK>) {
    super(init);
  }
}
registerObject(VIFNestedDPDK);
