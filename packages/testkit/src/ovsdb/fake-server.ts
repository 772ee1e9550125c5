// A scripted fake OVSDB server on a unix socket in a temp dir: answers
// get_schema and monitor like ovsdb-server and hands every other request to
// the test, which can answer anything (or drop the connection). For the
// failure paths a real ovsdb-server will not produce on demand.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A request the fake server received (a JSON-RPC 1.0 message as sent by the client). */
export interface FakeOvsdbRequest {
  readonly method?: string;
  readonly params?: unknown[];
  readonly id?: unknown;
}

/**
 * Answers one request other than `get_schema` and `monitor`: write the reply (any bytes, well-formed
 * or not) to `sock`, destroy it, or do nothing (no reply).
 */
export type FakeOvsdbRequestHandler = (request: FakeOvsdbRequest, sock: Socket) => void;

/** A running fake server; see {@link startFakeOvsdbServer}. */
export interface FakeOvsdbServer {
  /** `unix:PATH` of its socket, for the client's `connection`. */
  readonly endpoint: string;
  readonly server: Server;
  /** Every connection accepted so far. */
  readonly sockets: Socket[];
  /** Every message received so far, in order (get_schema and monitor included). */
  readonly received: unknown[];
  /** Drops every connection, stops listening and removes the temp dir. */
  close(): Promise<void>;
}

/** Options of {@link startFakeOvsdbServer}. */
export interface FakeOvsdbServerOptions {
  /** The `get_schema` answer. Default: a minimal `Open_vSwitch` schema (tables Open_vSwitch and Bridge). */
  readonly schema?: unknown;
  /** The `monitor` answer (`<table-updates>`). Default: one Open_vSwitch row with cur_cfg = next_cfg = 0. */
  readonly snapshot?: unknown;
  /** Hand `get_schema` and `monitor` to the handler too (to script the session set-up). Default false. */
  readonly scriptSetup?: boolean;
}

const DEFAULT_SCHEMA = {
  name: 'Open_vSwitch',
  version: '8.3.1',
  tables: {
    Open_vSwitch: { columns: { bridges: {}, cur_cfg: {}, next_cfg: {} } },
    Bridge: { columns: { name: {}, ports: {} } },
  },
};

const DEFAULT_SNAPSHOT = {
  Open_vSwitch: { 'aaaaaaaa-0000-0000-0000-000000000000': { new: { cur_cfg: 0, next_cfg: 0, bridges: ['set', []] } } },
};

/**
 * Starts a scripted fake OVSDB server: it answers `get_schema` and `monitor` like ovsdb-server and
 * hands every other request to `onRequest`. For testing how OVSDB clients and the code built on them
 * handle what a real server rarely does: malformed replies, no reply, a connection dropped
 * mid-transaction, any RFC 7047 error. Call `close()` when done.
 */
export async function startFakeOvsdbServer(
  onRequest: FakeOvsdbRequestHandler,
  options: FakeOvsdbServerOptions = {},
): Promise<FakeOvsdbServer> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const snapshot = options.snapshot ?? DEFAULT_SNAPSHOT;
  const dir = mkdtempSync(join(tmpdir(), 'osvif-fake-ovsdb-'));
  const sockets: Socket[] = [];
  const received: unknown[] = [];
  const server = createServer((sock) => {
    sockets.push(sock);
    let buf = '';
    sock.on('error', () => undefined);
    sock.on('data', (d) => {
      buf += d.toString();
      // Test-side framing: the client sends one JSON object per write.
      for (;;) {
        const end = objectEnd(buf);
        if (end < 0) break;
        const msg = JSON.parse(buf.slice(0, end + 1)) as FakeOvsdbRequest;
        buf = buf.slice(end + 1);
        received.push(msg);
        if (options.scriptSetup) onRequest(msg, sock);
        else if (msg.method === 'get_schema') sock.write(JSON.stringify({ id: msg.id, result: schema, error: null }));
        else if (msg.method === 'monitor') sock.write(JSON.stringify({ id: msg.id, result: snapshot, error: null }));
        else onRequest(msg, sock);
      }
    });
  });
  const path = join(dir, 'fake.sock');
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, resolve);
    });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
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

/** Index of the `}` closing the first top-level object in `buf`, or -1 when it is not complete yet. */
function objectEnd(buf: string): number {
  let depth = 0;
  let inStr = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') inStr = false;
    } else if (c === '"') inStr = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}
