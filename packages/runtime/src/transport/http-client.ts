// Service host side of the HTTP transport: POST the request as JSON, read a
// bounded JSON reply. Error replies (4xx/5xx with a JSON {"error": ...} body)
// are returned as replies: the negotiator decides what they mean.
// The declarations name node:http: this keeps @types/node in reach of a consumer (TypeScript 6 loads no @types by default).
/// <reference types="node" preserve="true" />
import * as http from 'node:http';
import * as https from 'node:https';
import type { ExchangeOptions, HostInfoRequest, NegotiationTransport } from '@osvif/objects';
import { HttpAbortedError, HttpBadReplyError, HttpConnectionError, HttpReplyTooLargeError, HttpTimeoutError } from './errors';
import { HOST_INFO_PATH } from './routes';

/** Options of HttpNegotiationTransport: the network host's URL, timeout, reply size limit, headers and agent. */
export interface HttpTransportOptions {
  /** Base URL of the network host, e.g. http://10.0.0.5:9697 (the route /v1/host-info is appended), or the full route URL. */
  readonly url: string;
  /** Whole exchange (connect, send, reply); default 10 s. */
  readonly timeoutMs?: number;
  /** Largest reply body read; default 1 MiB. */
  readonly maxReplyBytes?: number;
  /** Extra request headers (e.g. authentication). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Agent (keep-alive, TLS options); default Node's global agent. */
  readonly agent?: http.Agent;
}

const JSON_TYPE = /^application\/json\s*(;|$)/i;

/** The service host's NegotiationTransport over HTTP: POSTs the request to the network host's host-info endpoint. */
export class HttpNegotiationTransport implements NegotiationTransport {
  readonly url: URL;
  readonly timeoutMs: number;
  readonly maxReplyBytes: number;

  constructor(private readonly options: HttpTransportOptions) {
    const url = new URL(options.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new TypeError(`HttpNegotiationTransport: unsupported URL scheme ${url.protocol}`);
    if (url.pathname === '/' || url.pathname === '') url.pathname = HOST_INFO_PATH;
    this.url = url;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxReplyBytes = options.maxReplyBytes ?? 1024 * 1024;
    if (!(this.timeoutMs > 0)) throw new RangeError('HttpNegotiationTransport: timeoutMs must be > 0');
    if (!(this.maxReplyBytes > 0)) throw new RangeError('HttpNegotiationTransport: maxReplyBytes must be > 0');
  }

  exchange(request: HostInfoRequest, options: ExchangeOptions = {}): Promise<unknown> {
    const where = this.url.href;
    const body = Buffer.from(JSON.stringify(request), 'utf8');
    const lib = this.url.protocol === 'https:' ? https : http;
    return new Promise<unknown>((resolve, reject) => {
      let settled = false;
      const finish = (err: Error | undefined, value?: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        if (err) {
          req.destroy();
          reject(err);
        } else resolve(value);
      };
      const timer = setTimeout(() => finish(new HttpTimeoutError(where, this.timeoutMs)), this.timeoutMs);
      const onAbort = (): void => finish(new HttpAbortedError(where));
      const req = lib.request(this.url, {
        method: 'POST',
        agent: this.options.agent,
        headers: {
          ...this.options.headers,
          'content-type': 'application/json',
          accept: 'application/json',
          'content-length': String(body.length),
        },
      });
      req.on('error', (e: NodeJS.ErrnoException) => finish(new HttpConnectionError(where, e.code, e)));
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > this.maxReplyBytes) {
          finish(new HttpReplyTooLargeError(where, this.maxReplyBytes));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > this.maxReplyBytes) finish(new HttpReplyTooLargeError(where, this.maxReplyBytes));
          else chunks.push(chunk);
        });
        res.on('error', (e: NodeJS.ErrnoException) => finish(new HttpConnectionError(where, e.code, e)));
        // The peer closed the connection before the reply was complete.
        res.on('close', () => {
          if (!res.complete) finish(new HttpConnectionError(where, 'ECONNRESET', new Error('reply ended before it was complete')));
        });
        res.on('end', () => {
          if (settled) return;
          const contentType = String(res.headers['content-type'] ?? '');
          let text: string;
          let json: unknown;
          try {
            text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
            json = JSON.parse(text);
          } catch {
            finish(
              new HttpBadReplyError(
                where,
                status,
                JSON_TYPE.test(contentType) ? 'body is not valid JSON' : `not JSON (content-type ${contentType || 'none'})`,
              ),
            );
            return;
          }
          if (!JSON_TYPE.test(contentType)) {
            finish(new HttpBadReplyError(where, status, `content-type ${contentType || 'none'} is not application/json`));
            return;
          }
          const isErrorBody = typeof json === 'object' && json !== null && 'error' in json;
          if (status !== 200 && !isErrorBody) {
            finish(new HttpBadReplyError(where, status, 'HTTP error without a negotiation error body'));
            return;
          }
          finish(undefined, json);
        });
      });
      if (options.signal?.aborted) {
        finish(new HttpAbortedError(where));
        return;
      }
      options.signal?.addEventListener('abort', onAbort, { once: true });
      req.end(body);
    });
  }
}
