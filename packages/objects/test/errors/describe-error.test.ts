// The one error describer: JSON for tools ({code, name, message, cause?}) and one line for people.
import {
  describeError,
  errorLine,
  FieldNotSetError,
  MalformedReplyError,
  OsvifError,
  UNKNOWN_ERROR_CODE,
  UnsupportedObjectError,
} from '@osvif/objects';

/** Shaped like @osvif/ovsdb's errors: an Error with a string `code`, no osvif import. */
class FakeOvsdbError extends Error {
  readonly code = 'OVSDB_CONSTRAINT_VIOLATION';
  constructor(message: string) {
    super(message);
    this.name = 'OvsdbTransactionError';
  }
}

describe('describeError', () => {
  it('gives an OsvifError its code, name and message', () => {
    expect(describeError(new FieldNotSetError('VIFBridge', 'address'))).toEqual({
      code: 'FIELD_NOT_SET',
      name: 'FieldNotSetError',
      message: 'Field VIFBridge.address is not set',
      lineage: ['FIELD_NOT_SET', 'OBJECT_ERROR'], // what instanceof matches on (errorFromDescription)
    });
    expect(describeError(new OsvifError('SOME_CODE', 'text'))).toEqual({ code: 'SOME_CODE', name: 'OsvifError', message: 'text' });
  });

  it('reads the string code of errors from outside the root (OvsdbError-like, Node errno errors)', () => {
    expect(describeError(new FakeOvsdbError('row conflicts'))).toEqual({
      code: 'OVSDB_CONSTRAINT_VIOLATION',
      name: 'OvsdbTransactionError',
      message: 'row conflicts',
    });
    const enoent = Object.assign(new Error("ENOENT: no such file or directory, open '/x'"), { code: 'ENOENT' });
    expect(describeError(enoent)).toMatchObject({ code: 'ENOENT', name: 'Error' });
  });

  it('gives plain errors and non-errors the UNKNOWN code', () => {
    expect(describeError(new TypeError('boom'))).toEqual({ code: UNKNOWN_ERROR_CODE, name: 'TypeError', message: 'boom' });
    expect(describeError(Object.assign(new Error('numeric code'), { code: 42 }))).toMatchObject({ code: 'UNKNOWN' });
    expect(describeError('just a string')).toEqual({ code: 'UNKNOWN', name: 'string', message: 'just a string' });
    expect(describeError(undefined)).toEqual({ code: 'UNKNOWN', name: 'undefined', message: 'undefined' });
    expect(describeError(null)).toEqual({ code: 'UNKNOWN', name: 'object', message: 'null' });
  });

  it('describes the cause chain, and is plain JSON', () => {
    const inner = new UnsupportedObjectError('Nope', 'os_vif');
    const outer = new MalformedReplyError('vif', inner.message, { cause: inner });
    const d = describeError(outer);
    expect(d).toEqual({
      code: 'MALFORMED_REPLY',
      name: 'MalformedReplyError',
      message: 'malformed negotiation reply at vif: Unsupported object type Nope',
      lineage: ['MALFORMED_REPLY', 'NEGOTIATION_ERROR'],
      cause: {
        code: 'UNSUPPORTED_OBJECT',
        name: 'UnsupportedObjectError',
        message: 'Unsupported object type Nope',
        lineage: ['UNSUPPORTED_OBJECT', 'OBJECT_ERROR'],
      },
    });
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
    expect(describeError(new Error('x', { cause: 'a reason' })).cause).toEqual({ code: 'UNKNOWN', name: 'string', message: 'a reason' });
  });

  it('stops at a cause cycle and at a long chain', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    const d = describeError(a);
    expect(d.cause?.message).toBe('b');
    expect(d.cause?.cause).toBeUndefined();
    let deep: Error = new Error('0');
    for (let i = 1; i < 50; i++) deep = new Error(String(i), { cause: deep });
    let depth = 0;
    for (let c: { cause?: unknown } | undefined = describeError(deep); c; c = c.cause as typeof c) depth++;
    expect(depth).toBeLessThan(10);
  });
});

describe('errorLine', () => {
  it('is `<name>: <message>` on one line for errors, String(e) otherwise', () => {
    expect(errorLine(new FieldNotSetError('VIFBridge', 'address'))).toBe('FieldNotSetError: Field VIFBridge.address is not set');
    expect(errorLine(new Error('first\n  second\r\nthird'))).toBe('Error: first second third');
    expect(errorLine('plain')).toBe('plain');
    expect(errorLine(7)).toBe('7');
  });
});
