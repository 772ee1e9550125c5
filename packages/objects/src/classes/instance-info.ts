import { FieldSpecs, ObjectInit, registerObject, VersionedObject } from '../base';
import { Field } from '../fields';

export class InstanceInfo extends VersionedObject {
  static override readonly objName = 'InstanceInfo';
  static override readonly VERSION = '1.0';
  static override readonly versions = ['1.0'];
  static override readonly fieldSpecs: FieldSpecs = { uuid: Field.uuid(), name: Field.string(), project_id: Field.string() };
  declare uuid: string;
  declare name: string;
  declare project_id: string;
  constructor(init?: ObjectInit<InstanceInfo>) {
    super(init);
  }
}
registerObject(InstanceInfo);
