// The AMQP transport's parts that need no broker: the oslo.messaging envelope and its bounds, the broker
// URL, how an oslo failure reads as a negotiation error reply, and a broker that is not there (a closed
// loopback port). The wire itself is proven against RabbitMQ and Python oslo.messaging in amqp.host.test.ts.
import { createServer, Socket } from 'node:net';
import { AmqpConfigError, AmqpNegotiationTransport, AmqpTimeoutError } from '@osvif/runtime';
import { parseAmqpUrl } from '../../src/transport/amqp/url';
import { checkJsonDepth, EnvelopeError, readFailure, unwrap, wrap } from '../../src/transport/amqp/envelope';
import { replyOfFailure } from '../../src/transport/amqp/rpc';

const LIMITS = { maxBytes: 1 << 20, maxDepth: 64 };

describe('oslo.messaging envelope', () => {
  it('wraps as oslo.messaging 2.0 does: oslo.message is a JSON string inside the JSON envelope', () => {
    const body = JSON.parse(wrap({ method: 'm', args: { a: 1 } }).toString('utf8')) as Record<string, unknown>;
    expect(body).toEqual({ 'oslo.version': '2.0', 'oslo.message': '{"method":"m","args":{"a":1}}' });
    expect(unwrap(wrap({ x: [1, 'two'] }), LIMITS)).toEqual({ x: [1, 'two'] });
  });

  it('reads what Python oslo.messaging writes (spaces after separators) and un-enveloped messages', () => {
    const py = Buffer.from(
      '{"oslo.version": "2.0", "oslo.message": "{\\"result\\": {\\"vif\\": 1}, \\"failure\\": null, \\"ending\\": true}"}',
    );
    expect(unwrap(py, LIMITS)).toEqual({ result: { vif: 1 }, failure: null, ending: true });
    expect(unwrap(Buffer.from('{"method": "m"}'), LIMITS)).toEqual({ method: 'm' });
  });

  it('refuses, before parsing, bodies that are too large or too deep; and bad envelopes', () => {
    expect(() => unwrap(wrap({ s: 'x'.repeat(2000) }), { maxBytes: 1000, maxDepth: 64 })).toThrow(/larger than 1000 bytes/);
    const deep = '['.repeat(65) + ']'.repeat(65);
    expect(() => unwrap(Buffer.from(deep), LIMITS)).toThrow(/deeper than 64/);
    // The inner message is checked too.
    expect(() => unwrap(Buffer.from(JSON.stringify({ 'oslo.version': '2.0', 'oslo.message': deep })), LIMITS)).toThrow(/deeper than 64/);
    expect(() => unwrap(Buffer.from(JSON.stringify({ 'oslo.version': '3.0', 'oslo.message': '{}' })), LIMITS)).toThrow(
      /unsupported oslo.version/,
    );
    expect(() => unwrap(Buffer.from(JSON.stringify({ 'oslo.version': '2.0', 'oslo.message': 5 })), LIMITS)).toThrow(/not a string/);
    expect(() => unwrap(Buffer.from([0xff, 0xfe]), LIMITS)).toThrow(/UTF-8/);
    expect(() => unwrap(Buffer.from('{"a":'), LIMITS)).toThrow(EnvelopeError);
    expect(() => unwrap(Buffer.from('[1]'), LIMITS)).toThrow(/not a JSON object/);
  });

  it('counts depth outside strings only, escapes included', () => {
    expect(() => checkJsonDepth(JSON.stringify({ s: '[[[[[[["\\' }), 2)).not.toThrow();
    expect(() => checkJsonDepth('{"a":{"b":{}}}', 2)).toThrow(EnvelopeError);
  });
});

describe('oslo failures as negotiation error replies', () => {
  it("os-vif's IncompatibleObjectVersion keeps the object and its supported version", () => {
    const failure = readFailure(
      JSON.stringify({
        class: 'IncompatibleObjectVersion',
        module: 'oslo_versionedobjects.exception',
        message: 'Version 1.1 of HostVIFInfo is not supported, supported version is 1.0',
        tb: [],
        args: [],
        kwargs: { objname: 'HostVIFInfo', objver: '1.1', supported: '1.0', code: 500 },
      }),
      64,
    )!;
    expect(replyOfFailure(failure)).toEqual({
      error: {
        type: 'IncompatibleObjectVersion',
        message: 'Version 1.1 of HostVIFInfo is not supported, supported version is 1.0',
        object: 'HostVIFInfo',
        version: '1.1',
        supported_version: '1.0',
      },
    });
  });

  it('UnsupportedObjectError names the class; other failures keep their class as the type', () => {
    const unsupported = readFailure(
      { class: 'UnsupportedObjectError', module: 'oslo_versionedobjects.exception', message: 'm', kwargs: { objtype: 'Foo' } },
      64,
    )!;
    expect(replyOfFailure(unsupported)).toEqual({ error: { type: 'UnsupportedObject', message: 'm', object: 'Foo', namespace: 'os_vif' } });
    const other = readFailure(JSON.stringify({ class: 'KeyError', module: 'builtins', message: "'x'" }), 64)!;
    expect(replyOfFailure(other)).toEqual({ error: { type: 'KeyError', message: "'x'", module: 'builtins' } });
    expect(replyOfFailure(readFailure('not json', 64)!)).toEqual({ error: { type: 'RemoteError', message: 'not json' } });
  });
});

describe('broker URL', () => {
  it('reads user, password, host, port, vhost, topic, exchange and server', () => {
    const e = parseAmqpUrl(
      'amqp://nova:s%40cret@mq.example:5673/prod%2Fvh?topic=osvif_negotiation&exchange=neutron&server=nh-1&heartbeat=30',
    );
    expect(e.connect).toEqual({
      protocol: 'amqp',
      hostname: 'mq.example',
      port: 5673,
      username: 'nova',
      password: 's@cret',
      vhost: 'prod/vh',
      heartbeat: 30,
    });
    expect([e.topic, e.exchange, e.server]).toEqual(['osvif_negotiation', 'neutron', 'nh-1']);
    expect(e.display).not.toContain('cret');
  });

  it('defaults as oslo.messaging does: guest, port 5672, vhost /, exchange openstack; rabbit:// is amqp://', () => {
    const e = parseAmqpUrl('rabbit://127.0.0.1/?topic=t');
    expect(e.connect).toMatchObject({ protocol: 'amqp', port: 5672, username: 'guest', password: 'guest', vhost: '/' });
    expect(e.exchange).toBe('openstack');
    expect(parseAmqpUrl('amqps://h/?topic=t').connect).toMatchObject({ protocol: 'amqps', port: 5671 });
  });

  it('refuses what it cannot use, with AmqpConfigError', () => {
    for (const [url, why] of [
      ['nope', /not a URL/],
      ['http://h/?topic=t', /unsupported URL scheme/],
      ['amqp://h/?topic=t&exchange=', /exchange must be/],
      ['amqp://h/?topic=t&frame_max=x', /frame_max must be/],
      ['amqp://h/?topic=t&topic2=x', /unknown query parameter topic2/],
    ] as const) {
      expect(() => parseAmqpUrl(url)).toThrow(AmqpConfigError);
      expect(() => parseAmqpUrl(url)).toThrow(why);
    }
    expect(() => new AmqpNegotiationTransport({ url: 'amqp://h/?topic=t', timeoutMs: 0 })).toThrow(/timeoutMs must be > 0/);
  });
});

describe('broker connection', () => {
  it("turns Nagle off (TCP_NODELAY): small frames are not held back for the peer's delayed ACK", async () => {
    // A loopback listener that accepts and says nothing: the socket connects, the AMQP handshake never ends.
    const accepted = new Set<Socket>();
    const srv = createServer((s) => {
      accepted.add(s.on('error', () => undefined));
    });
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    const { port } = srv.address() as { port: number };
    const spy = jest.spyOn(Socket.prototype, 'setNoDelay');
    const t = new AmqpNegotiationTransport({ url: `amqp://127.0.0.1:${port}/?topic=t`, timeoutMs: 300, reconnect: { maxDelayMs: 200 } });
    try {
      await t.exchange({ host_info: {} as never, binding: { port_id: 'p' } }).catch(() => undefined);
      expect(spy).toHaveBeenCalledWith(true);
      expect(spy).not.toHaveBeenCalledWith(false);
    } finally {
      spy.mockRestore();
      await t.close();
      for (const s of accepted) s.destroy();
      await new Promise((resolve) => srv.close(resolve));
    }
  });
});

describe('no broker', () => {
  it('a call fails with AmqpTimeoutError (broker not reachable, and why) within its deadline', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = srv.address() as { port: number };
        srv.close(() => resolve(p));
      });
    });
    const t = new AmqpNegotiationTransport({ url: `amqp://127.0.0.1:${port}/?topic=t`, timeoutMs: 800, reconnect: { maxDelayMs: 200 } });
    const started = Date.now();
    try {
      await t.exchange({ host_info: {} as never, binding: { port_id: 'p' } });
      throw new Error('expected a rejection');
    } catch (e) {
      expect(e).toBeInstanceOf(AmqpTimeoutError);
      expect((e as AmqpTimeoutError).connected).toBe(false);
      expect((e as AmqpTimeoutError).message).toMatch(/broker not reachable: .*ECONNREFUSED/);
    } finally {
      await t.close();
    }
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
