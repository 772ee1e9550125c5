// @osvif/unix-socket: the two Linux Unix-socket calls Node has no API for, as a small N-API addon of our own
// (native/binding.cc, with a prebuilt linux-x64 binary in prebuilds/): who is at the other end of a connected
// Unix stream socket (SO_PEERCRED, SO_PEERGROUPS), and one datagram to a Unix datagram socket (sd_notify).
// README.md says why no npm package does this for us.
import type { Socket } from 'node:net';

/** The credentials the kernel recorded for the peer of a connected Unix socket, at connect() time. */
export interface PeerCredentials {
  readonly pid: number;
  readonly uid: number;
  /** The peer's primary group. */
  readonly gid: number;
  /** The peer's supplementary groups (SO_PEERGROUPS; empty on kernels before 4.13). */
  readonly groups: readonly number[];
}

interface Native {
  peerCredentials(fd: number): PeerCredentials;
  sendDatagram(path: string, data: Buffer): void;
}

let binding: Native | undefined;
function native(): Native {
  binding ??= (require('node-gyp-build') as (dir: string) => Native)(`${__dirname}/..`);
  return binding;
}

/**
 * The peer's credentials of a connected Unix stream socket (a net.Socket accepted by a net.Server listening on
 * a path), read with getsockopt(SO_PEERCRED). Throws if the socket has no file descriptor (closed, or not a Unix
 * socket: then the kernel's errno is in the error).
 */
export function peerCredentials(socket: Socket): PeerCredentials {
  // libuv's pipe handle exposes its descriptor; Node has no public accessor for it.
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) throw new Error('peerCredentials: the socket has no file descriptor (closed?)');
  return native().peerCredentials(fd);
}

/**
 * Sends one datagram to the Unix datagram socket at `path` (`@name`: an abstract socket name), without
 * blocking; throws with the errno on failure.
 */
export function sendDatagram(path: string, data: Buffer | string): void {
  native().sendDatagram(path, typeof data === 'string' ? Buffer.from(data) : data);
}

/**
 * systemd's sd_notify(3): sends `state` (e.g. `READY=1`, `STOPPING=1`, `RELOADING=1`) to `$NOTIFY_SOCKET`.
 * Returns false when the variable is unset (not started by systemd with Type=notify), true when sent.
 */
export function sdNotify(state: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const path = env.NOTIFY_SOCKET;
  if (!path) return false;
  sendDatagram(path, state);
  return true;
}
