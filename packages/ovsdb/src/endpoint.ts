import { OvsdbInvalidArgumentError } from './errors';

/** Where the database listens, as parsed by {@link parseEndpoint}; `text` is the string it came from. */
export type OvsdbEndpoint =
  | { readonly kind: 'unix'; readonly path: string; readonly text: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number; readonly text: string };

/**
 * Parses an OVSDB connection string: `unix:PATH`, `tcp:HOST:PORT` or `tcp:[IPv6]:PORT` (the active
 * forms of ovsdb-server's `--remote` syntax; `ssl:` is not supported). Throws OvsdbInvalidArgumentError.
 */
export function parseEndpoint(text: string): OvsdbEndpoint {
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
