// One rtnetlink socket, reused for every request. The `netlink` package gives
// the socket, sequence numbers and reply matching; this class adds the
// request/ACK discipline we need: errors come back as KernelError with errno.
import { createNetlink, NetlinkSocket, Protocol, parseError } from 'netlink';
import type { LinkRequest } from './requests';
import { NLMSG_ERROR } from './constants';
import { RequestGate } from './gate';
import { errnoName } from './errno';

/**
 * The kernel answered a request with a negative errno. Internal: NetlinkLinkApi
 * turns it into a LinkError (which has the caller's stack) or an answer
 * ("no such link" for exists/get), so it skips the stack capture, which cost
 * more than the netlink round trip on every absent-link lookup.
 */
export class KernelError extends Error {
  readonly errno: number;
  readonly code: string;
  constructor(errno: number, code: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(`kernel rejected the request: ${code}`);
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.errno = errno;
    this.code = code;
    this.name = 'KernelError';
  }
}

export interface RtnlSocketOptions {
  /** Milliseconds to wait for a reply before failing with ETIMEDOUT (default 10000). */
  readonly timeoutMs?: number;
}

export class RtnlSocket {
  private socket: NetlinkSocket | undefined;
  /** Our bound port id, read once: the library otherwise asks the kernel (getsockname) per request. */
  private localPort = 0;
  private readonly gate = new RequestGate();
  private readonly timeoutMs: number;

  constructor(options: RtnlSocketOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Opened lazily; the socket only keeps the event loop alive while requests are pending. */
  private open(): NetlinkSocket {
    if (!this.socket) {
      const s = createNetlink(Protocol.ROUTE, { recvBufferSize: 1 << 20, sendBufferSize: 1 << 18 });
      // Without a listener an 'error' event would throw; pending requests still time out.
      s.on('error', () => undefined);
      this.localPort = s.address().port;
      this.socket = s;
    }
    return this.socket;
  }

  /**
   * Sends the request with NLM_F_REQUEST|NLM_F_ACK and resolves with the
   * payloads of the reply messages (empty for a bare ACK).
   */
  async request(req: LinkRequest): Promise<Buffer[]> {
    const dump = (req.flags & 0x300) === 0x300;
    return this.gate.run(dump, async () => {
      let msgs;
      try {
        [msgs] = await this.open().request(req.type, req.payload, { flags: req.flags, checkError: false, timeout: this.timeoutMs, localPort: this.localPort });
      } catch (e) {
        if (e instanceof Error && /Timeout/.test(e.message)) throw new KernelError(110, 'ETIMEDOUT');
        const errno = (e as NodeJS.ErrnoException).errno;
        const code = (e as NodeJS.ErrnoException).code;
        if (typeof errno === 'number') throw new KernelError(Math.abs(errno), code ?? errnoName(Math.abs(errno)));
        throw e;
      }
      const out: Buffer[] = [];
      for (const m of msgs) {
        const data = Buffer.isBuffer(m.data) ? m.data : Buffer.concat(Array.isArray(m.data) ? m.data : [m.data]);
        if (m.type === NLMSG_ERROR) {
          const { errno } = parseError(data, m.flags);
          if (errno !== 0) throw new KernelError(-errno, errnoName(-errno));
          continue;
        }
        out.push(data);
      }
      return out;
    });
  }

  close(): void {
    this.socket?.close();
    this.socket = undefined;
  }
}
