// The worker thread that owns the rtnetlink socket. rtnetlink requests run inside the sender's sendmsg (a
// link delete waits there for RCU grace periods, 20-800 ms), so whichever thread sends is blocked for as
// long: here it is this one, never the caller's event loop.
//
// The socket is closed in this thread before it ends. The addon's libuv handles belong to this thread's
// loop; tearing the worker down with the socket open crashes the process (SIGSEGV). Hence: 'close' from the
// caller closes it first, then the worker exits by itself; the caller's process 'exit' hook sends 'close'
// and waits on `closed` (worker-socket.ts).
import { subscribe } from 'node:diagnostics_channel';
import { parentPort, workerData } from 'node:worker_threads';
import { KernelError, NETLINK_BATCH_CHANNEL, RtnlSocket, Settled } from '../socket';
import type { FromWorker, ToWorker, WireJob, WireResult, WorkerInit } from './protocol';

const init = workerData as WorkerInit;
const closed = new Int32Array(init.closed);
const socket = new RtnlSocket({ timeoutMs: init.timeoutMs, maxBatch: init.maxBatch });
const port = parentPort!;
let outgoing: FromWorker['replies'][number][] = [];
let batches: number[] = [];
let scheduled = false;

// This thread's batches go to the caller's thread with the next replies (channels are per thread).
subscribe(NETLINK_BATCH_CHANNEL, (m) => {
  batches.push((m as { messages: number }).messages); // goes with the replies of the requests it sent
});

function wire(s: Settled): WireResult {
  return s.error ? { errno: s.error.errno, name: s.error.errnoName } : { parts: s.parts };
}

async function run(job: WireJob): Promise<WireResult[]> {
  const reqs = job.reqs.map((r) => ({
    type: r.type,
    flags: r.flags,
    payload: Buffer.from(r.payload.buffer, r.payload.byteOffset, r.payload.length),
  }));
  if (job.all) return (await socket.requestAll(reqs)).map(wire);
  try {
    return [{ parts: await socket.request(reqs[0]) }];
  } catch (e) {
    const k = e instanceof KernelError ? e : new KernelError(5, 'EIO');
    return [{ errno: k.errno, name: k.errnoName }];
  }
}

/** Replies of one turn go back in one postMessage, as requests came. */
function reply(id: number, results: WireResult[]): void {
  outgoing.push({ id, results });
  schedulePost();
}

function schedulePost(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    const message: FromWorker = { replies: outgoing, ...(batches.length ? { batches } : {}) };
    outgoing = [];
    batches = [];
    port.postMessage(message);
  });
}

port.on('message', (m: ToWorker) => {
  if (m.kind === 'close') {
    socket.close(); // fails what is pending with ECANCELED (the caller already did)
    Atomics.store(closed, 0, 1);
    Atomics.notify(closed, 0);
    port.close(); // nothing keeps the worker alive now: it ends
    return;
  }
  for (const job of m.jobs) void run(job).then((results) => reply(job.id, results));
});
