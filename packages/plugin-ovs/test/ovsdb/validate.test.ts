// The OVS drivers' input checks (src/ovsdb/validate.ts): a hostile string is refused, naming what was wrong,
// before anything is sent; the common case (plain strings) takes the fast path and is given back as it is.
import { OvsdbInvalidArgumentError } from '@osvif/ovsdb';
import { checkMap, checkName, checkPortSpec, checkString } from '../../src/ovsdb/validate';

const refused = (fn: () => unknown, argument: string, reason: RegExp): void => {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(OvsdbInvalidArgumentError);
  expect((error as Error).message).toContain(argument);
  expect((error as Error).message).toMatch(reason);
};

it('strings: NUL and lone surrogates are refused; paired surrogates and plain text pass unchanged', () => {
  expect(checkString('x', 'plain')).toBe('plain');
  expect(checkString('x', 'emoji \u{1F600}')).toBe('emoji \u{1F600}');
  refused(() => checkString('x', 'a\0b'), 'x', /NUL/);
  refused(() => checkString('x', 'a\uD800b'), 'x', /lone surrogate/);
  refused(() => checkString('x', 'a\uDC00'), 'x', /lone surrogate/);
  refused(() => checkString('x', 7), 'x', /must be a string/);
});

it('maps: keys and values are checked, each error names the key; null values are dropped', () => {
  expect(checkMap('externalIds', { a: '1', b: null, c: '\u{1F600}' })).toEqual([
    ['a', '1'],
    ['c', '\u{1F600}'],
  ]);
  refused(() => checkMap('externalIds', { a: 'x\0' }), 'externalIds.a', /NUL/);
  refused(() => checkMap('externalIds', { 'k\uD800': 'v' }), 'externalIds key', /lone surrogate/);
  refused(() => checkMap('externalIds', { '': 'v' }), 'externalIds key', /must not be empty/);
  refused(() => checkMap('externalIds', { a: 1 }), 'externalIds.a', /must be a string/);
  refused(() => checkMap('externalIds', ['a']), 'externalIds', /object of strings/);
});

it('names and port specs: control characters, option-like names and bad maps are refused', () => {
  expect(checkName('bridge', 'br-int')).toBe('br-int');
  refused(() => checkName('bridge', 'br\nint'), 'bridge', /control characters/);
  refused(() => checkName('bridge', '-br'), 'bridge', /must not start/);
  refused(
    () => checkPortSpec({ bridge: 'br-int', name: 'tap1', externalIds: { 'iface-id': 'a\uDBFF' } }),
    'externalIds.iface-id',
    /lone surrogate/,
  );
  expect(() => checkPortSpec({ bridge: 'br-int', name: 'tap1', externalIds: { 'iface-id': 'abc' } })).not.toThrow();
});
