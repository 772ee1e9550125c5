// The default transport: slow requests on the worker thread, quick ones from the caller's thread when they
// cannot wait behind a slow one of ours.
//
// Only link deletes are slow (RTM_DELLINK waits for RCU grace periods inside sendmsg while holding the rtnl
// lock: 20-40 ms alone, ~17 ms per bridge in a group). Everything else (lookups, creations, settings) takes
// well under a millisecond, and a thread hop for each costs more than the request itself (~0.1-0.4 ms here
// on a loaded machine): generic VIF throughput fell to a third when every request crossed to the worker.
// So a request goes to the worker when it is a delete, or when any request is outstanding on the worker
// (while our delete holds the rtnl lock, a lookup sent from this thread would block in sendmsg until it is
// done: measured 710 ms during a 50-bridge group delete). Otherwise it is sent from this thread. Requests
// of one turn flush in the order they were issued (setImmediate is FIFO), so a quick request sent here
// never runs beside a delete issued after it.
import type { LinkRequest } from '../requests';
import { RtnlSocket, RtnlSocketOptions, RtnlTransport, Settled } from '../socket';
import * as C from '../constants';
import { WorkerRtnlSocket } from './worker-socket';

const isSlow = (r: LinkRequest): boolean => r.type === C.RTM_DELLINK;

export class SplitRtnlSocket implements RtnlTransport {
  private readonly local: RtnlSocket;
  private readonly remote: WorkerRtnlSocket;
  private outstanding = 0;
  /** Requests sent from this thread and through the worker (tests and the bench look at the split). */
  readonly counts = { local: 0, worker: 0 };

  constructor(options: RtnlSocketOptions = {}) {
    this.local = new RtnlSocket(options);
    this.remote = new WorkerRtnlSocket(options);
  }

  request(req: LinkRequest): Promise<Buffer[]> {
    if (!this.toWorker([req])) return this.viaLocal(() => this.local.request(req));
    return this.viaWorker(() => this.remote.request(req));
  }

  requestAll(reqs: readonly LinkRequest[]): Promise<Settled[]> {
    if (!this.toWorker(reqs)) return this.viaLocal(() => this.local.requestAll(reqs));
    return this.viaWorker(() => this.remote.requestAll(reqs));
  }

  close(): void {
    this.local.close();
    this.remote.close();
  }

  private toWorker(reqs: readonly LinkRequest[]): boolean {
    return this.outstanding > 0 || reqs.some(isSlow);
  }

  private viaLocal<T>(send: () => Promise<T>): Promise<T> {
    this.counts.local++;
    return send();
  }

  private async viaWorker<T>(send: () => Promise<T>): Promise<T> {
    this.counts.worker++;
    this.outstanding++;
    try {
      return await send();
    } finally {
      this.outstanding--;
    }
  }
}
