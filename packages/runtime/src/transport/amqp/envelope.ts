// oslo.messaging's rabbit driver wire format (oslo_messaging/_drivers/common.py, amqp.py, amqpdriver.py):
// every message body is the JSON envelope {"oslo.version": "2.0", "oslo.message": "<JSON text>"}; a call
// is {method, args, version?, namespace?, _msg_id, _reply_q, _timeout, _unique_id, _context_<key>...};
// a reply is {result, failure, ending, _msg_id, _unique_id}, where failure is the JSON text of
// {class, module, message, tb, args, kwargs}. Bodies are size- and depth-checked before JSON.parse.
import { randomUUID } from 'node:crypto';

/** The envelope version oslo.messaging writes and reads (common._RPC_ENVELOPE_VERSION). */
export const OSLO_ENVELOPE_VERSION = '2.0';

/** Why a body could not be read as an oslo message (the caller turns it into its own typed error or drops it). */
export class EnvelopeError extends Error {}

/** A uuid4 in hex, as oslo.messaging makes _msg_id, _unique_id and reply queue names. */
export function hexId(): string {
  return randomUUID().replace(/-/g, '');
}

/** Throws EnvelopeError when `text` nests arrays/objects deeper than maxDepth (a linear scan, no parse). */
export function checkJsonDepth(text: string, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) throw new EnvelopeError(`JSON nested deeper than ${maxDepth} levels`);
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

function parseBounded(text: string, maxDepth: number): unknown {
  checkJsonDepth(text, maxDepth);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new EnvelopeError(`not JSON: ${e instanceof Error ? e.message.slice(0, 120) : 'parse error'}`);
  }
}

/** Wraps an oslo message (a JSON object) into the 2.0 envelope, as bytes to publish. */
export function wrap(message: Record<string, unknown>): Buffer {
  return Buffer.from(JSON.stringify({ 'oslo.version': OSLO_ENVELOPE_VERSION, 'oslo.message': JSON.stringify(message) }), 'utf8');
}

/**
 * Reads a message body: the 2.0 envelope (or, as oslo.messaging also accepts, a bare un-enveloped
 * message object). Throws EnvelopeError when it is too large, too deep, not UTF-8 JSON, or of another
 * envelope major version.
 */
export function unwrap(body: Buffer, limits: { maxBytes: number; maxDepth: number }): Record<string, unknown> {
  if (body.length > limits.maxBytes) throw new EnvelopeError(`message larger than ${limits.maxBytes} bytes`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new EnvelopeError('message is not valid UTF-8');
  }
  const outer = parseBounded(text, limits.maxDepth);
  if (typeof outer !== 'object' || outer === null || Array.isArray(outer)) throw new EnvelopeError('message is not a JSON object');
  const env = outer as Record<string, unknown>;
  if (!('oslo.version' in env) && !('oslo.message' in env)) return env;
  const version = env['oslo.version'];
  const inner = env['oslo.message'];
  if (typeof version !== 'string' || version.split('.')[0] !== OSLO_ENVELOPE_VERSION.split('.')[0])
    throw new EnvelopeError(`unsupported oslo.version ${JSON.stringify(version)?.slice(0, 20)}`);
  if (typeof inner !== 'string') throw new EnvelopeError('oslo.message is not a string');
  const message = parseBounded(inner, limits.maxDepth);
  if (typeof message !== 'object' || message === null || Array.isArray(message))
    throw new EnvelopeError('oslo.message is not a JSON object');
  return message as Record<string, unknown>;
}

/** A remote exception as oslo.messaging serializes it (serialize_remote_exception). */
export interface OsloFailure {
  readonly class: string;
  readonly module: string;
  readonly message: string;
  readonly tb?: readonly string[];
  readonly args?: readonly unknown[];
  readonly kwargs?: Readonly<Record<string, unknown>>;
}

/** Reads a reply's `failure` (JSON text, or already an object from some senders); undefined if absent or unreadable. */
export function readFailure(raw: unknown, maxDepth: number): OsloFailure | undefined {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = parseBounded(raw, maxDepth);
    } catch {
      return { class: 'RemoteError', module: '', message: raw.slice(0, 1000) };
    }
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const f = value as Record<string, unknown>;
  const kwargs = typeof f.kwargs === 'object' && f.kwargs !== null && !Array.isArray(f.kwargs) ? (f.kwargs as Record<string, unknown>) : {};
  return {
    class: typeof f.class === 'string' ? f.class : 'RemoteError',
    module: typeof f.module === 'string' ? f.module : '',
    message: typeof f.message === 'string' ? f.message : '',
    kwargs,
  };
}
