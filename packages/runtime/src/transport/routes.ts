// The HTTP mapping of the negotiation (docs/negotiation.md): one route, JSON
// both ways, the reply's error `type` mapped to a status. The body is always
// the negotiation reply; the status is for proxies, logs and curl users.
import { ERROR_TYPES } from '@osvif/objects';

/** POST a HostInfoRequest here; the reply is {"vif": ...} or {"error": ...}. */
export const HOST_INFO_PATH = '/v1/host-info';

/** Error types added by the HTTP layer (the request never reached the negotiation). */
export const HTTP_ERROR_TYPES = {
  NotFound: 'NotFound',
  MethodNotAllowed: 'MethodNotAllowed',
  UnsupportedMediaType: 'UnsupportedMediaType',
  PayloadTooLarge: 'PayloadTooLarge',
  MalformedJSON: 'MalformedJSON',
  RequestTimeout: 'RequestTimeout',
  TooDeeplyNested: 'TooDeeplyNested',
  Unauthorized: 'Unauthorized',
} as const;

const STATUS: Readonly<Record<string, number>> = {
  [ERROR_TYPES.IncompatibleObjectVersion]: 409,
  [ERROR_TYPES.UnsupportedObject]: 409,
  [ERROR_TYPES.MalformedRequest]: 400,
  [ERROR_TYPES.NoPluginForVif]: 422,
  [ERROR_TYPES.BindingRejected]: 422,
  [ERROR_TYPES.InternalError]: 500,
  [HTTP_ERROR_TYPES.NotFound]: 404,
  [HTTP_ERROR_TYPES.MethodNotAllowed]: 405,
  [HTTP_ERROR_TYPES.UnsupportedMediaType]: 415,
  [HTTP_ERROR_TYPES.PayloadTooLarge]: 413,
  [HTTP_ERROR_TYPES.MalformedJSON]: 400,
  [HTTP_ERROR_TYPES.RequestTimeout]: 408,
  [HTTP_ERROR_TYPES.TooDeeplyNested]: 400,
  [HTTP_ERROR_TYPES.Unauthorized]: 401,
};

/** HTTP status of a reply: 200 for a VIF, else by error type (500 for unknown types). */
export function statusOfReply(reply: unknown): number {
  const error = (reply as { error?: { type?: unknown } } | null)?.error;
  if (error === undefined) return 200;
  return (typeof error.type === 'string' && STATUS[error.type]) || 500;
}
