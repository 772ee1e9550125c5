// Messages between WorkerRtnlSocket (the caller's thread) and the worker that owns the netlink socket.
// Buffers cross as copies (structured clone): the payloads are small, and a reply's parts may share
// Node's buffer pool, which must not be transferred.

/** A request as it crosses the thread boundary. */
export interface WireRequest {
  readonly type: number;
  readonly flags: number;
  readonly payload: Uint8Array;
}

/** One caller's job: a single request (a dump may be one), or several for one sendmsg (requestAll). */
export interface WireJob {
  readonly id: number;
  readonly reqs: readonly WireRequest[];
  readonly all: boolean;
}

/** One request's outcome. */
export type WireResult = { readonly parts: readonly Uint8Array[] } | { readonly errno: number; readonly name: string };

/** To the worker: the jobs of one turn of the caller's event loop, or "close the socket and exit". */
export type ToWorker = { readonly kind: 'jobs'; readonly jobs: readonly WireJob[] } | { readonly kind: 'close' };

/** From the worker: the answers of one turn of its event loop. */
export interface FromWorker {
  readonly replies: readonly { readonly id: number; readonly results: readonly WireResult[] }[];
  /** Request counts of the sendmsg calls made since the last message (republished on the caller's thread). */
  readonly batches?: readonly number[];
}

/** What the worker starts with. `closed` is an Int32Array's buffer: 1 once the socket is closed (the exit hook waits on it). */
export interface WorkerInit {
  readonly timeoutMs?: number;
  readonly maxBatch?: number;
  readonly closed: SharedArrayBuffer;
}
