// The HTTP transport on its own (both ends in this process, 127.0.0.1): the
// handler's answers to bad requests and the client's handling of bad replies.
import * as http from 'node:http';
import * as net from 'node:net';
import { HostInfoResponder, VIFVHostUser, type RequestHandler } from '@osvif/objects';
import {
  createHostInfoHttpHandler,
  HOST_INFO_PATH,
  HttpAbortedError,
  HttpBadReplyError,
  HttpConnectionError,
  HttpNegotiationTransport,
  HttpReplyTooLargeError,
  HttpTimeoutError,
  type NegotiationHttpHandler,
} from '@osvif/runtime';
import { statusOfReply } from '../../src/transport/routes';

const PORT_ID = '3e1a7f0c-5b2d-4c6e-9f80-1a2b3c4d5e6f';

const servers: http.Server[] = [];
afterAll(async () => {
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((r) => {
          s.closeAllConnections();
          s.close(() => r());
        }),
    ),
  );
});

async function listen(fn: http.RequestListener): Promise<string> {
  const server = http.createServer(fn);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

/** Records what the responder was asked, answers a fixed VIF-less error. */
class Echo implements RequestHandler {
  readonly seen: unknown[] = [];
  async handle(request: unknown): Promise<unknown> {
    this.seen.push(request);
    return { error: { type: 'BindingRejected', message: 'just testing' } };
  }
}

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw HTTP request (to send what a well-behaved client never would). */
function raw(
  base: string,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer; chunks?: Buffer[] },
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}${options.path ?? HOST_INFO_PATH}`,
      { method: options.method ?? 'POST', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (options.chunks) {
      for (const c of options.chunks) req.write(c);
      req.end();
    } else req.end(options.body);
  });
}

const JSON_HEADERS = { 'content-type': 'application/json' };

describe('createHostInfoHttpHandler', () => {
  let base: string;
  const echo = new Echo();
  let handler: NegotiationHttpHandler;
  beforeAll(async () => {
    handler = createHostInfoHttpHandler(echo, { maxBodyBytes: 1000, bodyTimeoutMs: 300 });
    base = await listen((req, res) => handler(req, res));
  });

  it('passes a JSON body to the responder and maps the reply type to a status', async () => {
    const r = await raw(base, { headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"a":[1,2]}' });
    expect(r.status).toBe(422);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(r.body)).toEqual({ error: { type: 'BindingRejected', message: 'just testing' } });
    expect(echo.seen.at(-1)).toEqual({ a: [1, 2] });
  });

  it.each([
    ['GET', { method: 'GET' }, 405, 'MethodNotAllowed'],
    ['PUT', { method: 'PUT', headers: JSON_HEADERS, body: '{}' }, 405, 'MethodNotAllowed'],
    ['other path', { path: '/v2/host-info', headers: JSON_HEADERS, body: '{}' }, 404, 'NotFound'],
    ['text/plain', { headers: { 'content-type': 'text/plain' }, body: '{}' }, 415, 'UnsupportedMediaType'],
    ['no content type', { body: '{}' }, 415, 'UnsupportedMediaType'],
    ['latin-1 charset', { headers: { 'content-type': 'application/json; charset=latin1' }, body: '{}' }, 415, 'UnsupportedMediaType'],
    ['malformed JSON', { headers: JSON_HEADERS, body: '{"host_info": ' }, 400, 'MalformedJSON'],
    ['empty body', { headers: JSON_HEADERS, body: '' }, 400, 'MalformedJSON'],
    ['invalid UTF-8', { headers: JSON_HEADERS, body: Buffer.from([0x22, 0xff, 0xfe, 0x22]) }, 400, 'MalformedJSON'],
    ['declared too large', { headers: JSON_HEADERS, body: `"${'x'.repeat(2000)}"` }, 413, 'PayloadTooLarge'],
    [
      'streamed too large (chunked, no length)',
      {
        headers: { ...JSON_HEADERS, 'transfer-encoding': 'chunked' },
        chunks: [Buffer.from('"'), Buffer.alloc(600, 0x61), Buffer.alloc(600, 0x61), Buffer.from('"')],
      },
      413,
      'PayloadTooLarge',
    ],
  ])('%s -> %i %s', async (_name, options, status, type) => {
    const before = echo.seen.length;
    const r = await raw(base, options as Parameters<typeof raw>[1]);
    expect(r.status).toBe(status);
    expect(JSON.parse(r.body).error.type).toBe(type);
    expect(typeof JSON.parse(r.body).error.message).toBe('string');
    if (status === 405) expect(r.headers.allow).toBe('POST');
    expect(echo.seen.length).toBe(before);
  });

  it('a body that never ends -> 408', async () => {
    const r = await new Promise<Raw>((resolve, reject) => {
      const req = http.request(
        `${base}${HOST_INFO_PATH}`,
        { method: 'POST', headers: { ...JSON_HEADERS, 'content-length': '100' } },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.write('{"host_info":'); // and nothing more
    });
    expect(r.status).toBe(408);
    expect(JSON.parse(r.body).error.type).toBe('RequestTimeout');
  });

  it('fits a middleware stack: other paths go to next(), a body parsed upstream is used as is', async () => {
    const seen = new Echo();
    const mw = createHostInfoHttpHandler(seen);
    const calls: string[] = [];
    const url = await listen((req, res) => {
      // What express.json() leaves behind: the stream consumed, req.body set.
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        (req as http.IncomingMessage & { body?: unknown }).body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : undefined;
        mw(req, res, () => {
          calls.push(req.url ?? '');
          res.writeHead(204).end();
        });
      });
    });
    expect((await raw(url, { path: '/health', method: 'GET' })).status).toBe(204);
    expect(calls).toEqual(['/health']);
    const r = await raw(url, { headers: JSON_HEADERS, body: '{"pre":"parsed"}' });
    expect(r.status).toBe(422);
    expect(seen.seen).toEqual([{ pre: 'parsed' }]);
  });

  it('a responder that rejects -> 500 InternalError, nothing leaked', async () => {
    const h = createHostInfoHttpHandler({
      handle: async () => {
        throw new Error('secret stack');
      },
    });
    const url = await listen((req, res) => h(req, res));
    const r = await raw(url, { headers: JSON_HEADERS, body: '{}' });
    expect(r.status).toBe(500);
    expect(r.body).not.toContain('secret');
    expect(JSON.parse(r.body).error.type).toBe('InternalError');
  });

  it('maps every reply type to its status', () => {
    expect(statusOfReply({ vif: {} })).toBe(200);
    expect(statusOfReply({ error: { type: 'IncompatibleObjectVersion' } })).toBe(409);
    expect(statusOfReply({ error: { type: 'UnsupportedObject' } })).toBe(409);
    expect(statusOfReply({ error: { type: 'MalformedRequest' } })).toBe(400);
    expect(statusOfReply({ error: { type: 'NoPluginForVif' } })).toBe(422);
    expect(statusOfReply({ error: { type: 'Whatever' } })).toBe(500);
  });
});

describe('HttpNegotiationTransport', () => {
  const request = { host_info: new VIFVHostUser().toPrimitive() as never, binding: { port_id: PORT_ID } };

  it('POSTs JSON to /v1/host-info (appended to a base URL) and returns the reply, error replies included', async () => {
    let seen: { method?: string; url?: string; type?: string; body?: string } = {};
    const url = await listen((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen = { method: req.method, url: req.url, type: req.headers['content-type'], body };
        res.writeHead(409, { 'content-type': 'application/json' }).end('{"error":{"type":"IncompatibleObjectVersion","message":"m"}}');
      });
    });
    const reply = await new HttpNegotiationTransport({ url, headers: { 'x-auth': 't' } }).exchange(request);
    expect(reply).toEqual({ error: { type: 'IncompatibleObjectVersion', message: 'm' } });
    expect(seen).toEqual({ method: 'POST', url: HOST_INFO_PATH, type: 'application/json', body: JSON.stringify(request) });
  });

  it('works against the real handler and responder', async () => {
    const h = createHostInfoHttpHandler(new HostInfoResponder({ bind: () => [] }));
    const url = await listen((req, res) => h(req, res));
    const reply = (await new HttpNegotiationTransport({ url }).exchange({ host_info: 'nope' as never, binding: { port_id: PORT_ID } })) as {
      error: { type: string; path: string };
    };
    expect(reply.error.type).toBe('MalformedRequest');
    expect(reply.error.path).toBe('host_info');
  });

  it.each([
    ['declared', true],
    ['streamed', false],
  ])('refuses a reply larger than maxReplyBytes (%s)', async (_name, declared) => {
    const url = await listen((_req, res) => {
      res.writeHead(
        200,
        declared ? { 'content-type': 'application/json', 'content-length': '5000' } : { 'content-type': 'application/json' },
      );
      res.write(`{"vif":"${'x'.repeat(3000)}`);
      res.end(`${'x'.repeat(1990)}"}`);
    });
    const err = await new HttpNegotiationTransport({ url, maxReplyBytes: 1024 }).exchange(request).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpReplyTooLargeError);
    expect((err as HttpReplyTooLargeError).limitBytes).toBe(1024);
  });

  it.each([
    ['not JSON', 200, 'application/json', '{oops', /not valid JSON/],
    ['HTML', 502, 'text/html', '<html>bad gateway</html>', /not JSON \(content-type text\/html\)/],
    ['JSON with the wrong type', 200, 'text/plain', '{"vif":{}}', /content-type text\/plain is not application\/json/],
    ['HTTP error without an error body', 503, 'application/json', '{"status":"down"}', /without a negotiation error body/],
  ])('refuses a bad reply: %s', async (_name, status, type, body, message) => {
    const url = await listen((_req, res) => res.writeHead(status, { 'content-type': type }).end(body));
    const err = await new HttpNegotiationTransport({ url }).exchange(request).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpBadReplyError);
    expect((err as HttpBadReplyError).status).toBe(status);
    expect((err as Error).message).toMatch(message);
  });

  it('times out, is abortable, and reports connection failures', async () => {
    const url = await listen(() => undefined); // never answers
    const t0 = Date.now();
    const timeout = await new HttpNegotiationTransport({ url, timeoutMs: 200 }).exchange(request).catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(HttpTimeoutError);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    const ac = new AbortController();
    const pending = new HttpNegotiationTransport({ url, timeoutMs: 10_000 })
      .exchange(request, { signal: ac.signal })
      .catch((e: unknown) => e);
    setTimeout(() => ac.abort(), 50);
    expect(await pending).toBeInstanceOf(HttpAbortedError);
    const already = new AbortController();
    already.abort();
    expect(
      await new HttpNegotiationTransport({ url }).exchange(request, { signal: already.signal }).catch((e: unknown) => e),
    ).toBeInstanceOf(HttpAbortedError);
    // A port nobody listens on: bind one, close it, connect to it.
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const refused = await new HttpNegotiationTransport({ url: `http://127.0.0.1:${port}` }).exchange(request).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HttpConnectionError);
    expect((refused as HttpConnectionError).errno).toBe('ECONNREFUSED');
  });

  it('validates its options', () => {
    expect(() => new HttpNegotiationTransport({ url: 'ftp://x/' })).toThrow(TypeError);
    expect(() => new HttpNegotiationTransport({ url: 'not a url' })).toThrow();
    expect(() => new HttpNegotiationTransport({ url: 'http://x/', timeoutMs: 0 })).toThrow(RangeError);
    expect(new HttpNegotiationTransport({ url: 'http://127.0.0.1:9/' }).url.pathname).toBe(HOST_INFO_PATH);
    expect(new HttpNegotiationTransport({ url: 'http://127.0.0.1:9/custom/route' }).url.pathname).toBe('/custom/route');
  });
});
