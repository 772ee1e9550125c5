// Reading a request and writing an answer, bounded: a body is read up to a size limit (the rest never), JSON
// must be an object, and an answer never throws on a connection that is already gone.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeError, OsvifError } from '@osvif/objects';
import { exitCodeFor } from '../cli/exit-codes';
import { ApiBadRequestError, ApiPayloadTooLargeError, DaemonError } from './errors';

/** Strict UTF-8 (a bad byte is an error, not U+FFFD); one decoder for every request (decode() keeps no state). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The body as a JSON object ({} when empty); typed errors for too large, not JSON, not an object. */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) return reject(new ApiPayloadTooLargeError(maxBytes));
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (e: Error): void => {
      if (done) return;
      done = true;
      req.pause();
      reject(e);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) fail(new ApiPayloadTooLargeError(maxBytes));
      else chunks.push(chunk);
    });
    req.on('error', (e) => fail(new ApiBadRequestError(`request not received: ${e.message}`)));
    // 'close' follows every request, complete or not: build the error only when it is one (an Error per request
    // cost ~0.03 ms of stack capture).
    req.on('close', () => {
      if (!done) fail(new ApiBadRequestError('the client went away before the request was complete'));
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      if (size === 0) return resolve({});
      let value: unknown;
      try {
        value = JSON.parse(UTF8.decode(Buffer.concat(chunks)));
      } catch (e) {
        return reject(new ApiBadRequestError(`request body is not UTF-8 JSON: ${(e as Error).message.slice(0, 200)}`));
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        return reject(
          new ApiBadRequestError(`request body must be a JSON object, not ${Array.isArray(value) ? 'an array' : typeof value}`),
        );
      resolve(value as Record<string, unknown>);
    });
  });
}

/** The exit status the CLI would give the error, and the HTTP status the API answers it with. */
export function statusesOf(e: unknown): { exitStatus: number; httpStatus: number } {
  const exitStatus = exitCodeFor(describeError(e));
  if (e instanceof DaemonError) return { exitStatus, httpStatus: e.status };
  // 2 usage/config, 3 lock held (retry), 4 OVSDB unavailable (retry), 1 refused or failed operation.
  const byExit: Record<number, number> = { 2: 400, 3: 409, 4: 503 };
  return { exitStatus, httpStatus: byExit[exitStatus] ?? (e instanceof OsvifError ? 422 : 500) };
}

/** Writes a JSON answer unless the connection is gone; `close` also ends the connection after it. */
export function sendJson(res: ServerResponse, status: number, body: unknown, close = false): void {
  if (res.headersSent || res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(text);
}

/** The error answer: the CLI's --json failure document ({ok: false, exit_status, error}). */
export function errorBody(e: unknown): { ok: false; exit_status: number; error: ReturnType<typeof describeError> } {
  return { ok: false, exit_status: statusesOf(e).exitStatus, error: describeError(e) };
}
