// The request's id in every log record written while the daemon serves it, including the runtime's and the
// plugins' own records: they log through a logger that reads the id from the async context of the request.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Logger, LogFields } from '@osvif/sdk';

const context = new AsyncLocalStorage<{ readonly request_id: string }>();

/** Runs fn with `requestId` as the id of the request being served. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return context.run({ request_id: requestId }, fn);
}

/** The caller's `x-request-id` when it is a plain token (so it cannot forge log fields), else a new UUID. */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(header) ? header : randomUUID();
}

/** A logger adding `request_id` of the request being served (if any) to each record of `base`. */
export function requestAwareLogger(base: Logger): Logger {
  const add = (fields?: LogFields): LogFields | undefined => {
    const store = context.getStore();
    return store ? { ...fields, request_id: store.request_id } : fields;
  };
  return {
    debug: (msg, fields) => base.debug(msg, add(fields)),
    info: (msg, fields) => base.info(msg, add(fields)),
    warn: (msg, fields) => base.warn(msg, add(fields)),
    error: (msg, fields) => base.error(msg, add(fields)),
    child: (fields) => requestAwareLogger(base.child(fields)),
  };
}
