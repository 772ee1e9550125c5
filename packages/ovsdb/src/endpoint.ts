import { OvsdbInvalidArgumentError } from './errors';

/** Where the database listens, parsed from an os-vif `ovsdb_connection` string. */
export type Endpoint =
  | { readonly kind: 'unix'; readonly path: string; readonly text: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number; readonly text: string };

/**
 * Where ovs-vsctl looks when it is given no `--db`: its compiled-in default
 * (`unix:$OVS_RUNDIR/db.sock`) as Debian and most distributions build it. An
 * empty `ovsdb_connection` means this for both drivers (os-vif's vsctl driver
 * then omits `--db`; its native driver cannot connect at all).
 */
export const DEFAULT_OVSDB_ENDPOINT = 'unix:/var/run/openvswitch/db.sock';

/** Parses `unix:PATH`, `tcp:HOST:PORT` or `tcp:[IPv6]:PORT` (the forms os-vif accepts). */
export function parseEndpoint(text: string): Endpoint {
  if (typeof text !== 'string') throw new OvsdbInvalidArgumentError('connection', text, 'must be a string');
  if (text.startsWith('unix:')) {
    const path = text.slice(5);
    if (!path || path.includes('\0')) throw new OvsdbInvalidArgumentError('connection', text, 'empty or invalid unix socket path');
    return { kind: 'unix', path, text };
  }
  if (text.startsWith('tcp:')) {
    const rest = text.slice(4);
    const m = /^\[([0-9a-fA-F:.]+)\]:(\d{1,5})$/.exec(rest) ?? /^([^:[\]\s]+):(\d{1,5})$/.exec(rest);
    const port = m ? Number(m[2]) : NaN;
    if (!m || port < 1 || port > 65535) throw new OvsdbInvalidArgumentError('connection', text, 'expected tcp:HOST:PORT');
    return { kind: 'tcp', host: m[1], port, text };
  }
  throw new OvsdbInvalidArgumentError('connection', text, 'expected unix:PATH or tcp:HOST:PORT (ssl: is not supported)');
}
