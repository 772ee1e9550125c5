// The error model without any server: classes, codes, and what transactionErrorFromReply keeps.
import {
  OvsdbConnectionError,
  OvsdbDuplicateUuidNameError,
  OvsdbError,
  OvsdbInvalidArgumentError,
  OvsdbProtocolError,
  OvsdbTimeoutError,
  OvsdbTransactionError,
  OvsdbWaitTimedOutError,
  transactionErrorFromReply,
} from '@osvif/ovsdb';

describe('OVSDB errors', () => {
  it('every client-side error is an OvsdbError with a stable code and its class name', () => {
    const cases: [OvsdbError, string][] = [
      [new OvsdbConnectionError('unix:/x', Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })), 'OVSDB_CONNECTION_FAILED'],
      [new OvsdbTimeoutError('transact', 5, 'unix:/x'), 'OVSDB_TIMEOUT'],
      [new OvsdbProtocolError('unix:/x', 'garbage'), 'OVSDB_PROTOCOL_ERROR'],
      [new OvsdbInvalidArgumentError('tag', 5000, 'too big'), 'OVSDB_INVALID_ARGUMENT'],
    ];
    for (const [e, code] of cases) {
      expect(e).toBeInstanceOf(OvsdbError);
      expect(e.code).toBe(code);
      expect(e.name).toBe(e.constructor.name);
    }
    expect(cases[0][0].message).toBe('OVSDB at unix:/x unreachable: ECONNREFUSED refused');
    expect((cases[0][0] as OvsdbConnectionError).cause).toBeInstanceOf(Error);
  });

  it('transactionErrorFromReply keeps error, details, syntax and opIndex; normalises odd shapes', () => {
    const e = transactionErrorFromReply('add', { error: 'duplicate uuid-name', details: 'again', syntax: '"q"' }, 3);
    expect(e).toBeInstanceOf(OvsdbDuplicateUuidNameError);
    expect(e).toMatchObject({ operation: 'add', error: 'duplicate uuid-name', details: 'again', syntax: '"q"', opIndex: 3 });
    expect(e.message).toBe('add failed: duplicate uuid-name: again');
    // Only the exact strings map to a class (libovsdb's "duplicate uuid name" is not what ovsdb-server sends):
    // anything else keeps its string verbatim on the base class.
    expect(transactionErrorFromReply('x', { error: 'duplicate uuid name' })).toMatchObject({
      constructor: OvsdbTransactionError,
      code: 'OVSDB_TRANSACTION_ERROR',
      error: 'duplicate uuid name',
    });
    expect(transactionErrorFromReply('x', { error: 'timed out' })).toBeInstanceOf(OvsdbWaitTimedOutError);
    expect(new OvsdbWaitTimedOutError('x')).not.toBeInstanceOf(OvsdbTimeoutError);
    const odd = transactionErrorFromReply('x', { error: { nested: 1 }, details: 42 });
    expect(odd).toMatchObject({
      constructor: OvsdbTransactionError,
      code: 'OVSDB_TRANSACTION_ERROR',
      error: '{"nested":1}',
      details: '42',
    });
    expect(odd.syntax).toBeUndefined();
    expect(transactionErrorFromReply('x', {})).toMatchObject({ error: 'null', details: '' });
  });
});

describe('OVSDB errors across two copies of the package', () => {
  type Ovsdb = typeof import('@osvif/ovsdb');
  let B: Ovsdb | undefined;
  // jest.isolateModules evaluates the package again: copy B has its own classes (a plugin's own node_modules).
  jest.isolateModules(() => {
    B = require('@osvif/ovsdb') as Ovsdb;
  });

  it('matches the same class and its parents of the other copy, both ways, and nothing else', () => {
    const b = B!;
    expect(b.OvsdbError).not.toBe(OvsdbError);
    const fromB = new b.OvsdbDuplicateUuidNameError('transact', 'x');
    expect(fromB instanceof OvsdbDuplicateUuidNameError).toBe(true);
    expect(fromB instanceof OvsdbTransactionError).toBe(true);
    expect(fromB instanceof OvsdbError).toBe(true);
    expect(fromB instanceof OvsdbWaitTimedOutError).toBe(false);
    expect(new OvsdbTimeoutError('transact', 5, 'unix:/x') instanceof b.OvsdbTimeoutError).toBe(true);
    expect(new OvsdbTransactionError('transact', 'boom') instanceof b.OvsdbDuplicateUuidNameError).toBe(false);
    expect(new Error('plain') instanceof b.OvsdbError).toBe(false);
  });
});
