// Mutual TLS on the HTTP transport, as docs/negotiation.md ("Trust model") tells operators to set it up: the
// network host is `https.createServer({ key, cert, ca, requestCert: true, rejectUnauthorized: true }, handler)`, the
// service host passes `agent: new https.Agent({ key, cert, ca })`. Real certificates made by openssl for this test
// (a CA, the server's, a client's, and a client's from another CA); both ends in this process, 127.0.0.1.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import type * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HostInfoResponder, NegotiationTransportError, VIFVHostUser } from '@osvif/objects';
import { createHostInfoHttpHandler, HttpConnectionError, HttpNegotiationTransport, negotiateVif, OsVifRuntime } from '@osvif/runtime';
import { NoOpPlugin } from '@osvif/plugin-noop';
import { PORT_ID, vhostUserPort } from '@osvif/conformance';
import { silentLogger } from './support/plugins';

const run = promisify(execFile);
let dir: string;
let server: https.Server;
let url: string;
let rt: OsVifRuntime;
const asked: unknown[] = [];
const pem = (name: string): Buffer => readFileSync(join(dir, name));

/** A key and a certificate signed by `ca` (or self-signed when `ca` is undefined: a CA). */
async function certificate(name: string, subject: string, ca?: string, ext?: string): Promise<void> {
  const key = join(dir, `${name}.key`);
  await run('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key]);
  if (ca === undefined) {
    await run('openssl', ['req', '-x509', '-new', '-key', key, '-subj', subject, '-days', '2', '-out', join(dir, `${name}.crt`)]);
    return;
  }
  const csr = join(dir, `${name}.csr`);
  await run('openssl', ['req', '-new', '-key', key, '-subj', subject, '-out', csr]);
  const extFile = join(dir, `${name}.ext`);
  writeFileSync(extFile, ext ?? 'extendedKeyUsage = clientAuth\n');
  await run('openssl', [
    'x509', '-req', '-in', csr, '-CA', join(dir, `${ca}.crt`), '-CAkey', join(dir, `${ca}.key`), '-CAcreateserial',
    '-days', '2', '-extfile', extFile, '-out', join(dir, `${name}.crt`),
  ]); // prettier-ignore
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'osvif-mtls-'));
  await certificate('ca', '/CN=osvif test CA');
  await certificate('other-ca', '/CN=someone else');
  await certificate('server', '/CN=network-host', 'ca', 'subjectAltName = IP:127.0.0.1\nextendedKeyUsage = serverAuth\n');
  await certificate('client', '/CN=compute-1', 'ca');
  await certificate('stranger', '/CN=compute-1', 'other-ca');
  const handler = createHostInfoHttpHandler(
    new HostInfoResponder({
      bind: ({ binding }) => {
        asked.push(binding);
        return vhostUserPort();
      },
    }),
  );
  server = https.createServer(
    { key: pem('server.key'), cert: pem('server.crt'), ca: pem('ca.crt'), requestCert: true, rejectUnauthorized: true },
    handler,
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `https://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  rt = new OsVifRuntime({ pluginClasses: [NoOpPlugin], logger: silentLogger });
  await rt.initialize();
}, 60_000);

afterAll(async () => {
  await rt?.close();
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  asked.length = 0;
});

const agent = (options: https.AgentOptions) => new https.Agent({ ca: pem('ca.crt'), ...options });

it('a service host with a certificate from the CA negotiates and gets its VIF', async () => {
  const transport = new HttpNegotiationTransport({ url, agent: agent({ key: pem('client.key'), cert: pem('client.crt') }) });
  const outcome = await negotiateVif(rt, transport, { port_id: PORT_ID });
  expect(outcome.vif).toBeInstanceOf(VIFVHostUser);
  expect(outcome.plugin).toBe('noop');
  expect(asked).toEqual([{ port_id: PORT_ID }]);
});

it.each([
  ['without a client certificate', () => agent({})],
  ['with a certificate from another CA', () => agent({ key: pem('stranger.key'), cert: pem('stranger.crt') })],
])('a service host %s is refused before any HTTP is read: a typed transport error', async (_name, make) => {
  const transport = new HttpNegotiationTransport({ url, agent: make(), timeoutMs: 5000 });
  const err = await negotiateVif(rt, transport, { port_id: PORT_ID }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(NegotiationTransportError);
  expect(err).toBeInstanceOf(HttpConnectionError);
  expect(asked).toEqual([]);
});

it('a service host that does not trust the server certificate refuses it (no request sent)', async () => {
  const transport = new HttpNegotiationTransport({
    url,
    agent: new https.Agent({ ca: pem('other-ca.crt'), key: pem('client.key'), cert: pem('client.crt') }),
  });
  const err = await transport.exchange({ host_info: {} as never, binding: { port_id: PORT_ID } }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(HttpConnectionError);
  expect((err as HttpConnectionError).message).toMatch(/certificate|UNABLE_TO_VERIFY|SELF_SIGNED/i);
  expect(asked).toEqual([]);
});
