// Network host side of the HTTP transport: a request handler `(req, res, next?)`
// that fits http.createServer() and express/connect/fastify-middie style
// middleware stacks. It reads a bounded JSON body (or takes one a body parser
// already produced), hands it to the HostInfoResponder and writes the reply
// with the status of routes.ts. Never throws, never leaves a request hanging.
// The declarations name node:http: this keeps @types/node in reach of a consumer (TypeScript 6 loads no @types by default).
/// <reference types="node" preserve="true" />
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@osvif/sdk';
import { describeError, toLogger, type RequestHandler } from '@osvif/objects';
import { timingSafeEqual } from 'node:crypto';
import { jsonDepthExceeds } from './json-limits';
import { HOST_INFO_PATH, HTTP_ERROR_TYPES, statusOfReply } from './routes';

/** Options of createHostInfoHttpHandler: route, request size and time limits, logger. */
export interface HostInfoHttpHandlerOptions {
  /** Route served (default /v1/host-info); other paths go to `next` when given, else 404. */
  readonly path?: string;
  /** Largest request body accepted; default 1 MiB (413 above). */
  readonly maxBodyBytes?: number;
  /** Time allowed to receive the body; default 10 s (408 after). */
  readonly bodyTimeoutMs?: number;
  /**
   * Deepest JSON nesting accepted (objects and arrays); default 64 (a HostInfo is about 10 deep). Checked by a
   * linear scan before JSON.parse runs: 400 TooDeeplyNested.
   */
  readonly maxJsonDepth?: number;
  /**
   * When set, every request must carry `Authorization: Bearer <token>` (compared in constant time), else 401
   * Unauthorized before the body is read. Use it over TLS only (docs/negotiation.md, trust model).
   */
  readonly bearerToken?: string;
  readonly logger?: Logger;
}

/** What the handler needs of an express-like request: Node's IncomingMessage, maybe with a parsed `body`. */
export type NegotiationHttpRequest = IncomingMessage & { body?: unknown; originalUrl?: string };
/** The `next` callback of Express-style middleware. */
export type NextFunction = (err?: unknown) => void;
/** A Node http request handler (also usable as Express middleware) that serves the negotiation endpoint. */
export type NegotiationHttpHandler = (req: NegotiationHttpRequest, res: ServerResponse, next?: NextFunction) => void;

const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

function send(res: ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
  if (res.headersSent || res.writableEnded) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...extraHeaders,
  });
  res.end(text);
}

/**
 * Answers before the body was read: the connection is closed after the reply
 * (never drain a body of unknown size), unless the body has already ended.
 */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
  if (req.readableEnded) {
    send(res, status, body, extraHeaders);
    return;
  }
  req.pause();
  send(res, status, body, { ...extraHeaders, connection: 'close' });
  res.once('finish', () => req.destroy());
}

function httpError(type: string, message: string): { error: { type: string; message: string } } {
  return { error: { type, message } };
}

function pathOf(req: NegotiationHttpRequest): string {
  const raw = req.originalUrl ?? req.url ?? '/';
  const q = raw.indexOf('?');
  return q >= 0 ? raw.slice(0, q) : raw;
}

/** `responder`: a HostInfoResponder (anything with handle(request) -> reply). */
export function createHostInfoHttpHandler(responder: RequestHandler, options: HostInfoHttpHandlerOptions = {}): NegotiationHttpHandler {
  const route = options.path ?? HOST_INFO_PATH;
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const bodyTimeout = options.bodyTimeoutMs ?? 10_000;
  const maxDepth = options.maxJsonDepth ?? 64;
  const token = options.bearerToken === undefined ? undefined : Buffer.from(`Bearer ${options.bearerToken}`, 'utf8');
  if (token !== undefined && options.bearerToken === '') throw new RangeError('createHostInfoHttpHandler: bearerToken must not be empty');
  if (!Number.isInteger(maxDepth) || maxDepth < 1) throw new RangeError('createHostInfoHttpHandler: maxJsonDepth must be an integer >= 1');
  const log = toLogger(options.logger);
  const authorised = (req: IncomingMessage): boolean => {
    if (token === undefined) return true;
    const given = Buffer.from(String(req.headers.authorization ?? ''), 'utf8');
    return given.length === token.length && timingSafeEqual(given, token);
  };

  const answer = (res: ServerResponse, request: unknown): void => {
    responder.handle(request).then(
      (reply) => send(res, statusOfReply(reply), reply),
      (e: unknown) => {
        // HostInfoResponder never rejects; another RequestHandler might.
        log?.error('negotiation handler failed', { error: describeError(e) });
        send(res, 500, { error: { type: 'InternalError', message: 'the network host failed to process the request' } });
      },
    );
  };

  return (req, res, next) => {
    if (pathOf(req) !== route) {
      if (next) next();
      else send(res, 404, httpError(HTTP_ERROR_TYPES.NotFound, `no such route; POST ${route}`));
      return;
    }
    if (!authorised(req)) {
      refuse(req, res, 401, httpError(HTTP_ERROR_TYPES.Unauthorized, 'a valid Authorization: Bearer token is required'), {
        'www-authenticate': 'Bearer',
      });
      return;
    }
    if (req.method !== 'POST') {
      refuse(req, res, 405, httpError(HTTP_ERROR_TYPES.MethodNotAllowed, `${String(req.method).slice(0, 16)} is not allowed; use POST`), {
        allow: 'POST',
      });
      return;
    }
    const contentType = String(req.headers['content-type'] ?? '');
    if (!JSON_TYPE.test(contentType)) {
      refuse(
        req,
        res,
        415,
        httpError(
          HTTP_ERROR_TYPES.UnsupportedMediaType,
          `content-type must be application/json, not ${contentType.slice(0, 80) || 'none'}`,
        ),
      );
      return;
    }
    // A body parser upstream (express.json(), fastify) already read it.
    if (req.body !== undefined && (req.readableEnded || req.complete)) {
      answer(res, req.body);
      return;
    }
    const tooLarge = (): void => {
      refuse(req, res, 413, httpError(HTTP_ERROR_TYPES.PayloadTooLarge, `request body larger than ${maxBody} bytes`));
    };
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBody) {
      tooLarge();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      refuse(req, res, 408, httpError(HTTP_ERROR_TYPES.RequestTimeout, `request body not received within ${bodyTimeout} ms`));
    }, bodyTimeout);
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBody) {
        done = true;
        clearTimeout(timer);
        tooLarge();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => {
      done = true;
      clearTimeout(timer);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const body = Buffer.concat(chunks);
      if (jsonDepthExceeds(body, maxDepth)) {
        send(res, 400, httpError(HTTP_ERROR_TYPES.TooDeeplyNested, `request body nested deeper than ${maxDepth}`));
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
      } catch (e) {
        send(
          res,
          400,
          httpError(
            HTTP_ERROR_TYPES.MalformedJSON,
            `request body is not valid UTF-8 JSON: ${e instanceof Error ? e.message.slice(0, 200) : 'parse error'}`,
          ),
        );
        return;
      }
      answer(res, parsed);
    });
  };
}
