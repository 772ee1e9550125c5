// A scripted fake OVSDB server on a unix socket in a temp dir: answers
// get_schema and monitor like ovsdb-server and hands every other request to
// the test, which can answer anything (or drop the connection).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCHEMA = {
  name: 'Open_vSwitch',
  version: '8.3.1',
  tables: {
    Open_vSwitch: { columns: { bridges: {}, cur_cfg: {}, next_cfg: {} } },
    Bridge: { columns: { name: {}, ports: {} } },
  },
};
export type Handler = (msg: { method?: string; params?: unknown[]; id?: unknown }, sock: Socket) => void;

/** A fake server that answers get_schema/monitor like ovsdb-server and hands everything else to `onRequest`. */
export async function fakeServer(
  onRequest: Handler,
): Promise<{ endpoint: string; server: Server; sockets: Socket[]; received: unknown[]; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'osvif-fake-'));
  const sockets: Socket[] = [];
  const received: unknown[] = [];
  const server = createServer((sock) => {
    sockets.push(sock);
    let buf = '';
    sock.on('error', () => undefined);
    sock.on('data', (d) => {
      buf += d.toString();
      // Test-side framing: our client sends one JSON object per write.
      for (;;) {
        let depth = 0;
        let end = -1;
        let inStr = false;
        for (let i = 0; i < buf.length; i++) {
          const c = buf[i];
          if (inStr) {
            if (c === '\\') i++;
            else if (c === '"') inStr = false;
          } else if (c === '"') inStr = true;
          else if (c === '{') depth++;
          else if (c === '}' && --depth === 0) {
            end = i;
            break;
          }
        }
        if (end < 0) break;
        const msg = JSON.parse(buf.slice(0, end + 1));
        buf = buf.slice(end + 1);
        received.push(msg);
        if (msg.method === 'get_schema') sock.write(JSON.stringify({ id: msg.id, result: SCHEMA, error: null }));
        else if (msg.method === 'monitor')
          sock.write(
            JSON.stringify({
              id: msg.id,
              result: {
                Open_vSwitch: { 'aaaaaaaa-0000-0000-0000-000000000000': { new: { cur_cfg: 0, next_cfg: 0, bridges: ['set', []] } } },
              },
              error: null,
            }),
          );
        else onRequest(msg, sock);
      }
    });
  });
  const path = join(dir, 'fake.sock');
  await new Promise<void>((r) => server.listen(path, r));
  return {
    endpoint: `unix:${path}`,
    server,
    sockets,
    received,
    close: async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
