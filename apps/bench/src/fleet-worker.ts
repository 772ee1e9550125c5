// One network-host worker of the fleet bench, in its own process (fleet.ts starts 1 or 4):
//   node fleet-worker.js http              HostInfoResponder behind createHostInfoHttpHandler on 127.0.0.1:<free port>
//   node fleet-worker.js amqp <url> <name> HostInfoResponder behind startAmqpNegotiationServer on the URL's topic
//                                          (several workers on one topic are competing consumers of its queue)
// The network driver binds an OVS port for the binding's port id. Prints one JSON line once serving
// ({"ready":true,"port":N} for HTTP), and exits when its stdin ends (the bench closed it, or died).
import * as http from 'node:http';
import { HostInfoResponder, Network, VIFOpenVSwitch, VIFPortProfileOpenVSwitch } from '@osvif/objects';
import { createHostInfoHttpHandler, startAmqpNegotiationServer } from '@osvif/runtime';

const network = new Network({ id: '437c6db5-4e6f-4b43-b64b-ed6a11ee5ba7', bridge: 'br-int', mtu: 1450 });

const responder = new HostInfoResponder({
  bind: ({ binding }) =>
    new VIFOpenVSwitch({
      id: binding.port_id,
      address: 'fa:16:3e:11:22:33',
      vif_name: `tap${binding.port_id.slice(0, 11)}`,
      bridge_name: 'br-int',
      network,
      port_profile: new VIFPortProfileOpenVSwitch({ interface_id: binding.port_id, profile_id: 'prof', datapath_type: 'system' }),
    }),
});

function say(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function main(): Promise<void> {
  const [mode, url, name] = process.argv.slice(2);
  let stop: () => Promise<void>;
  if (mode === 'http') {
    const server = http.createServer(createHostInfoHttpHandler(responder));
    server.keepAliveTimeout = 120_000; // the bench's rounds reuse each simulated host's connection
    await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
    const addr = server.address();
    say({ ready: true, port: typeof addr === 'object' && addr ? addr.port : 0 });
    stop = () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
  } else if (mode === 'amqp' && url && name) {
    const server = await startAmqpNegotiationServer(responder, { url, server: name });
    await server.ready(60_000);
    say({ ready: true });
    stop = () => server.close();
  } else {
    throw new Error('usage: fleet-worker.js http | amqp <url> <name>');
  }
  process.stdin.resume();
  process.stdin.on('end', () => {
    void stop().finally(() => process.exit(0));
  });
}

main().catch((e: unknown) => {
  process.stderr.write(`fleet-worker: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
