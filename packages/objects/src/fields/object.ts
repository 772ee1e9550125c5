// Fields holding objects: ObjectField(name, subclasses) and ListOfObjectsField(name).
// With subclasses=false the exact class is required (as oslo checks the class name).
import { objectRegistry } from '../registry';
import { VersionedObject } from '../base';
import { MAX_LIST_LENGTH } from './list';
import { CoercionError, ObjectFieldType, typeName } from './types';

function checkObject(value: unknown, objName: string, subclasses: boolean): VersionedObject {
  if (value instanceof VersionedObject) {
    const ok = subclasses ? objectRegistry.isA(value, objName) : value.objName === objName;
    if (ok) return value;
  }
  throw new CoercionError(`An object of type ${objName}${subclasses ? ' (or a subclass)' : ''} is required, not ${typeName(value)}`);
}

export function objectType(objName: string, subclasses = false): ObjectFieldType {
  return {
    kind: 'object',
    reprName: 'Object',
    objName,
    subclasses,
    coerce: (value) => checkObject(value, objName, subclasses),
  };
}

export function listOfObjectsType(objName: string): ObjectFieldType {
  return {
    kind: 'objectList',
    reprName: 'List',
    objName,
    subclasses: false,
    coerce(value) {
      if (!Array.isArray(value)) throw new CoercionError(`A list is required, not ${typeName(value)}`);
      if (value.length > MAX_LIST_LENGTH) throw new CoercionError(`list longer than ${MAX_LIST_LENGTH} elements`);
      const out = new Array<VersionedObject>(value.length);
      for (let i = 0; i < value.length; i++) {
        try {
          out[i] = checkObject(value[i], objName, false);
        } catch (e) {
          if (e instanceof CoercionError) throw new CoercionError(e.reason, `[${i}]`);
          throw e;
        }
      }
      return Object.freeze(out);
    },
  };
}
