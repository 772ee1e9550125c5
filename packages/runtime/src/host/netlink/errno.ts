import { getSystemErrorName } from 'node:util';

// Linux names for the errnos link operations meet. libuv would call 95 "ENOTSUP";
// the kernel and iproute2 call it EOPNOTSUPP, and so do we.
const NAMES: Record<number, string> = {
  1: 'EPERM',
  2: 'ENOENT',
  13: 'EACCES',
  16: 'EBUSY',
  17: 'EEXIST',
  19: 'ENODEV',
  22: 'EINVAL',
  34: 'ERANGE',
  95: 'EOPNOTSUPP',
  99: 'EADDRNOTAVAIL',
  105: 'ENOBUFS',
  110: 'ETIMEDOUT',
  40: 'ELOOP',
};

export function errnoName(errno: number): string {
  if (NAMES[errno]) return NAMES[errno];
  try {
    return getSystemErrorName(-errno);
  } catch {
    return `errno ${errno}`;
  }
}
