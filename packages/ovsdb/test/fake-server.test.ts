// The client against a scripted fake OVSDB server (a unix socket in a temp
// dir): hostile and malformed input must give typed errors, never a crash or a hang.
import { Socket } from 'node:net';
import {
  OvsdbAbortedError,
  OvsdbClient,
  OvsdbConnectionError,
  OvsdbConstraintViolationError,
  OvsdbDomainError,
  OvsdbDuplicateUuidNameError,
  OvsdbError,
  OvsdbIoError,
  OvsdbNotOwnerError,
  OvsdbNotSupportedError,
  OvsdbObjectTooLargeError,
  OvsdbPermissionError,
  OvsdbProtocolError,
  OvsdbRangeError,
  OvsdbReferentialIntegrityViolationError,
  OvsdbResourcesExhaustedError,
  OvsdbSyntaxError,
  OvsdbTimeoutError,
  OvsdbTransactionError,
  OvsdbUnknownColumnError,
  OvsdbUnknownDatabaseError,
  OvsdbUnknownMethodError,
  OvsdbWaitTimedOutError,
} from '@osvif/ovsdb';
import { startFakeOvsdbServer } from '@osvif/testkit';

const DB = 'Open_vSwitch';

const transactOnce = async (reply: (id: unknown, sock: Socket) => void, timeoutMs = 2000): Promise<unknown> => {
  const srv = await startFakeOvsdbServer((m, s) => m.method === 'transact' && reply(m.id, s));
  const c = new OvsdbClient({ connection: srv.endpoint, database: DB, timeoutMs, backoff: { initialMs: 10, maxMs: 50 } });
  try {
    return await c.transact([{ op: 'select', table: 'Bridge', where: [] }]).catch((e: unknown) => e);
  } finally {
    c.close();
    await srv.close();
  }
};

describe('client vs a hostile/malformed server', () => {
  it('malformed JSON drops the session with OvsdbProtocolError for the call in flight', async () => {
    const e = await transactOnce((_id, s) => s.write('{"id": 1, "result": [1,]}'));
    expect(e).toBeInstanceOf(OvsdbProtocolError);
    expect((e as Error).message).toMatch(/malformed JSON/);
    const e2 = await transactOnce((_id, s) => s.write('{"id": 1, "result": [}'));
    expect((e2 as Error).message).toMatch(/mismatched/);
  });

  it('garbage between messages, non-object messages and unknown shapes are protocol errors', async () => {
    expect(await transactOnce((_id, s) => s.write('hello'))).toBeInstanceOf(OvsdbProtocolError);
    expect(await transactOnce((_id, s) => s.write('[1,2,3]'))).toBeInstanceOf(OvsdbProtocolError);
    expect(await transactOnce((_id, s) => s.write('{"foo":1}'))).toBeInstanceOf(OvsdbProtocolError);
    expect(await transactOnce((_id, s) => s.write('{"method":"update","params":5,"id":null}'))).toBeInstanceOf(OvsdbProtocolError);
  });

  it('a reply of the wrong shape is a protocol error; a short or non-object result array too', async () => {
    expect(await transactOnce((id, s) => s.write(JSON.stringify({ id, result: 'yes', error: null })))).toBeInstanceOf(OvsdbProtocolError);
    expect(await transactOnce((id, s) => s.write(JSON.stringify({ id, result: [], error: null })))).toBeInstanceOf(OvsdbProtocolError);
    expect(await transactOnce((id, s) => s.write(JSON.stringify({ id, result: [42], error: null })))).toBeInstanceOf(OvsdbProtocolError);
  });

  it('a JSON-RPC error and a per-operation error become OvsdbTransactionError', async () => {
    const e1 = await transactOnce((id, s) =>
      s.write(JSON.stringify({ id, result: null, error: { error: 'unknown database', details: 'nope' } })),
    );
    expect(e1).toBeInstanceOf(OvsdbTransactionError);
    expect(e1).toMatchObject({ constructor: OvsdbUnknownDatabaseError, error: 'unknown database', details: 'nope' });
    expect((e1 as OvsdbTransactionError).opIndex).toBeUndefined(); // a request-level error names no operation
    const e2 = await transactOnce((id, s) =>
      s.write(JSON.stringify({ id, result: [{ error: 'constraint violation', details: 'x' }], error: null })),
    );
    expect(e2).toBeInstanceOf(OvsdbConstraintViolationError);
    expect(e2).toMatchObject({ error: 'constraint violation', opIndex: 0 });
    // Commit-level error: one element more than operations.
    const e3 = await transactOnce((id, s) =>
      s.write(JSON.stringify({ id, result: [{ rows: [] }, { error: 'referential integrity violation' }], error: null })),
    );
    expect(e3).toBeInstanceOf(OvsdbReferentialIntegrityViolationError);
    expect(e3).toMatchObject({ error: 'referential integrity violation', opIndex: 1 });
  });

  // Every server error string, per operation and as a JSON-RPC error, arrives as its own class and code.
  const SERVER_ERRORS: [string, new (...args: never[]) => OvsdbTransactionError, string][] = [
    ['referential integrity violation', OvsdbReferentialIntegrityViolationError, 'OVSDB_REFERENTIAL_INTEGRITY_VIOLATION'],
    ['constraint violation', OvsdbConstraintViolationError, 'OVSDB_CONSTRAINT_VIOLATION'],
    ['resources exhausted', OvsdbResourcesExhaustedError, 'OVSDB_RESOURCES_EXHAUSTED'],
    ['I/O error', OvsdbIoError, 'OVSDB_IO_ERROR'],
    ['duplicate uuid-name', OvsdbDuplicateUuidNameError, 'OVSDB_DUPLICATE_UUID_NAME'],
    ['domain error', OvsdbDomainError, 'OVSDB_DOMAIN_ERROR'],
    ['range error', OvsdbRangeError, 'OVSDB_RANGE_ERROR'],
    ['timed out', OvsdbWaitTimedOutError, 'OVSDB_WAIT_TIMED_OUT'],
    ['not supported', OvsdbNotSupportedError, 'OVSDB_NOT_SUPPORTED'],
    ['aborted', OvsdbAbortedError, 'OVSDB_ABORTED'],
    ['not owner', OvsdbNotOwnerError, 'OVSDB_NOT_OWNER'],
    ['unknown database', OvsdbUnknownDatabaseError, 'OVSDB_UNKNOWN_DATABASE'],
    ['object too large', OvsdbObjectTooLargeError, 'OVSDB_OBJECT_TOO_LARGE'],
    ['syntax error', OvsdbSyntaxError, 'OVSDB_SYNTAX_ERROR'],
    ['unknown column', OvsdbUnknownColumnError, 'OVSDB_UNKNOWN_COLUMN'],
    ['unknown method', OvsdbUnknownMethodError, 'OVSDB_UNKNOWN_METHOD'],
    ['permission error', OvsdbPermissionError, 'OVSDB_PERMISSION_ERROR'],
  ];

  it.each(SERVER_ERRORS)('server error "%s" is %p with code %s, keeping what the server said', async (error, cls, code) => {
    const perOp = await transactOnce((id, s) =>
      s.write(JSON.stringify({ id, result: [{ rows: [] }, { error, details: `why ${error}`, syntax: '{"op":"x"}' }], error: null })),
    );
    expect(perOp).toBeInstanceOf(cls);
    expect(perOp).toBeInstanceOf(OvsdbTransactionError);
    expect(perOp).toBeInstanceOf(OvsdbError);
    expect(perOp).toMatchObject({ code, error, details: `why ${error}`, syntax: '{"op":"x"}', opIndex: 1, operation: 'transact' });
    expect((perOp as Error).name).toBe(cls.name);
    expect((perOp as Error).message).toBe(`transact failed: ${error}: why ${error}`);
    const rpc = await transactOnce((id, s) => s.write(JSON.stringify({ id, result: null, error: { error, details: 'd' } })));
    expect(rpc).toBeInstanceOf(cls);
    expect(rpc).toMatchObject({ code, error, details: 'd', opIndex: undefined });
  });

  it('an error string no class knows is an OvsdbTransactionError with code OVSDB_TRANSACTION_ERROR; a bare string error too', async () => {
    const e = await transactOnce((id, s) => s.write(JSON.stringify({ id, result: [{ error: 'brand new error' }], error: null })));
    expect(e).toMatchObject({ constructor: OvsdbTransactionError, code: 'OVSDB_TRANSACTION_ERROR', error: 'brand new error', details: '' });
    const bare = await transactOnce((id, s) => s.write(JSON.stringify({ id, result: null, error: 'overloaded' })));
    expect(bare).toMatchObject({ constructor: OvsdbTransactionError, code: 'OVSDB_TRANSACTION_ERROR', error: 'overloaded' });
    const known = await transactOnce((id, s) => s.write(JSON.stringify({ id, result: null, error: 'not supported' })));
    expect(known).toBeInstanceOf(OvsdbNotSupportedError);
  });

  it('the client-side failures have their own codes', async () => {
    expect(await transactOnce((_id, s) => s.write('hello'))).toMatchObject({ code: 'OVSDB_PROTOCOL_ERROR' });
    expect(await transactOnce(() => undefined, 100)).toMatchObject({ code: 'OVSDB_TIMEOUT' });
    expect(await transactOnce((_id, s) => s.destroy())).toMatchObject({ code: 'OVSDB_CONNECTION_FAILED' });
    expect(() => new OvsdbClient({ connection: 'ssl:x:1', database: DB, timeoutMs: 1 })).toThrow(
      expect.objectContaining({ code: 'OVSDB_INVALID_ARGUMENT' }),
    );
  });

  it('a database the server refuses at set-up fails the call at once with its typed error (no retry loop until the timeout)', async () => {
    const srv = await startFakeOvsdbServer(
      (m, s) =>
        m.method === 'get_schema' &&
        s.write(JSON.stringify({ id: m.id, result: null, error: { error: 'unknown database', details: 'no Nope' } })),
      { scriptSetup: true },
    );
    const c = new OvsdbClient({ connection: srv.endpoint, database: 'Nope', timeoutMs: 5000 });
    try {
      const t0 = Date.now();
      const e = await c.ready().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(OvsdbUnknownDatabaseError);
      expect(e).toMatchObject({ operation: 'get_schema', details: 'no Nope' });
      expect(Date.now() - t0).toBeLessThan(2000);
    } finally {
      c.close();
      await srv.close();
    }
  });

  it('a reply split into single bytes, replies for unknown ids, and a huge message do not confuse it', async () => {
    const ok = await transactOnce((id, s) => {
      s.write(JSON.stringify({ id: 987654, result: [], error: null })); // not ours: ignored
      s.write(JSON.stringify({ id: 'x', result: [], error: null }));
      const text = JSON.stringify({ id, result: [{ rows: [{ name: 'é}{' }] }], error: null });
      for (const b of Buffer.from(text)) s.write(Buffer.from([b]));
    });
    expect(ok).toEqual([{ rows: [{ name: 'é}{' }] }]);
  });

  it('no reply at all: OvsdbTimeoutError after the timeout, not a hang', async () => {
    const t0 = Date.now();
    const e = await transactOnce(() => undefined, 300);
    expect(e).toBeInstanceOf(OvsdbTimeoutError);
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('the server closing mid-call is an OvsdbConnectionError for that call', async () => {
    expect(await transactOnce((_id, s) => s.destroy())).toBeInstanceOf(OvsdbConnectionError);
  });

  it("answers the server's echo, and sends its own echo when idle", async () => {
    let echoReply: unknown;
    const srv = await startFakeOvsdbServer((m, s) => {
      if (m.method === 'transact') {
        s.write(JSON.stringify({ method: 'echo', params: ['ping', 1], id: 'srv-echo' }));
        setTimeout(() => s.write(JSON.stringify({ id: m.id, result: [{ rows: [] }], error: null })), 20);
      } else if (m.method === 'echo') {
        s.write(JSON.stringify({ id: m.id, result: m.params, error: null }));
      }
    });
    const c = new OvsdbClient({ connection: srv.endpoint, database: DB, timeoutMs: 2000, idleProbeMs: 100 });
    try {
      await c.transact([{ op: 'select', table: 'Bridge', where: [] }]);
      echoReply = srv.received.find((m) => (m as { id?: unknown }).id === 'srv-echo');
      expect(echoReply).toEqual({ result: ['ping', 1], error: null, id: 'srv-echo' });
      await new Promise((r) => setTimeout(r, 350));
      expect(srv.received.some((m) => (m as { method?: string }).method === 'echo')).toBe(true);
      expect(c.connected).toBe(true); // our echo was answered: still up
    } finally {
      c.close();
      await srv.close();
    }
  });

  it('a peer that stops answering is dropped after two idle periods', async () => {
    const srv = await startFakeOvsdbServer(() => undefined);
    const c = new OvsdbClient({
      connection: srv.endpoint,
      database: DB,
      timeoutMs: 2000,
      idleProbeMs: 100,
      backoff: { initialMs: 1000, maxMs: 1000 },
    });
    try {
      await c.ready();
      const lost = new Promise((r) => c.once('disconnected', r));
      expect(await lost).toBeInstanceOf(OvsdbConnectionError);
    } finally {
      c.close();
      await srv.close();
    }
  });

  it('a malformed monitor update forces a resync instead of corrupting the cache', async () => {
    const srv = await startFakeOvsdbServer((m, s) => {
      if (m.method === 'transact')
        s.write(JSON.stringify({ method: 'update', params: ['cache', { Bridge: { u1: { new: 'broken' } } }], id: null }));
    });
    const c = new OvsdbClient({
      connection: srv.endpoint,
      database: DB,
      timeoutMs: 2000,
      backoff: { initialMs: 10, maxMs: 50 },
      monitor: { Bridge: ['name'] },
    });
    try {
      await c.ready();
      const reconnected = new Promise((r) => c.once('connected', r));
      await c.transact([{ op: 'comment', comment: 'x' }], 'transact', 200).catch(() => undefined);
      await reconnected;
      expect(srv.received.filter((m) => (m as { method?: string }).method === 'monitor').length).toBe(2);
      expect(c.cache.rows('Bridge')).toEqual([]);
    } finally {
      c.close();
      await srv.close();
    }
  });
});
