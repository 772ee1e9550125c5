// Field declarations, named as oslo's field classes (StringField, UUIDField, ...).
import { listOf } from './list';
import { IPAddressType, IPNetworkType } from './ip';
import { listOfObjectsType, objectType } from './object';
import { BooleanType, enumType, IntegerType, MACAddressType, PCIAddressType, StringType, UUIDType } from './scalar';
import { FieldSpec, FieldType } from './types';

export * from './types';
export { parseIPAddress } from './ip';
export { MAX_LIST_LENGTH } from './list';
export { BooleanType, IntegerType, MACAddressType, PCIAddressType, StringType, UUIDType, enumType, IPAddressType, IPNetworkType, listOf };

interface Options {
  nullable?: boolean;
  default?: boolean | number | string;
}

function spec(type: FieldType, o: Options = {}): FieldSpec {
  return { type, nullable: o.nullable ?? false, hasDefault: 'default' in o, default: o.default };
}

export const Field = {
  string: (o?: Options) => spec(StringType, o),
  integer: (o?: Options) => spec(IntegerType, o),
  boolean: (o?: Options) => spec(BooleanType, o),
  uuid: (o?: Options) => spec(UUIDType, o),
  mac: (o?: Options) => spec(MACAddressType, o),
  pci: (o?: Options) => spec(PCIAddressType, o),
  ipAddress: (o?: Options) => spec(IPAddressType, o),
  ipNetwork: (o?: Options) => spec(IPNetworkType, o),
  listOfIPAddress: (o?: Options) => spec(listOf(IPAddressType), o),
  enumOf: (className: string, values: readonly string[], o?: Options) => spec(enumType(className, values), o),
  object: (objName: string, o?: Options & { subclasses?: boolean }) => spec(objectType(objName, o?.subclasses ?? false), o),
  listOfObjects: (objName: string, o?: Options) => spec(listOfObjectsType(objName), o),
};

/** The modes of a VIFDirect (os_vif.objects.fields.VIFDirectMode). */
export const VIFDirectMode = ['vepa', 'passthrough', 'bridge'] as const;
/** The modes of a VIFVHostUser socket (os_vif.objects.fields.VIFVHostUserMode). */
export const VIFVHostUserMode = ['client', 'server'] as const;
/** The device types of a VIFHostDevice (os_vif.objects.fields.VIFHostDeviceDevType). */
export const VIFHostDeviceDevType = ['ethernet', 'generic'] as const;
/** One of {@link VIFDirectMode}. */
export type VIFDirectModeValue = (typeof VIFDirectMode)[number];
/** One of {@link VIFVHostUserMode}. */
export type VIFVHostUserModeValue = (typeof VIFVHostUserMode)[number];
/** One of {@link VIFHostDeviceDevType}. */
export type VIFHostDeviceDevTypeValue = (typeof VIFHostDeviceDevType)[number];
