// @osvif/netlink-socket: an AF_NETLINK datagram socket for Node, and nothing else. The runtime frames its own
// rtnetlink messages (packages/runtime/src/host/netlink); this package only opens, binds, sends and receives.
// The addon is netlink 0.3.0's (native/binding.cc, its prebuilt N-API binaries in prebuilds/), vendored so
// that osvif owns its core path and consumers get no @types/node@12 (README.md: why, and how to rebuild).
import { EventEmitter } from 'node:events';
import { constants } from 'node:os';

/** Netlink protocol numbers (<linux/netlink.h>). */
export const NetlinkProtocol = {
  /** NETLINK_ROUTE: links, addresses, routes (rtnetlink). */
  ROUTE: 0,
  /** NETLINK_GENERIC. */
  GENERIC: 16,
} as const;

/** Options of {@link NetlinkSocket}. */
export interface NetlinkSocketOptions {
  /** SO_RCVBUF in bytes (the kernel doubles it). */
  readonly recvBufferSize?: number;
  /** SO_SNDBUF in bytes. */
  readonly sendBufferSize?: number;
  /** Multicast groups to join at bind time (a bit mask). */
  readonly groups?: number;
}

/** Where a message came from (the kernel is port 0). */
export interface NetlinkMessageInfo {
  readonly port: number;
  readonly groups: number;
  /** Set when the datagram was longer than the buffer: it arrived cut (never with the default peeking). */
  readonly truncated?: boolean;
}

/** A failed send or receive: the errno (negative, as libuv gives it) and its name. */
export interface NetlinkSocketError extends Error {
  readonly errno: number;
  readonly code?: string;
}

interface NativeSocket {
  bind(port: number, groups: number): void;
  send(port: number, groups: number, data: Buffer | readonly Buffer[], callback: (error?: NetlinkSocketError) => void): void;
  close(): void;
  ref(): void;
  unref(): void;
  address(): { port: number; groups: number };
  setRecvBufferSize(size: number): void;
  setSendBufferSize(size: number): void;
}

type NativeConstructor = new (
  protocol: number,
  msgBuffer: number,
  onMessage: (data: Buffer, info: NetlinkMessageInfo) => void,
  onError: (error: Error) => void,
) => NativeSocket;

let binding: { NativeNetlink: NativeConstructor } | undefined;

/** The addon: a prebuilt binary for this platform (prebuilds/), else one built here (build/Release). */
function native(): NativeConstructor {
  binding ??= (require('node-gyp-build') as (dir: string) => { NativeNetlink: NativeConstructor })(`${__dirname}/..`);
  return binding.NativeNetlink;
}

/** Port numbers as libnl picks them: the pid in the low 22 bits, a counter above (the first 32 left to libnl-1). */
let portCounter = 32;
function nextLocalPort(): number {
  const port = ((portCounter << 22) | (process.pid & 0x3fffff)) >>> 0;
  portCounter = (portCounter + 1) & 0x3ff;
  return port;
}

/**
 * A bound AF_NETLINK socket. Emits `message` (data, info) for each datagram received and `error`; sends are
 * asynchronous (libuv). Referenced while open unless {@link NetlinkSocket.unref} is called, as dgram sockets.
 */
export class NetlinkSocket extends EventEmitter {
  private readonly native: NativeSocket;

  constructor(protocol: number, options: NetlinkSocketOptions = {}) {
    super();
    const Native = native();
    this.native = new Native(
      protocol,
      0, // peek the size of each message, so none is ever cut
      (data, info) => this.deliver('message', data, info),
      (error) => this.deliver('error', error),
    );
    try {
      if (options.recvBufferSize) this.native.setRecvBufferSize(options.recvBufferSize);
      if (options.sendBufferSize) this.native.setSendBufferSize(options.sendBufferSize);
      this.bindFreePort(options.groups ?? 0);
    } catch (e) {
      this.native.close();
      throw e;
    }
  }

  /**
   * Emits from inside the addon's callback. A listener that throws must not unwind into the addon's C++ (the
   * process would abort, "terminate called"): the exception is rethrown from the next loop turn instead, as
   * an ordinary uncaught exception with its JavaScript stack.
   */
  private deliver(event: 'message' | 'error', ...args: unknown[]): void {
    try {
      this.emit(event, ...args);
    } catch (e) {
      // Not process.nextTick: the tick queue is drained inside the addon's callback scope, still in C++.
      setImmediate(() => {
        throw e;
      });
    }
  }

  private bindFreePort(groups: number): void {
    for (let tries = 0; tries < 100; tries++) {
      try {
        this.native.bind(nextLocalPort(), groups);
        return;
      } catch (e) {
        if ((e as { errno?: number }).errno !== constants.errno.EADDRINUSE) throw e;
      }
    }
    throw new Error('netlink: no free local port after 100 tries');
  }

  /**
   * Sends one datagram (to the kernel: port 0); several buffers are one datagram, gathered (sendmsg with an
   * iovec each). `callback` gets the send error, if any (without one, it is emitted as `error`).
   */
  send(
    data: Buffer | readonly Buffer[],
    callback?: (error?: NetlinkSocketError) => void,
    to: { port?: number; groups?: number } = {},
  ): void {
    this.native.send(to.port ?? 0, to.groups ?? 0, data, (error) => {
      if (callback) callback(error);
      else if (error) this.emit('error', error);
    });
  }

  /** The local address the socket is bound to. */
  address(): { port: number; groups: number } {
    return this.native.address();
  }

  /** Keeps the event loop alive while the socket is open (the default). */
  ref(): void {
    this.native.ref();
  }

  /** Lets the process exit while the socket is open. */
  unref(): void {
    this.native.unref();
  }

  /** Closes the socket; sends not yet made are dropped. Close it before the thread that opened it ends (a worker). */
  close(): void {
    this.native.close();
    this.emit('close');
  }
}
