// One rtnetlink socket, reused for every request. The `netlink` package gives
// the raw socket (its N-API addon); this class frames requests, matches
// replies by sequence number, and sends every request issued in one turn of
// the event loop as ONE sendmsg (the kernel runs each message of a batch in
// turn and answers each on its own). With many VIFs in flight, the addon's
// per-send cost (an async context, a poll restart, the syscall) was most of
// a lookup's CPU. Errors come back as KernelError with errno.
import { channel } from 'node:diagnostics_channel';
import { NetlinkProtocol, NetlinkSocket } from '@osvif/netlink-socket';
import type { LinkRequest } from './requests';
import { NLM_F_ACK, NLM_F_REQUEST, NLMSG_DONE, NLMSG_ERROR } from './constants';
import { RequestGate } from './gate';
import { OsvifError, type Logger } from '@osvif/objects';
import { errnoName } from './errno';
/**
 * Every sendmsg's request count, `{ messages }`, for whoever subscribes (the daemon's netlink batch histogram).
 * Published in the thread that sends; the worker forwards its own to the caller's thread (worker/).
 */
export const NETLINK_BATCH_CHANNEL = 'osvif:netlink:batch';
const batchChannel = channel(NETLINK_BATCH_CHANNEL);

/**
 * The kernel answered a request with a negative errno. Internal: NetlinkLinkApi
 * turns it into a LinkError (which has the caller's stack) or an answer
 * ("no such link" for exists/get), so it skips the stack capture, which cost
 * more than the netlink round trip on every absent-link lookup. `errnoName` is the errno's name
 * ('ENODEV', ...); `code` is KERNEL_ERROR, as for every OsvifError.
 */
export class KernelError extends OsvifError {
  static readonly code = 'KERNEL_ERROR';
  readonly errno: number;
  readonly errnoName: string;
  constructor(errno: number, errName: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(KernelError.code, `kernel rejected the request: ${errName}`);
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.errno = errno;
    this.errnoName = errName;
  }
}

export interface RtnlSocketOptions {
  /** Milliseconds to wait for a reply before failing with ETIMEDOUT (default 10000). */
  readonly timeoutMs?: number;
  /** At most this many requests per sendmsg (default 64: their replies must fit the 1 MiB receive buffer). */
  readonly maxBatch?: number;
  /**
   * At most this many requests sent and not yet answered (default 256); more wait for answers. About 700
   * link lookups outstanding overflowed the receive buffer, and the addon then aborted the process
   * ("terminate called ... Error in native callback") instead of reporting ENOBUFS.
   */
  readonly maxInFlight?: number;
  /** Gets a debug record `netlink batch sent` {messages} per sendmsg (the daemon's metrics count them). */
  readonly logger?: Logger;
}

/** One request's outcome in {@link RtnlTransport.requestAll}: the reply payloads, or the kernel's error. */
export type Settled = { readonly parts: Buffer[]; readonly error?: undefined } | { readonly error: KernelError };

/** What NetlinkLinkApi talks to: this socket in the caller's thread, or the same socket in a worker (worker-socket.ts). */
export interface RtnlTransport {
  /** One request; resolves with the reply payloads (a dump's parts), rejects with KernelError. */
  request(req: LinkRequest): Promise<Buffer[]>;
  /**
   * Several requests in ONE sendmsg, run by the kernel in order to the end even if the sender dies meanwhile
   * (no signal is checked inside rtnetlink's receive loop): each settles on its own. Not for dumps.
   */
  requestAll(reqs: readonly LinkRequest[]): Promise<Settled[]>;
  /** Fails what is pending (ECANCELED) and closes; the next request opens again. */
  close(): void;
}

interface Pending {
  readonly dump: boolean;
  /** Handed to sendmsg (counted in inFlight until settled). */
  sent: boolean;
  readonly deadline: number;
  readonly parts: Buffer[];
  readonly resolve: (parts: Buffer[]) => void;
  readonly reject: (e: KernelError) => void;
}

const NLMSG_HDRLEN = 16;
const align4 = (n: number): number => (n + 3) & ~3;

export class RtnlSocket implements RtnlTransport {
  private socket: NetlinkSocket | undefined;
  private localPort = 0;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  /** Framed requests waiting for the flush at the end of this turn of the event loop (an entry is never split). */
  private outbox: { seqs: number[]; messages: Buffer[] }[] = [];
  private flushScheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly gate = new RequestGate();
  private readonly timeoutMs: number;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  private inFlight = 0;
  private readonly logger: Logger | undefined;
  /** sendmsg calls made (tests and benchmarks look at batching through it). */
  sends = 0;

  constructor(options: RtnlSocketOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxBatch = Math.max(1, options.maxBatch ?? 64);
    this.maxInFlight = Math.max(this.maxBatch, options.maxInFlight ?? 256);
    this.logger = options.logger;
  }

  /** Opened lazily; the socket keeps the event loop alive only while requests are pending. */
  private open(): NetlinkSocket {
    if (!this.socket) {
      const s = new NetlinkSocket(NetlinkProtocol.ROUTE, { recvBufferSize: 1 << 20, sendBufferSize: 1 << 18 });
      // Without a listener an 'error' event would throw; pending requests still time out.
      s.on('error', () => undefined);
      s.on('message', (buf) => this.onMessage(buf));
      s.unref();
      this.localPort = s.address().port;
      this.socket = s;
    }
    return this.socket;
  }

  /**
   * Sends the request with NLM_F_REQUEST|NLM_F_ACK and resolves with the
   * payloads of the reply messages (empty for a bare ACK).
   */
  request(req: LinkRequest): Promise<Buffer[]> {
    const dump = (req.flags & 0x300) === 0x300;
    return this.gate.run(dump, () => this.exchange(req, dump));
  }

  close(): void {
    const s = this.socket;
    this.socket = undefined;
    this.outbox = [];
    this.inFlight = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const [seq, p] of this.pending) {
      this.pending.delete(seq);
      p.reject(new KernelError(125, 'ECANCELED'));
    }
    s?.close();
  }

  requestAll(reqs: readonly LinkRequest[]): Promise<Settled[]> {
    if (reqs.length === 0) return Promise.resolve([]);
    return this.gate.run(false, async () => {
      const socket = this.open();
      const framed = reqs.map((r) => this.frame(r));
      const settled = framed.map(
        ({ seq }) =>
          new Promise<Settled>((resolve) =>
            this.track(
              socket,
              seq,
              false,
              (parts) => resolve({ parts }),
              (error) => resolve({ error }),
            ),
          ),
      );
      this.enqueue(
        framed.map((f) => f.seq),
        framed.map((f) => f.message),
      );
      return Promise.all(settled);
    });
  }

  private exchange(req: LinkRequest, dump: boolean): Promise<Buffer[]> {
    const socket = this.open();
    const { seq, message } = this.frame(req);
    return new Promise((resolve, reject) => {
      this.track(socket, seq, dump, resolve, reject);
      this.enqueue([seq], [message]);
    });
  }

  private frame(req: LinkRequest): { seq: number; message: Buffer } {
    const seq = this.nextSeq();
    const length = NLMSG_HDRLEN + req.payload.length;
    const message = Buffer.alloc(align4(length));
    message.writeUInt32LE(length, 0);
    message.writeUInt16LE(req.type, 4);
    message.writeUInt16LE(req.flags | NLM_F_REQUEST | NLM_F_ACK, 6);
    message.writeUInt32LE(seq, 8);
    message.writeUInt32LE(this.localPort, 12);
    req.payload.copy(message, NLMSG_HDRLEN);
    return { seq, message };
  }

  private track(socket: NetlinkSocket, seq: number, dump: boolean, resolve: Pending['resolve'], reject: Pending['reject']): void {
    if (this.pending.size === 0) socket.ref();
    this.pending.set(seq, { dump, sent: false, deadline: Date.now() + this.timeoutMs, parts: [], resolve, reject });
    this.timer ??= setTimeout(() => this.expire(), this.timeoutMs);
  }

  private enqueue(seqs: number[], messages: Buffer[]): void {
    this.outbox.push({ seqs, messages });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private nextSeq(): number {
    do this.seq = this.seq >= 0xffffffff ? 1 : this.seq + 1;
    while (this.pending.has(this.seq));
    return this.seq;
  }

  /** One sendmsg per batch of up to maxBatch messages (a requestAll entry goes whole); a send error fails exactly that batch. */
  private flush(): void {
    this.flushScheduled = false;
    const socket = this.socket;
    // An entry larger than the bounds still goes when nothing else is in flight (requestAll keeps it whole).
    const fits = (n: number, taken: number): boolean =>
      (taken === 0 || taken + n <= this.maxBatch) && (this.inFlight + taken === 0 || this.inFlight + taken + n <= this.maxInFlight);
    while (socket && this.outbox.length && fits(this.outbox[0].messages.length, 0)) {
      const seqs: number[] = [];
      const messages: Buffer[] = [];
      while (this.outbox.length && fits(this.outbox[0].messages.length, messages.length)) {
        const entry = this.outbox.shift()!;
        seqs.push(...entry.seqs);
        messages.push(...entry.messages);
      }
      this.sends++;
      this.logger?.debug('netlink batch sent', { messages: messages.length });
      if (batchChannel.hasSubscribers) batchChannel.publish({ messages: messages.length });
      for (const seq of seqs) {
        const p = this.pending.get(seq);
        if (p) p.sent = true;
      }
      this.inFlight += seqs.length;
      socket.send(messages, (error) => {
        if (!error) return;
        const errno = Math.abs(error.errno);
        for (const seq of seqs) this.settle(seq, new KernelError(errno, error.code ?? errnoName(errno)));
      });
    }
  }

  /** A datagram holds one or more netlink messages; each belongs to the request with its seq. */
  private onMessage(buf: Buffer): void {
    for (let off = 0; off + NLMSG_HDRLEN <= buf.length;) {
      const length = buf.readUInt32LE(off);
      if (length < NLMSG_HDRLEN || off + length > buf.length) return; // malformed: the request times out
      const type = buf.readUInt16LE(off + 4);
      const seq = buf.readUInt32LE(off + 8);
      const body = buf.subarray(off + NLMSG_HDRLEN, off + length);
      off += align4(length);
      const p = this.pending.get(seq);
      if (!p) continue; // late or foreign
      if (type === NLMSG_ERROR) {
        // int error, then the request's header: 0 is the ACK that ends a plain request.
        const errno = body.length >= 4 ? -body.readInt32LE(0) : 0;
        this.settle(seq, errno === 0 ? undefined : new KernelError(errno, errnoName(errno)));
      } else if (type === NLMSG_DONE && p.dump) {
        const errno = body.length >= 4 ? -body.readInt32LE(0) : 0;
        this.settle(seq, errno > 0 ? new KernelError(errno, errnoName(errno)) : undefined);
      } else {
        p.parts.push(Buffer.from(body)); // own copy: the datagram buffer may be large
      }
    }
  }

  private settle(seq: number, error: KernelError | undefined): void {
    const p = this.pending.get(seq);
    if (!p) return;
    this.pending.delete(seq);
    if (p.sent) {
      this.inFlight--;
      if (this.outbox.length && !this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    }
    if (this.pending.size === 0) {
      this.socket?.unref();
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (error) p.reject(error);
    else p.resolve(p.parts);
  }

  /** One timer for all requests: they share one timeout, so the oldest expires first. */
  private expire(): void {
    this.timer = undefined;
    const now = Date.now();
    for (const [seq, p] of this.pending) {
      if (p.deadline > now) {
        this.timer = setTimeout(() => this.expire(), p.deadline - now);
        return;
      }
      this.settle(seq, new KernelError(110, 'ETIMEDOUT'));
    }
  }
}
