// The network host's HTTP side under hostile clients (both ends in this process, 127.0.0.1): deeply nested
// bodies are refused before JSON.parse runs, the bearer token is checked before the body is read, slow headers
// and connection floods are cut by applyServerLimits.
import * as http from 'node:http';
import * as net from 'node:net';
import type { RequestHandler } from '@osvif/objects';
import { applyServerLimits, createHostInfoHttpHandler, HOST_INFO_PATH, type HostInfoHttpHandlerOptions } from '@osvif/runtime';
import { jsonDepthExceeds } from '../../src/transport/json-limits';

const servers: http.Server[] = [];
afterEach(async () => {
  jest.restoreAllMocks();
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((r) => {
          s.closeAllConnections();
          s.close(() => r());
        }),
    ),
  );
});

class Echo implements RequestHandler {
  readonly seen: unknown[] = [];
  async handle(request: unknown): Promise<unknown> {
    this.seen.push(request);
    return { error: { type: 'BindingRejected', message: 'just testing' } };
  }
}

async function serve(
  responder: RequestHandler,
  options: HostInfoHttpHandlerOptions = {},
  limits?: Parameters<typeof applyServerLimits>[1],
) {
  // Node checks header/request timeouts every connectionsCheckingInterval (30 s by default): short here.
  const server = http.createServer({ connectionsCheckingInterval: 50 }, createHostInfoHttpHandler(responder, options));
  if (limits) applyServerLimits(server, limits);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, port: (server.address() as net.AddressInfo).port };
}

function post(port: number, body: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: HOST_INFO_PATH, method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const VALID = JSON.stringify({ host_info: { a: ['[[[[', '{{{{'] }, binding: { port_id: 'p' } });

describe('JSON nesting limit', () => {
  it('the scan counts brackets outside strings only, escapes included', () => {
    expect(jsonDepthExceeds(Buffer.from('[[[]]]'), 3)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from('[[[[]]]]'), 3)).toBe(true);
    expect(jsonDepthExceeds(Buffer.from('{"a":"[[[[[\\"[[[["}'), 1)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from('[{"a":[{}]}]'), 4)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from('[{"a":[{}]}]'), 3)).toBe(true);
  });

  it('a 1 MB nested-array body is refused with 400 TooDeeplyNested before JSON.parse sees it', async () => {
    const echo = new Echo();
    const { port } = await serve(echo, { maxBodyBytes: 2 * 1024 * 1024 });
    const parse = jest.spyOn(JSON, 'parse');
    const hostile = Buffer.alloc(1024 * 1024, '[');
    const r = await post(port, hostile);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toEqual({ error: { type: 'TooDeeplyNested', message: 'request body nested deeper than 64' } });
    // The only JSON.parse calls were the test's own (of the short reply), never of the 1 MB body.
    expect(parse.mock.calls.every(([text]) => String(text).length < 1000)).toBe(true);
    expect(echo.seen).toHaveLength(0);
    // ...and a valid body with brackets inside strings is still read.
    expect((await post(port, VALID)).status).toBe(422);
    expect(echo.seen).toHaveLength(1);
  });

  it('maxJsonDepth is configurable and checked', async () => {
    const { port } = await serve(new Echo(), { maxJsonDepth: 2 });
    expect((await post(port, '{"host_info":{"a":{}},"binding":{"port_id":"p"}}')).status).toBe(400);
    expect(() => createHostInfoHttpHandler(new Echo(), { maxJsonDepth: 0 })).toThrow(RangeError);
  });
});

describe('bearer token', () => {
  it('401 without the token or with a wrong one, before the body is read; served with it', async () => {
    const echo = new Echo();
    const { port } = await serve(echo, { bearerToken: 's3cret' });
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Bearer nope' },
      { authorization: 'Bearer s3cret2' },
      { authorization: 's3cret' },
    ]) {
      const r = await post(port, VALID, headers);
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body).error.type).toBe('Unauthorized');
    }
    expect(echo.seen).toHaveLength(0);
    expect((await post(port, VALID, { authorization: 'Bearer s3cret' })).status).toBe(422);
    expect(echo.seen).toHaveLength(1);
    expect(() => createHostInfoHttpHandler(echo, { bearerToken: '' })).toThrow(RangeError);
  });
});

/** Resolves when the server closes the socket (with whatever it sent first). */
function closed(socket: net.Socket): Promise<string> {
  let text = '';
  socket.on('data', (c: Buffer) => (text += c.toString()));
  return new Promise((r) => socket.once('close', () => r(text)));
}

describe('applyServerLimits', () => {
  it('a client that never finishes its headers is cut off (408) and the server keeps serving', async () => {
    const { port } = await serve(new Echo(), {}, { headersTimeoutMs: 200, requestTimeoutMs: 400 });
    const slow = net.connect(port, '127.0.0.1');
    const done = closed(slow);
    slow.write('POST /v1/host-info HTTP/1.1\r\nHost: x\r\n'); // and no end of headers
    const text = await done; // the test's own timeout bounds this: without the limit it would hang for 60 s
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect((await post(port, VALID)).status).toBe(422);
  });

  it('connections over maxConnections are closed at once; the others are served', async () => {
    const { server, port } = await serve(new Echo(), {}, { maxConnections: 4 });
    const sockets = await Promise.all(
      Array.from(
        { length: 12 },
        () =>
          new Promise<net.Socket>((r) => {
            const s = net.connect(port, '127.0.0.1', () => r(s));
          }),
      ),
    );
    const refused = await Promise.race([
      Promise.all(sockets.slice(4).map(closed)),
      new Promise<null>((r) => setTimeout(() => r(null), 5000)),
    ]);
    expect(refused).not.toBeNull();
    expect(await new Promise<number>((r) => server.getConnections((_e, n) => r(n)))).toBe(4);
    sockets.slice(0, 4).forEach((s) => s.destroy());
    await new Promise((r) => setTimeout(r, 50));
    expect((await post(port, VALID)).status).toBe(422);
  });

  it('validates its limits', () => {
    expect(() => applyServerLimits(http.createServer(), { headersTimeoutMs: 0 })).toThrow(RangeError);
    const s = applyServerLimits(http.createServer(), {});
    expect([s.headersTimeout, s.requestTimeout, s.maxConnections, s.maxHeadersCount]).toEqual([10_000, 30_000, 256, 64]);
  });
});
