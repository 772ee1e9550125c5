// The API's operations (docs/daemon.md): versioned paths, each one runtime method. Bodies are JSON objects;
// answers are the runtime's own results as JSON (the HostInfo as its primitive).
import type { OsVifRuntime } from '../core/runtime';
import { ApiBadRequestError } from './errors';

/** Everything an operation gets: the runtime of the current configuration and the request's JSON body. */
export interface ApiCall {
  readonly runtime: OsVifRuntime;
  readonly body: Readonly<Record<string, unknown>>;
}

/** One API route. */
export interface ApiRoute {
  readonly methods: readonly ('GET' | 'POST')[];
  /** The metric and log name of the operation. */
  readonly operation: string;
  run(call: ApiCall): Promise<unknown>;
}

/** The path prefix of this API version. */
export const API_PREFIX = '/v1';

function plugOrUnplug(operation: 'plug' | 'unplug'): ApiRoute {
  return {
    methods: ['POST'],
    operation,
    async run({ runtime, body }) {
      const started = performance.now();
      await runtime[operation](body.vif, body.instance_info);
      const data = ((body.vif as Record<string, unknown>)['versioned_object.data'] ?? {}) as Record<string, unknown>;
      return {
        operation,
        vif_id: data.id ?? null,
        plugin: data.plugin ?? null,
        vif_class: (body.vif as Record<string, unknown>)['versioned_object.name'] ?? null,
        duration_ms: Math.round((performance.now() - started) * 1000) / 1000,
      };
    },
  };
}

function stringList(body: Readonly<Record<string, unknown>>, field: string, required: boolean): string[] | undefined {
  const value = body[field];
  if (value === undefined && !required) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw new ApiBadRequestError(`"${field}" must be an array of strings`);
  return value as string[];
}

/** The routes, by path. */
export const ROUTES: Readonly<Record<string, ApiRoute>> = {
  [`${API_PREFIX}/plug`]: plugOrUnplug('plug'),
  [`${API_PREFIX}/unplug`]: plugOrUnplug('unplug'),
  [`${API_PREFIX}/check`]: {
    methods: ['POST'],
    operation: 'check',
    run: ({ runtime, body }) => runtime.check(body.vif, body.instance_info),
  },
  [`${API_PREFIX}/list`]: { methods: ['GET', 'POST'], operation: 'list', run: ({ runtime }) => runtime.list() },
  [`${API_PREFIX}/gc`]: {
    methods: ['POST'],
    operation: 'gc',
    run: ({ runtime, body }) => {
      const valid = stringList(body, 'valid_vif_ids', true)!;
      if (valid.some((v) => v === '')) throw new ApiBadRequestError('"valid_vif_ids" must not contain empty strings');
      if (body.dry_run !== undefined && typeof body.dry_run !== 'boolean') throw new ApiBadRequestError('"dry_run" must be a boolean');
      return runtime.gc(valid, { dryRun: body.dry_run === true });
    },
  },
  [`${API_PREFIX}/status`]: { methods: ['GET', 'POST'], operation: 'status', run: ({ runtime }) => runtime.status() },
  [`${API_PREFIX}/negotiate`]: {
    methods: ['POST'],
    operation: 'negotiate',
    run: async ({ runtime, body }) => {
      const text = (field: string, required: boolean): string | undefined => {
        const v = body[field];
        if (v === undefined && !required) return undefined;
        if (typeof v !== 'string' || v.length === 0 || v.length > 2048)
          throw new ApiBadRequestError(`"${field}" must be a non-empty string`);
        return v;
      };
      const timeout = body.timeout_ms;
      if (timeout !== undefined && (!Number.isInteger(timeout) || (timeout as number) < 1 || (timeout as number) > 300_000))
        throw new ApiBadRequestError('"timeout_ms" must be an integer from 1 to 300000');
      const portId = text('port_id', true)!;
      const host = text('host', false);
      if (portId.length > 255 || (host !== undefined && host.length > 255))
        throw new ApiBadRequestError('"port_id" and "host" must be 1 to 255 characters');
      const { negotiateWithUrl } = require('../transport/negotiate-url') as typeof import('../transport/negotiate-url');
      const permitted = stringList(body, 'permitted_vif_types', false);
      return negotiateWithUrl(runtime, {
        url: text('url', true)!,
        portId,
        ...(host !== undefined ? { host } : {}),
        ...(permitted ? { permittedVifTypes: permitted } : {}),
        ...(timeout !== undefined ? { timeoutMs: timeout as number } : {}),
        ...(body.instance_info !== undefined ? { plugFor: body.instance_info } : {}),
      });
    },
  },
  [`${API_PREFIX}/host-info`]: {
    methods: ['GET', 'POST'],
    operation: 'host-info',
    run: async ({ runtime, body }) => runtime.hostInfo(stringList(body, 'permitted_vif_types', false)).toPrimitive(),
  },
};
