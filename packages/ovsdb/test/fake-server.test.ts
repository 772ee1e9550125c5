// The client against a scripted fake OVSDB server (a unix socket in a temp
// dir): hostile and malformed input must give typed errors, never a crash or a hang.
import { Socket } from 'node:net';
import { OvsdbClient, OvsdbConnectionError, OvsdbProtocolError, OvsdbTimeoutError, OvsdbTransactionError } from '@osvif/ovsdb';
import { fakeServer } from './support/fake-server';

const transactOnce = async (reply: (id: unknown, sock: Socket) => void, timeoutMs = 2000): Promise<unknown> => {
  const srv = await fakeServer((m, s) => m.method === 'transact' && reply(m.id, s));
  const c = new OvsdbClient({ connection: srv.endpoint, timeoutMs, backoff: { initialMs: 10, maxMs: 50 } });
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
    expect(e1).toMatchObject({ constructor: OvsdbTransactionError, error: 'unknown database', details: 'nope' });
    const e2 = await transactOnce((id, s) =>
      s.write(JSON.stringify({ id, result: [{ error: 'constraint violation', details: 'x' }], error: null })),
    );
    expect(e2).toMatchObject({ error: 'constraint violation', opIndex: 0 });
    // Commit-level error: one element more than operations.
    const e3 = await transactOnce((id, s) =>
      s.write(JSON.stringify({ id, result: [{ rows: [] }, { error: 'referential integrity violation' }], error: null })),
    );
    expect(e3).toMatchObject({ error: 'referential integrity violation', opIndex: 1 });
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
    const srv = await fakeServer((m, s) => {
      if (m.method === 'transact') {
        s.write(JSON.stringify({ method: 'echo', params: ['ping', 1], id: 'srv-echo' }));
        setTimeout(() => s.write(JSON.stringify({ id: m.id, result: [{ rows: [] }], error: null })), 20);
      } else if (m.method === 'echo') {
        s.write(JSON.stringify({ id: m.id, result: m.params, error: null }));
      }
    });
    const c = new OvsdbClient({ connection: srv.endpoint, timeoutMs: 2000, idleProbeMs: 100 });
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
    const srv = await fakeServer(() => undefined);
    const c = new OvsdbClient({ connection: srv.endpoint, timeoutMs: 2000, idleProbeMs: 100, backoff: { initialMs: 1000, maxMs: 1000 } });
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
    const srv = await fakeServer((m, s) => {
      if (m.method === 'transact')
        s.write(JSON.stringify({ method: 'update', params: ['osvif-cache', { Bridge: { u1: { new: 'broken' } } }], id: null }));
    });
    const c = new OvsdbClient({ connection: srv.endpoint, timeoutMs: 2000, backoff: { initialMs: 10, maxMs: 50 } });
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
