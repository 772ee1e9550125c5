// The rtnetlink socket on a worker thread, behind the same RtnlTransport as the in-thread RtnlSocket:
// a slow kernel call (a delete waits for RCU grace periods inside sendmsg; a batched delete of 50 links
// took 841 ms) blocks the worker, never the caller's event loop. Requests of one turn of the caller's
// loop cross in one postMessage; the worker batches them into sendmsg calls as RtnlSocket does.
//
// Teardown: the worker must close its socket before it ends (the addon crashes the process otherwise,
// worker/rtnl-worker.ts). close() asks it to; a process that exits with the worker alive (process.exit,
// the end of the loop: the worker is unreferenced while idle) does the same from an 'exit' hook and waits
// for the worker to confirm (Atomics.wait), at most EXIT_WAIT_MS.
import { channel } from 'node:diagnostics_channel';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LinkRequest } from '../requests';
import { KernelError, NETLINK_BATCH_CHANNEL, RtnlSocketOptions, RtnlTransport, Settled } from '../socket';
import type { FromWorker, ToWorker, WireJob, WireResult, WorkerInit } from './protocol';

/** Longest a process exit waits for a worker to close its socket (it may be inside a long batched delete). */
const EXIT_WAIT_MS = 10_000;

interface Job {
  readonly count: number;
  readonly resolve: (results: Settled[]) => void;
}

interface Live {
  readonly worker: Worker;
  readonly closed: Int32Array;
}

const live = new Set<Live>();
const batchChannel = channel(NETLINK_BATCH_CHANNEL);
let exitHooked = false;

/** Before the process's environment (and its workers') is torn down: every socket closed in its own thread. */
function closeAllOnExit(): void {
  for (const w of live) {
    w.worker.postMessage({ kind: 'close' } satisfies ToWorker);
  }
  const deadline = Date.now() + EXIT_WAIT_MS;
  for (const w of live) {
    const left = deadline - Date.now();
    if (left > 0) Atomics.wait(w.closed, 0, 0, left);
  }
  live.clear();
}

/** The compiled worker script: next to this module in dist/, or in dist/ when this module runs from src/ (ts-jest). */
function workerScript(): string {
  const here = join(__dirname, 'rtnl-worker.js');
  if (existsSync(here)) return here;
  return join(__dirname, '../../../../dist/host/netlink/worker/rtnl-worker.js');
}

export class WorkerRtnlSocket implements RtnlTransport {
  private live: Live | undefined;
  private nextId = 0;
  private readonly jobs = new Map<number, Job>();
  private outbox: WireJob[] = [];
  private flushScheduled = false;

  constructor(private readonly options: RtnlSocketOptions = {}) {}

  async request(req: LinkRequest): Promise<Buffer[]> {
    const [result] = await this.submit([req], false);
    if (result.error) throw result.error;
    return result.parts;
  }

  requestAll(reqs: readonly LinkRequest[]): Promise<Settled[]> {
    return reqs.length ? this.submit(reqs, true) : Promise.resolve([]);
  }

  /** Fails what is pending (ECANCELED), asks the worker to close its socket and end; the next request starts another. */
  close(): void {
    const w = this.live;
    this.live = undefined;
    this.outbox = [];
    if (w) {
      w.worker.postMessage({ kind: 'close' } satisfies ToWorker);
      w.worker.ref(); // the process waits for the worker to have closed its socket and ended
    }
    this.cancelAll();
  }

  private submit(reqs: readonly LinkRequest[], all: boolean): Promise<Settled[]> {
    const w = this.start();
    const id = ++this.nextId;
    return new Promise((resolve) => {
      if (this.jobs.size === 0) w.worker.ref();
      this.jobs.set(id, { count: reqs.length, resolve });
      this.outbox.push({ id, all, reqs: reqs.map((r) => ({ type: r.type, flags: r.flags, payload: r.payload })) });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    if (!this.live || this.outbox.length === 0) return;
    const jobs = this.outbox;
    this.outbox = [];
    this.live.worker.postMessage({ kind: 'jobs', jobs } satisfies ToWorker);
  }

  private start(): Live {
    if (this.live) return this.live;
    const closed = new Int32Array(new SharedArrayBuffer(4));
    const init: WorkerInit = {
      timeoutMs: this.options.timeoutMs,
      maxBatch: this.options.maxBatch,
      closed: closed.buffer as SharedArrayBuffer,
    };
    const worker = new Worker(workerScript(), { workerData: init });
    const w: Live = { worker, closed };
    worker.unref(); // referenced only while requests are pending
    worker.on('message', (m: FromWorker) => {
      for (const { id, results } of m.replies) this.settle(id, results);
      if (m.batches && batchChannel.hasSubscribers) for (const messages of m.batches) batchChannel.publish({ messages });
    });
    const gone = (): void => {
      live.delete(w);
      if (this.live === w) {
        this.live = undefined;
        this.cancelAll();
      }
    };
    worker.on('error', gone);
    worker.on('exit', gone);
    live.add(w);
    if (!exitHooked) {
      exitHooked = true;
      process.on('exit', closeAllOnExit);
    }
    this.live = w;
    return w;
  }

  private settle(id: number, results: readonly WireResult[]): void {
    const job = this.jobs.get(id);
    if (!job) return;
    this.jobs.delete(id);
    if (this.jobs.size === 0) this.live?.worker.unref();
    job.resolve(results.map(fromWire));
  }

  private cancelAll(): void {
    const jobs = [...this.jobs.values()];
    this.jobs.clear();
    // The worker answers nothing more: every request of a job fails as RtnlSocket.close() fails it.
    for (const job of jobs) job.resolve(Array.from({ length: job.count }, () => ({ error: new KernelError(125, 'ECANCELED') })));
  }
}

function fromWire(r: WireResult): Settled {
  if ('errno' in r) return { error: new KernelError(r.errno, r.name) };
  return { parts: r.parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.length)) };
}
