// Every error class a package exports from its public entry is an OsvifError with its own stable
// UPPER_SNAKE code (docs/errors.md lists them). @osvif/ovsdb is independent (its own OvsdbError root); the OVS
// driver's refusals that plugin-ovs exports extend it (they are OVSDB transaction refusals) and are checked the same.
import * as objects from '@osvif/objects';
import * as sdk from '@osvif/sdk';
import * as runtime from '@osvif/runtime';
import * as testkit from '@osvif/testkit';
import * as conformance from '@osvif/conformance';
import * as pluginNoop from '@osvif/plugin-noop';
import * as pluginOvs from '@osvif/plugin-ovs';
import * as pluginLinuxBridge from '@osvif/plugin-linux-bridge';
import { OvsdbError } from '@osvif/ovsdb';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// Thrown by osvif but not (or not yet) exported from a public entry: checked the same way.
import { ConvertUsageError } from '../../runtime/src/cli/convert';
import { InputFileError, UsageError } from '../../runtime/src/cli/errors';
import { AgentError } from '../../testkit/src/agent/protocol';

const { OsvifError } = objects;
const ENTRIES: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  '@osvif/objects': objects,
  '@osvif/sdk': sdk,
  '@osvif/runtime': runtime,
  '@osvif/testkit': testkit,
  '@osvif/conformance': conformance,
  '@osvif/plugin-noop': pluginNoop,
  '@osvif/plugin-ovs': pluginOvs,
  '@osvif/plugin-linux-bridge': pluginLinuxBridge,
};
const INTERNAL: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  '@osvif/runtime (cli)': { ConvertUsageError, InputFileError, UsageError },
  '@osvif/testkit (internal)': { AgentError },
};
const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

type ErrorClass = (abstract new (...args: never[]) => Error) & { readonly code?: unknown };

interface Found {
  readonly pkg: string;
  readonly name: string;
  readonly cls: ErrorClass;
}

function errorClasses(): Found[] {
  const seen = new Map<ErrorClass, Found>();
  for (const [pkg, entry] of [...Object.entries(ENTRIES), ...Object.entries(INTERNAL)]) {
    for (const [name, value] of Object.entries(entry)) {
      if (typeof value !== 'function' || !(value.prototype instanceof Error) || value === OsvifError) continue;
      const cls = value as ErrorClass;
      if (!seen.has(cls)) seen.set(cls, { pkg, name, cls }); // re-exports count once, under the first package
    }
  }
  return [...seen.values()];
}

/**
 * Tries to build an instance from placeholder arguments (a value that reads as text, a list and a
 * number at once); classes whose constructors need more specific input are checked by their static only.
 */
function tryInstantiate(cls: ErrorClass): Error | undefined {
  const text = Object.assign(['x'], { trim: () => 'x', split: () => ['x'], toString: () => 'x' });
  for (const args of [[], Array(6).fill('x'), Array(6).fill(text), Array(6).fill(1)]) {
    try {
      return new (cls as unknown as new (...a: unknown[]) => Error)(...args);
    } catch {
      // next placeholder set
    }
  }
  return undefined;
}

const found = errorClasses();

describe('one error root with stable codes', () => {
  it('finds the error classes of every public entry', () => {
    const perPackage = new Set(found.map((f) => f.pkg));
    for (const pkg of [
      '@osvif/objects',
      '@osvif/sdk',
      '@osvif/runtime',
      '@osvif/testkit',
      '@osvif/plugin-ovs',
      '@osvif/plugin-linux-bridge',
    ])
      expect(perPackage).toContain(pkg);
    expect(found.length).toBeGreaterThan(60);
  });

  it.each(found.map((f) => [`${f.pkg} ${f.name}`, f]))('%s extends OsvifError and declares its own UPPER_SNAKE code', (_n, f) => {
    if (f.pkg === '@osvif/plugin-ovs' && f.cls.prototype instanceof OvsdbError) expect(f.name).toMatch(/^Ovs[A-Z]/);
    else expect(f.cls.prototype).toBeInstanceOf(OsvifError);
    expect(Object.prototype.hasOwnProperty.call(f.cls, 'code')).toBe(true);
    expect(f.cls.code).toEqual(expect.stringMatching(UPPER_SNAKE));
  });

  it('no two classes share a code', () => {
    const byCode = new Map<string, string[]>();
    for (const f of found) byCode.set(String(f.cls.code), [...(byCode.get(String(f.cls.code)) ?? []), `${f.pkg} ${f.name}`]);
    expect([...byCode].filter(([, names]) => names.length > 1)).toEqual([]);
  });

  it('instances carry their class code, name and the describer reads them', () => {
    let built = 0;
    for (const f of found) {
      const e = tryInstantiate(f.cls);
      if (!e) continue;
      built++;
      expect({ cls: f.name, code: (e as InstanceType<typeof OsvifError>).code, name: e.name }).toEqual({
        cls: f.name,
        code: f.cls.code,
        name: f.name,
      });
      expect(objects.describeError(e)).toMatchObject({ code: f.cls.code, name: f.name });
    }
    expect(built).toBeGreaterThan(found.length / 2);
  });

  it('docs/errors.md lists every code with its class', () => {
    const doc = readFileSync(join(__dirname, '../../../docs/errors.md'), 'utf8');
    const missing = found.filter((f) => !new RegExp(`\\| \`${String(f.cls.code)}\` \\| \`${f.name}\` \\|`).test(doc));
    expect(missing.map((f) => `${String(f.cls.code)} ${f.name}`)).toEqual([]);
  });

  it('docs/troubleshooting.md names only codes that exist (errors.md, or ovsdb.md for OVSDB_...)', () => {
    const read = (f: string) => readFileSync(join(__dirname, '../../../docs', f), 'utf8');
    const known = `${read('errors.md')}\n${read('ovsdb.md')}`;
    const named = [...read('troubleshooting.md').matchAll(/`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((c) => !new RegExp(`\\b${c}\\b`).test(known))).toEqual([]);
  });
});
