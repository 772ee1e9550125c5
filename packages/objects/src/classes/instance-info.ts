import { FieldSpecs, ObjectInit, registerObject, VersionedObject } from '../base';
import { Field } from '../fields';

/** The instance (VM or container) a VIF is plugged for: its uuid, name and project. */
export class InstanceInfo extends VersionedObject {
  static override readonly objName = 'InstanceInfo';
  static override readonly VERSION = '1.0';
  static override readonly versions = ['1.0'];
  static override readonly fieldSpecs: FieldSpecs = { uuid: Field.uuid(), name: Field.string(), project_id: Field.string() };
  /** UUID of the instance. */
  declare uuid: string;
  /** The instance name, directly from the Nova instance field of the same name. */
  declare name: string;
  /** The project (tenant) id that owns the instance. */
  declare project_id: string;
  constructor(init?: ObjectInit<InstanceInfo>) {
    super(init);
  }
}
registerObject(InstanceInfo);
