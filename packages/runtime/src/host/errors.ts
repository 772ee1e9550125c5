// Kernel errno -> the SDK's typed LinkError classes, plus the one error class
// the SDK lacks: a bad argument other than the name (VLAN id, MTU, MAC).
import { LinkError, LinkExistsError, LinkNotSupportedError, LinkOperation, LinkPermissionError, NoSuchLinkError } from '@osvif/sdk';
import { KernelError } from './netlink/socket';

/** An argument other than the interface name is out of range or malformed; nothing was sent to the kernel. */
export class InvalidLinkArgumentError extends LinkError {
  static override readonly code = 'INVALID_LINK_ARGUMENT';
  constructor(
    operation: LinkOperation,
    ifname: string,
    readonly argument: string,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(operation, ifname, undefined, `${operation} ${ifname}: invalid ${argument} ${JSON.stringify(value)}: ${reason}`);
  }
}

export interface ErrorContext {
  readonly operation: LinkOperation;
  readonly ifname: string;
  /** What the kernel would lack if it answered EOPNOTSUPP, e.g. '8021q VLAN'. */
  readonly feature?: string;
  /** Extra words for the message, e.g. 'bridge' or 'master br0'. */
  readonly detail?: string;
}

export function linkErrorFromErrno(code: string, ctx: ErrorContext): LinkError {
  const what = `${ctx.operation} ${ctx.detail ? `${ctx.detail} ` : ''}${ctx.ifname}`;
  switch (code) {
    case 'EEXIST':
      return new LinkExistsError(ctx.operation, ctx.ifname, code, `${what}: interface already exists (EEXIST)`);
    case 'ENODEV':
      return new NoSuchLinkError(ctx.operation, ctx.ifname, code, `${what}: no such device (ENODEV)`);
    case 'EPERM':
    case 'EACCES':
      return new LinkPermissionError(ctx.operation, ctx.ifname, code, `${what}: permission denied (${code}); needs CAP_NET_ADMIN`);
    case 'EOPNOTSUPP': {
      const feature = ctx.feature ?? `${ctx.operation}${ctx.detail ? ` ${ctx.detail}` : ''}`;
      const by = ctx.operation === 'create' ? ' by this kernel' : '';
      return new LinkNotSupportedError(ctx.operation, ctx.ifname, code, feature, `${what}: not supported${by}: ${feature} (EOPNOTSUPP)`);
    }
    default:
      return new LinkError(ctx.operation, ctx.ifname, code, `${what}: kernel error ${code}`);
  }
}

/** Re-throws a KernelError as the matching LinkError; anything else passes through. */
export function toLinkError(e: unknown, ctx: ErrorContext): unknown {
  return e instanceof KernelError ? linkErrorFromErrno(e.errnoName, ctx) : e;
}
