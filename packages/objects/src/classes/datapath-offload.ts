import { FieldSpecs, ObjectInit, registerObject, VersionedObject } from '../base';
import { Field } from '../fields';

/** Base of the datapath offload descriptions a VIF may carry (os_vif.objects.vif.DatapathOffloadBase). */
export class DatapathOffloadBase extends VersionedObject {
  static override readonly objName: string = 'DatapathOffloadBase';
  static override readonly VERSION: string = '1.0';
  static override readonly versions: readonly string[] = ['1.0'];
  constructor(init?: ObjectInit<DatapathOffloadBase>) {
    super(init);
  }
}
registerObject(DatapathOffloadBase);

/** VF representor (switchdev); representor_address is a plain string in os-vif (not PCI-validated). */
export class DatapathOffloadRepresentor extends DatapathOffloadBase {
  static override readonly objName = 'DatapathOffloadRepresentor';
  static override readonly VERSION = '1.0';
  static override readonly versions = ['1.0'];
  static override readonly fieldSpecs: FieldSpecs = {
    representor_name: Field.string({ nullable: true }),
    representor_address: Field.string({ nullable: true }),
  };
  /** Name to set on the representor (if set). */
  declare representor_name: string | null;
  /** The PCI address of the Virtual Function. */
  declare representor_address: string | null;
  constructor(init?: ObjectInit<DatapathOffloadRepresentor>) {
    super(init);
  }
}
registerObject(DatapathOffloadRepresentor);
