// List fields. Stored lists are frozen copies: mutating one in place would
// bypass validation and change tracking (assign a new list instead).
import { CoercionError, FieldType, typeName } from './types';

/** Upper bound on list length, so a hostile primitive cannot make us allocate without limit. */
export const MAX_LIST_LENGTH = 100_000;

export function listOf(element: FieldType): FieldType {
  return {
    kind: 'scalarList',
    reprName: 'List',
    coerce(value) {
      if (!Array.isArray(value)) throw new CoercionError(`A list is required, not ${typeName(value)}`);
      if (value.length > MAX_LIST_LENGTH) throw new CoercionError(`list longer than ${MAX_LIST_LENGTH} elements`);
      const out = new Array<unknown>(value.length);
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        if (v === null || v === undefined) throw new CoercionError('list element cannot be None', `[${i}]`);
        try {
          out[i] = element.coerce(v);
        } catch (e) {
          if (e instanceof CoercionError) throw new CoercionError(e.reason, `[${i}]${e.subPath}`);
          throw e;
        }
      }
      return Object.freeze(out);
    },
  };
}
