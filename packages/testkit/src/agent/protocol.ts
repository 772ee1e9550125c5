// The agent's wire protocol: one JSON object per line on stdin/stdout.
//   request  {"id":1,"target":"link","method":"createBridge","args":["br0",{"stp":false}]}
//   response {"id":1,"ok":true,"result":...} | {"id":1,"ok":false,"error":{"class":"LinkExistsError",...}}
// The first line the agent writes is {"ready":true,"pid":N}.
// Errors cross as their class name plus fields, and are rebuilt as the same class.
import {
  InvalidLinkNameError,
  LinkError,
  LinkExistsError,
  LinkNotSupportedError,
  LinkOperation,
  LinkPermissionError,
  NoSuchLinkError,
} from '@osvif/sdk';
import { InvalidLinkArgumentError, InvalidSysctlPathError, InvalidSysctlValueError, SysctlError } from '@osvif/runtime';
import { describeError, OsvifError } from '@osvif/objects';

export type Target = 'link' | 'sysctl';

/** Methods callable through the agent, with their maximum argument count. */
export const METHODS: Readonly<Record<Target, Readonly<Record<string, number>>>> = {
  link: { exists: 1, get: 1, list: 0, createBridge: 2, createVeth: 2, createVlan: 3, createTap: 2, delete: 1, deleteIfExists: 1, set: 2 },
  sysctl: { write: 2, read: 1 },
};

export interface AgentRequest {
  readonly id: number;
  readonly target: Target;
  readonly method: string;
  readonly args: readonly unknown[];
}

export interface SerializedError {
  readonly class: string;
  /** The error's stable code (describeError), for logs; the client rebuilds errors from `class`. */
  readonly code?: string;
  readonly message: string;
  readonly operation?: LinkOperation;
  readonly ifname?: string;
  readonly errno?: string;
  readonly feature?: string;
  readonly reason?: string;
  readonly argument?: string;
  readonly value?: unknown;
  readonly path?: readonly unknown[];
}

export type AgentResponse =
  | { readonly id: number; readonly ok: true; readonly result?: unknown }
  | { readonly id: number | null; readonly ok: false; readonly error: SerializedError };

/** The seam itself failed: agent not started, died, timed out, or a request was malformed. */
export class AgentError extends OsvifError {
  static readonly code = 'AGENT_ERROR';
  constructor(
    readonly reason: 'start-failed' | 'exited' | 'timeout' | 'closed' | 'bad-request' | 'remote-error',
    message: string,
    /** For 'remote-error': the class name of the error thrown inside the agent. */
    readonly remoteClass?: string,
  ) {
    super(AgentError.code, message);
  }
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof LinkError) {
    return {
      class: e.constructor.name,
      message: e.message,
      operation: e.operation,
      ifname: e.ifname,
      errno: e.errno,
      feature: e instanceof LinkNotSupportedError ? e.feature : undefined,
      reason: e instanceof InvalidLinkNameError || e instanceof InvalidLinkArgumentError ? e.reason : undefined,
      argument: e instanceof InvalidLinkArgumentError ? e.argument : undefined,
      value: e instanceof InvalidLinkArgumentError ? jsonSafe(e.value) : undefined,
    };
  }
  if (e instanceof InvalidSysctlPathError)
    return { class: 'InvalidSysctlPathError', message: e.message, path: e.path.map(jsonSafe), reason: e.reason };
  if (e instanceof InvalidSysctlValueError)
    return { class: 'InvalidSysctlValueError', message: e.message, path: e.path, value: jsonSafe(e.value), reason: e.reason };
  if (e instanceof SysctlError) return { class: 'SysctlError', message: e.message, path: e.path, errno: e.errno };
  if (e instanceof AgentError) return { class: 'AgentError', message: e.message, reason: e.reason };
  const { code, message } = describeError(e);
  return { class: e instanceof Error ? e.constructor.name : 'Error', code, message };
}

export function deserializeError(s: SerializedError): Error {
  const op = s.operation ?? 'get';
  const ifname = s.ifname ?? '';
  const path = (s.path ?? []) as string[];
  let e: Error;
  switch (s.class) {
    case 'LinkError':
      e = new LinkError(op, ifname, s.errno, s.message);
      break;
    case 'LinkExistsError':
      e = new LinkExistsError(op, ifname, s.errno, s.message);
      break;
    case 'NoSuchLinkError':
      e = new NoSuchLinkError(op, ifname, s.errno, s.message);
      break;
    case 'LinkPermissionError':
      e = new LinkPermissionError(op, ifname, s.errno, s.message);
      break;
    case 'LinkNotSupportedError':
      e = new LinkNotSupportedError(op, ifname, s.errno, s.feature ?? 'unknown', s.message);
      break;
    case 'InvalidLinkNameError':
      e = new InvalidLinkNameError(ifname, s.reason ?? 'invalid');
      break;
    case 'InvalidLinkArgumentError':
      e = new InvalidLinkArgumentError(op, ifname, s.argument ?? '', s.value, s.reason ?? '');
      break;
    case 'InvalidSysctlPathError':
      e = new InvalidSysctlPathError(path, s.reason ?? 'invalid');
      break;
    case 'InvalidSysctlValueError':
      e = new InvalidSysctlValueError(path, s.value, s.reason ?? 'invalid');
      break;
    case 'SysctlError':
      e = new SysctlError(path, s.errno, s.message);
      break;
    case 'AgentError':
      e = new AgentError('bad-request', s.message);
      break;
    default:
      e = new AgentError('remote-error', `${s.class} in agent: ${s.message}`, s.class);
  }
  // Keep the agent's exact text (some constructors compose their own).
  e.message = s.message;
  return e;
}

function jsonSafe(v: unknown): unknown {
  if (v === undefined || v === null || ['string', 'number', 'boolean'].includes(typeof v)) return v;
  try {
    return JSON.parse(JSON.stringify(v)) as unknown;
  } catch {
    return String(v);
  }
}
