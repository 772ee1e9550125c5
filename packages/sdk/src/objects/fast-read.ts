// A fast path for fromJSON(): reads well-formed primitives straight from the
// JSON text into objects, skipping the intermediate JSON.parse tree (the
// parse alone costs more than building the objects). It handles the common
// shape only (envelope keys name/namespace/version before data, no escapes in
// strings) and gives up on anything else by returning undefined; the caller
// then runs the full JSON.parse + fromPrimitive path, which also produces the
// typed error for bad input. So this never decides an error, only successes,
// and every success goes through the same field coercion (assignField).
import { assignField, blankInstance, ClassTable, setChangedExactly, tableOf, VersionedObject } from './base';
import type { ObjectFieldType } from './fields/types';
import { MAX_LIST_LENGTH } from './fields/list';
import { objectRegistry } from './registry';
import { MAX_OBJECT_DEPTH, resolveVersion } from './primitive';

/** Thrown inside the fast path to give up; never escapes this module. */
const GIVE_UP: unique symbol = Symbol('give up');

const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const BAD_IN_STRING = /[\u0000-\u001f\\]/;

class Reader {
  i = 0;
  constructor(readonly s: string) {}

  ws(): void {
    const s = this.s;
    let c = s.charCodeAt(this.i);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = s.charCodeAt(++this.i);
  }

  /** Skips whitespace, then requires `ch`. */
  expect(ch: number): void {
    this.ws();
    if (this.s.charCodeAt(this.i) !== ch) throw GIVE_UP;
    this.i++;
  }

  /** Skips whitespace; true and consumes `ch` when it is next. */
  peek(ch: number): boolean {
    this.ws();
    if (this.s.charCodeAt(this.i) !== ch) return false;
    this.i++;
    return true;
  }

  string(): string {
    this.expect(34);
    const start = this.i;
    const end = this.s.indexOf('"', start);
    if (end < 0) throw GIVE_UP;
    const v = this.s.slice(start, end);
    if (BAD_IN_STRING.test(v)) throw GIVE_UP; // escapes or raw control characters: let JSON.parse decide
    this.i = end + 1;
    return v;
  }

  /** A JSON scalar (string, number, true, false, null); arrays/objects give up. */
  scalar(): unknown {
    this.ws();
    const s = this.s;
    const c = s.charCodeAt(this.i);
    if (c === 34) return this.string();
    if (c === 116 && s.startsWith('true', this.i)) return (this.i += 4), true;
    if (c === 102 && s.startsWith('false', this.i)) return (this.i += 5), false;
    if (c === 110 && s.startsWith('null', this.i)) return (this.i += 4), null;
    NUMBER_RE.lastIndex = this.i;
    const m = NUMBER_RE.exec(s);
    if (m === null) throw GIVE_UP;
    this.i = NUMBER_RE.lastIndex;
    return Number(m[0]);
  }
}

function readEnvelope(r: Reader, depth: number, expected: ObjectFieldType | undefined): VersionedObject {
  if (depth > MAX_OBJECT_DEPTH) throw GIVE_UP;
  r.expect(123);
  if (r.string() !== 'versioned_object.name') throw GIVE_UP;
  r.expect(58);
  const name = r.string();
  r.expect(44);
  if (r.string() !== 'versioned_object.namespace') throw GIVE_UP;
  r.expect(58);
  if (r.string() !== 'os_vif') throw GIVE_UP;
  r.expect(44);
  if (r.string() !== 'versioned_object.version') throw GIVE_UP;
  r.expect(58);
  const version = r.string();
  r.expect(44);
  if (r.string() !== 'versioned_object.data') throw GIVE_UP;
  r.expect(58);

  const cls = objectRegistry.get(name);
  if (cls === undefined || name.length > 256 || version.length > 256) throw GIVE_UP;
  if (expected !== undefined && !(expected.subclasses ? objectRegistry.isA(cls, expected.objName) : name === expected.objName)) throw GIVE_UP;
  const t = tableOf(cls);
  const obj = blankInstance(cls, t, resolveVersion(t, version, ''));
  readData(r, obj, t, depth);

  let changes: string[] | undefined;
  if (r.peek(44)) {
    if (r.string() !== 'versioned_object.changes') throw GIVE_UP;
    r.expect(58);
    r.expect(91);
    changes = [];
    if (!r.peek(93)) {
      do changes.push(r.string());
      while (r.peek(44));
      r.expect(93);
    }
    if (changes.length > 1000) throw GIVE_UP;
  }
  r.expect(125);
  (cls as unknown as typeof VersionedObject).fillConstructorDefaults(obj);
  setChangedExactly(obj, t, changes);
  return obj;
}

function readData(r: Reader, obj: VersionedObject, t: ClassTable, depth: number): void {
  r.expect(123);
  if (r.peek(125)) return;
  do {
    const key = r.string();
    const e = t.byName.get(key);
    if (e === undefined) throw GIVE_UP; // unknown field: the full path reports (or ignores) it
    r.expect(58);
    const kind = e.spec.type.kind;
    let value: unknown;
    r.ws();
    if (r.s.charCodeAt(r.i) === 110 && r.s.startsWith('null', r.i)) {
      r.i += 4;
      value = null;
    } else if (kind === 'scalar') {
      value = r.scalar();
    } else if (kind === 'object') {
      value = readEnvelope(r, depth + 1, e.spec.type as ObjectFieldType);
    } else {
      r.expect(91);
      const list: unknown[] = [];
      if (!r.peek(93)) {
        do {
          if (list.length >= MAX_LIST_LENGTH) throw GIVE_UP;
          list.push(kind === 'scalarList' ? r.scalar() : readEnvelope(r, depth + 1, e.spec.type as ObjectFieldType));
        } while (r.peek(44));
        r.expect(93);
      }
      value = list;
    }
    assignField(obj, t, e, value, '');
  } while (r.peek(44));
  r.expect(125);
}

/** The object, or undefined when the text is not in the common shape or is invalid in any way. */
export function fastFromJSON(text: string): VersionedObject | undefined {
  const r = new Reader(text);
  try {
    const obj = readEnvelope(r, 0, undefined);
    r.ws();
    return r.i === text.length ? obj : undefined;
  } catch {
    // GIVE_UP, or any validation error: the full path decides (and names the fault).
    return undefined;
  }
}
