// A network host in its own process, for the end-to-end negotiation tests:
// HostInfoResponder behind createHostInfoHttpHandler on 127.0.0.1, with a
// registry view that may be OLDER than this build, and optional misbehaviour
// (a network host that ignores the declared ranges, hangs, or answers garbage).
// Every exchange is written to stdout as one JSON line with the raw bytes that
// crossed the wire, so tests assert on the actual JSON.
//
// One process serves several network hosts (one port each, so a test file pays
// the process start once): main({ name: config, ... }); stdout lines:
//   {"event":"listening","name":"old","port":12345}   (one per host, then {"event":"ready"})
//   {"event":"exchange","name":"old","method":"POST","path":"/v1/host-info","status":409,"request":"<text>","reply":"<text>"}
import * as http from 'node:http';
import {
  BindingRejectedError,
  HostInfoResponder,
  Network,
  RegistryView,
  VIFOpenVSwitch,
  VIFPortProfileOpenVSwitch,
  VIFVHostUser,
  type RequestHandler,
  type VIFBase,
} from '@osvif/objects';
import { createHostInfoHttpHandler } from '@osvif/runtime';

export type Misbehaviour =
  /** Answers a VIFVHostUser 1.1 for plugin `ovs` whatever the HostInfo says. */
  | 'out-of-range-vif'
  /** Answers a VIFOpenVSwitch with a 1.4 port profile whatever the HostInfo says. */
  | 'out-of-range-profile'
  /** Never answers. */
  | 'hang'
  /** Answers 200 text/html. */
  | 'not-json'
  /** Answers {"vif": <not a VIF>}. */
  | 'bad-vif'
  /** Answers a version error that makes no progress (same version). */
  | 'no-progress';

export interface NetworkHostConfig {
  /** Classes this host knows at older versions than ours (RegistryView.olderThanCurrent). */
  readonly olderVersions?: Readonly<Record<string, string>>;
  /** Send the manifest in version errors (default true). */
  readonly advertiseManifest?: boolean;
  /** What the network driver binds: an OVS port (VIFOpenVSwitch + OVS profile) or vhost-user. */
  readonly offer?: 'ovs' | 'vhostuser';
  readonly misbehave?: Misbehaviour;
  readonly maxBodyBytes?: number;
  /** Port ids the network driver refuses (BindingRejectedError, PORT_NOT_FOUND). */
  readonly rejectPorts?: readonly string[];
}

export const PORT_ID = '3e1a7f0c-5b2d-4c6e-9f80-1a2b3c4d5e6f';

function network(): Network {
  return new Network({ id: '437c6db5-4e6f-4b43-b64b-ed6a11ee5ba7', bridge: 'br-int', mtu: 1450 });
}

export function ovsPort(): VIFOpenVSwitch {
  return new VIFOpenVSwitch({
    id: PORT_ID,
    address: 'fa:16:3e:11:22:33',
    vif_name: 'tap3e1a7f0c-5b',
    bridge_name: 'br-int',
    network: network(),
    port_profile: new VIFPortProfileOpenVSwitch({ interface_id: PORT_ID, profile_id: 'prof', datapath_type: 'netdev', create_port: true }),
  });
}

export function vhostUserPort(): VIFVHostUser {
  return new VIFVHostUser({ id: PORT_ID, vif_name: 'vhu3e1a7f0c-5b', path: '/var/run/vhu3e1a7f0c-5b', mode: 'server', network: network() });
}

function misbehaving(kind: Misbehaviour): RequestHandler {
  return {
    async handle(): Promise<unknown> {
      switch (kind) {
        case 'out-of-range-vif': {
          const v = vhostUserPort();
          v.plugin = 'ovs';
          return { vif: v.toPrimitive() };
        }
        case 'out-of-range-profile': {
          const v = ovsPort();
          v.plugin = 'ovs';
          return { vif: v.toPrimitive() };
        }
        case 'bad-vif':
          return {
            vif: {
              'versioned_object.name': 'VIFOpenVSwitch',
              'versioned_object.namespace': 'os_vif',
              'versioned_object.version': '1.0',
              'versioned_object.data': { id: 42 },
            },
          };
        case 'no-progress':
          return {
            error: { type: 'IncompatibleObjectVersion', message: 'no', object: 'HostInfo', version: '1.0', supported_version: '1.0' },
          };
        default:
          throw new Error(`no handler for ${kind}`);
      }
    },
  };
}

function emit(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

export function main(hosts: Readonly<Record<string, NetworkHostConfig>>): void {
  const names = Object.keys(hosts);
  let listening = 0;
  for (const name of names) {
    serve(name, hosts[name], () => {
      if (++listening === names.length) emit({ event: 'ready' });
    });
  }
  // End with the parent: stdin closes when the test process closes it or dies.
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

function serve(name: string, config: NetworkHostConfig, onListening: () => void): http.Server {
  const view = config.olderVersions ? RegistryView.olderThanCurrent(config.olderVersions) : RegistryView.current();
  const offer = config.offer ?? 'ovs';
  const responder: RequestHandler =
    config.misbehave && !['hang', 'not-json'].includes(config.misbehave)
      ? misbehaving(config.misbehave)
      : new HostInfoResponder({
          view,
          advertiseManifest: config.advertiseManifest ?? true,
          bind: ({ binding }): VIFBase => {
            if (config.rejectPorts?.includes(binding.port_id))
              throw new BindingRejectedError(`no port ${binding.port_id}`, 'PORT_NOT_FOUND');
            return offer === 'ovs' ? ovsPort() : vhostUserPort();
          },
        });
  const handler = createHostInfoHttpHandler(responder, { maxBodyBytes: config.maxBodyBytes });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    const replyChunks: Buffer[] = [];
    const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
    (res as unknown as { end: (...args: unknown[]) => http.ServerResponse }).end = (...args: unknown[]) => {
      if (typeof args[0] === 'string' || Buffer.isBuffer(args[0])) replyChunks.push(Buffer.from(args[0] as string));
      return end(...args);
    };
    res.on('finish', () =>
      emit({
        event: 'exchange',
        name,
        method: req.method,
        path: req.url,
        status: res.statusCode,
        request: Buffer.concat(chunks).toString('utf8'),
        reply: Buffer.concat(replyChunks).toString('utf8'),
      }),
    );
    if (config.misbehave === 'hang') return; // the socket stays open until the client gives up
    if (config.misbehave === 'not-json') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>proxy error</html>');
      return;
    }
    handler(req, res);
  });
  server.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    emit({ event: 'listening', name, port: typeof addr === 'object' && addr ? addr.port : 0 });
    onListening();
  });
  return server;
}
