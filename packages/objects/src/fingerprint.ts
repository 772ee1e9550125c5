// oslo's ObjectVersionChecker fingerprint: VERSION + "-" + md5 of the Python
// repr of (fields sorted by name, remotable methods[, child_versions]).
// A field change without a version bump changes the hash, which the test
// table in test/objects/fingerprint.test.ts catches.
import { createHash } from 'node:crypto';
import { tableOf, VersionedObjectClass } from './base';
import { ObjectListBase } from './classes/list-base';
import { FieldSpec } from './fields/types';

const UNSPECIFIED = "<class 'oslo_versionedobjects.fields.UnspecifiedDefault'>";

const pyBool = (b: boolean): string => (b ? 'True' : 'False');

function pyRepr(v: boolean | number | string): string {
  if (typeof v === 'boolean') return pyBool(v);
  return String(v);
}

/** oslo Field.__repr__: `Type(default=D,nullable=B)` (+ `,valid_values=(...)` for enums). */
export function fieldRepr(spec: FieldSpec): string {
  const d = spec.hasDefault ? pyRepr(spec.default!) : UNSPECIFIED;
  let text = `${spec.type.reprName}(default=${d},nullable=${pyBool(spec.nullable)}`;
  if (spec.type.validValues)
    text += `,valid_values=(${spec.type.validValues.map((v) => `'${v}'`).join(', ')}${spec.type.validValues.length === 1 ? ',' : ''})`;
  return `${text})`;
}

/** The exact text oslo hashes for a class. */
export function fingerprintText(cls: VersionedObjectClass): string {
  const fields = [...tableOf(cls).fields].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const list = `[${fields.map((f) => `('${f.name}', ${fieldRepr(f.spec)})`).join(', ')}]`;
  const isList = cls.prototype instanceof ObjectListBase;
  return `(${list}, []${isList ? ', OrderedDict()' : ''})`;
}

export function fingerprint(cls: VersionedObjectClass): string {
  return `${cls.VERSION}-${createHash('md5').update(fingerprintText(cls), 'utf8').digest('hex')}`;
}
