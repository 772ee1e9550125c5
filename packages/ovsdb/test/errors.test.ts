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
